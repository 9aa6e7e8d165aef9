/** A bare wire-protocol client for tests: writes raw bytes, collects whole reply messages. */
import net from 'node:net';
import { MessageFramer } from '../../wire/framer';

export class RawClient {
  readonly replies: Buffer[] = [];
  closed = false;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      this.replies.push(...framer.push(chunk));
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(data: Buffer): void {
    this.socket.write(data);
  }

  /** Waits until `count` replies have arrived (or the socket closed, or the timeout passed). */
  async waitFor(count: number, timeoutMs = 2000): Promise<Buffer[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length < count && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.max(1, deadline - Date.now())).unref();
      });
    }
    return this.replies;
  }

  waitClosed(timeoutMs = 2000): Promise<boolean> {
    return this.waitFor(Number.POSITIVE_INFINITY, timeoutMs).then(() => this.closed);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
