/**
 * The TCP side: accepts connections on loopback, frames messages, hands each command to the
 * engine and writes the reply back with `responseTo` set to the request's id.
 *
 * Commands on one connection run one after another, in arrival order, as on a mongod: a client
 * that pipelines (e.g. fire-and-forget writes followed by a read) sees its own writes. Parallelism
 * comes from the driver's connection pool, not from within a connection.
 */
import net from 'node:net';
import type { Document } from 'bson';
import { MessageFramer } from './framer';
import {
  commandFromOpQuery,
  decodeMessage,
  encodeOpMsg,
  encodeOpReply,
  ProtocolError,
  REPLY_FLAG_QUERY_FAILURE,
  type Request,
} from './messages';

export interface CommandRunner {
  runCommand(cmd: Document, ctx?: { connectionId?: number }): Promise<Document>;
}

export interface WireLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WireServerOptions {
  host: string;
  port: number;
  runner: CommandRunner;
  logger?: WireLogger;
}

/** Error code mongod uses when a reply would exceed the BSON size limit. */
const BSON_OBJECT_TOO_LARGE = 10334;

interface Connection {
  id: number;
  socket: net.Socket;
  /** Tail of this connection's command chain: the next command starts when it settles. */
  queue: Promise<void>;
}

export class WireServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private nextRequestId = 1;
  private closing = false;

  private constructor(private readonly options: WireServerOptions) {
    this.server = net.createServer((socket) => this.accept(socket));
    // A failure of the listening socket after start-up is logged; it must not take the process down.
    this.server.on('error', (err) => this.options.logger?.error({ err }, 'embedded-mongo listener error'));
  }

  static async listen(options: WireServerOptions): Promise<WireServer> {
    const wire = new WireServer(options);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      wire.server.once('error', onError);
      wire.server.listen(options.port, options.host, () => {
        wire.server.off('error', onError);
        resolve();
      });
    });
    return wire;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('wire server is not listening');
    return address.port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, lets commands already received finish, then closes every connection. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const inFlight = [...this.connections].map((c) => c.queue);
    // Bounded: a command stuck for seconds should not hold shutdown forever.
    await Promise.race([Promise.allSettled(inFlight), delay(2000)]);
    for (const c of this.connections) c.socket.destroy();
    this.connections.clear();
    await stopped;
  }

  private accept(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    // Replies are small and latency-bound; Nagle would hold each one back waiting for an ACK.
    socket.setNoDelay(true);
    const conn: Connection = { id: this.nextConnectionId++, socket, queue: Promise.resolve() };
    this.connections.add(conn);
    const framer = new MessageFramer();

    socket.on('data', (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = framer.push(chunk);
      } catch (err) {
        this.dropConnection(conn, err as Error);
        return;
      }
      for (const message of messages) {
        conn.queue = conn.queue.then(() => this.handle(conn, message));
      }
    });
    // ECONNRESET and friends: the client went away. Nothing to answer; just forget the connection.
    socket.on('error', (err) => {
      if (!this.closing)
        this.options.logger?.info({ err: err.message, connectionId: conn.id }, 'connection error');
    });
    socket.on('close', () => this.connections.delete(conn));
  }

  private dropConnection(conn: Connection, err: Error): void {
    this.options.logger?.warn(
      { err: err.message, connectionId: conn.id },
      'closing connection: protocol error',
    );
    conn.socket.destroy();
  }

  private async handle(conn: Connection, message: Buffer): Promise<void> {
    if (conn.socket.destroyed) return;
    let request: Request;
    try {
      request = decodeMessage(message);
    } catch (err) {
      // After a malformed message we can no longer trust the stream: close, as mongod does.
      this.dropConnection(conn, err instanceof ProtocolError ? err : new ProtocolError(String(err)));
      return;
    }
    try {
      const reply = await this.execute(conn, request);
      if (reply && !conn.socket.destroyed) conn.socket.write(reply);
    } catch (err) {
      // The engine promises never to throw; if it does anyway, this connection is the casualty.
      this.options.logger?.error({ err, connectionId: conn.id }, 'command handling failed');
      conn.socket.destroy();
    }
  }

  private async execute(conn: Connection, request: Request): Promise<Buffer | null> {
    const responseTo = request.header.requestId;
    if (request.kind === 'msg') {
      const reply = await this.options.runner.runCommand(request.command, { connectionId: conn.id });
      // moreToCome: the client (w:0) will not read a reply, so none is sent.
      if (request.moreToCome) return null;
      // exhaustAllowed is accepted but never acted on: we always answer one message per request,
      // which a client that allowed exhaust still handles (it simply asks again).
      return this.encode(reply, (doc) => encodeOpMsg(doc, this.requestId(), responseTo));
    }
    const command = commandFromOpQuery(request);
    if (!command) {
      const failure = { $err: 'legacy OP_QUERY is only supported for commands', code: 352, ok: 0 };
      return encodeOpReply([failure], this.requestId(), responseTo, REPLY_FLAG_QUERY_FAILURE);
    }
    const reply = await this.options.runner.runCommand(command, { connectionId: conn.id });
    return this.encode(reply, (doc) => encodeOpReply([doc], this.requestId(), responseTo));
  }

  /** Request ids are int32 on the wire; wrap before overflowing. */
  private requestId(): number {
    const id = this.nextRequestId;
    this.nextRequestId = id >= 0x7fffffff ? 1 : id + 1;
    return id;
  }

  private encode(reply: Document, encoder: (doc: Document) => Buffer): Buffer {
    try {
      return encoder(reply);
    } catch (err) {
      return encoder({
        ok: 0,
        errmsg: `reply could not be encoded: ${(err as Error).message}`,
        code: BSON_OBJECT_TOO_LARGE,
        codeName: 'BSONObjectTooLarge',
      });
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
