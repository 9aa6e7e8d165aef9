/**
 * Test support for realtime: an instance of the realtime layer on its own HTTP server (127.0.0.1,
 * free port) and its own mongoose connection, so a test can run two against one store as two API
 * processes would; an Authenticator that knows the actors a test made up; socket.io clients that
 * collect what they receive. Not imported by application code.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose, { Types, type Connection } from 'mongoose';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import {
  ErrorCode,
  REALTIME_CAUGHT_UP,
  type RealtimeCaughtUp,
  type RealtimeConnectErrorData,
} from '@linli/shared';
import type { Authenticator } from '../auth';
import type { Clock } from '../clock';
import type { Actor } from '../context';
import { AppError, Unauthorized } from '../errors';
import { captureLogger, testConfig } from '../testing';
import { InboxDelivery } from './delivery';
import { attachRealtime, type RealtimeServer } from './index';

/** Tokens are whatever the test says they are: `issue(actor)` hands one out, `expire` spoils it. */
export class FakeAuthenticator implements Authenticator {
  private readonly actors = new Map<string, Actor>();
  private readonly expired = new Set<string>();
  private issued = 0;

  issue(actor: Actor): string {
    const token = `token-${++this.issued}`;
    this.actors.set(token, actor);
    return token;
  }

  expire(token: string): void {
    this.expired.add(token);
  }

  async authenticate(token: string): Promise<Actor> {
    if (this.expired.has(token)) throw new AppError(ErrorCode.TOKEN_EXPIRED, 'access token expired');
    const actor = this.actors.get(token);
    if (!actor) throw Unauthorized();
    return actor;
  }
}

export function makeActor(overrides: Partial<Actor> = {}): Actor {
  return { userId: new Types.ObjectId().toHexString(), grants: [], homes: [], tags: [], ...overrides };
}

export interface RealtimeInstance {
  url: string;
  io: RealtimeServer;
  delivery: InboxDelivery;
  connection: Connection;
  /** Database commands sent by this instance so far, by name (e.g. 'insert', 'update'). */
  commands: string[];
  stop(): Promise<void>;
}

export async function startRealtimeInstance(options: {
  mongoUri: string;
  dbName: string;
  authenticator: Authenticator;
  clock: Clock;
  env?: Record<string, string>;
}): Promise<RealtimeInstance> {
  const config = testConfig({ PORT: '0', ...options.env });
  const { logger } = captureLogger();
  const connection = await mongoose
    .createConnection(options.mongoUri, {
      dbName: options.dbName,
      autoIndex: true,
      autoCreate: true,
      monitorCommands: true,
    })
    .asPromise();
  const commands: string[] = [];
  connection.getClient().on('commandStarted', (event) => commands.push(event.commandName));

  const delivery = new InboxDelivery({ connection, clock: options.clock, logger });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const realtime = await attachRealtime({
    server,
    config,
    logger,
    authenticator: options.authenticator,
    delivery,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io: realtime.io,
    delivery,
    connection,
    commands,
    async stop() {
      await new Promise<void>((resolve) => void realtime.io.close(() => resolve()));
      await realtime.releaseAdapter();
      await connection.close();
    },
  };
}

/** A received event: its name and payload (with `seq` when it was sent to a user). */
export interface Received {
  event: string;
  payload: Record<string, unknown>;
}

/** A connected client that records every event, and can wait for the one a test expects. */
export class TestClient {
  readonly received: Received[] = [];
  private waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];

  constructor(readonly socket: ClientSocket) {
    socket.onAny((event: string, payload: Record<string, unknown>) => {
      const entry = { event, payload };
      this.received.push(entry);
      this.waiters = this.waiters.filter((waiter) => !(waiter.match(entry) && (waiter.resolve(entry), true)));
    });
  }

  /** Resolves with the first event (already received or still to come) that matches. */
  next(match: (r: Received) => boolean): Promise<Received> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  event(name: string): Promise<Received> {
    return this.next((r) => r.event === name);
  }

  caughtUp(): Promise<RealtimeCaughtUp> {
    return this.event(REALTIME_CAUGHT_UP).then((r) => r.payload as unknown as RealtimeCaughtUp);
  }

  /** Every seq received (replayed or live) in arrival order. */
  get seqs(): number[] {
    return this.received
      .filter((r) => typeof r.payload?.seq === 'number' && r.event !== REALTIME_CAUGHT_UP)
      .map((r) => r.payload.seq as number);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Connects and resolves once the server accepted the handshake and the client is recording. */
export function connectClient(url: string, auth: Record<string, unknown>): Promise<TestClient> {
  const socket = connectSocket(url, {
    path: '/socket.io',
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  // Record from the first packet: the replay may follow the connect at once.
  const client = new TestClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** The error data of a refused connection. */
export async function refusalOf(
  url: string,
  auth: Record<string, unknown>,
): Promise<RealtimeConnectErrorData> {
  try {
    const client = await connectClient(url, auth);
    client.close();
  } catch (err) {
    return (err as { data: RealtimeConnectErrorData }).data;
  }
  throw new Error('the server accepted a connection it should have refused');
}
