/**
 * Cuts a TCP byte stream into whole wire messages. TCP gives no message boundaries: one `data`
 * event may hold half a header, or three pipelined messages and the start of a fourth. Chunks are
 * kept as a list and copied once, when a message is complete, so a large message arriving in many
 * small chunks costs linear time rather than quadratic.
 */
import { HEADER_SIZE, MAX_MESSAGE_SIZE, ProtocolError } from './messages';

export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxMessageSize = MAX_MESSAGE_SIZE) {}

  /**
   * Adds a chunk and returns every message now complete, in order. Throws ProtocolError when a
   * header announces an impossible length; the connection is then unusable (we can no longer find
   * the next message boundary) and must be closed.
   */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const messages: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_SIZE) throw new ProtocolError(`message length ${length} is shorter than a header`);
      if (length > this.maxMessageSize) {
        throw new ProtocolError(
          `message length ${length} exceeds the maximum of ${this.maxMessageSize} bytes`,
        );
      }
      if (this.buffered < length) break;
      messages.push(this.take(length));
    }
    return messages;
  }

  /** Bytes received but not yet part of a complete message. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32LE(0);
    const head = Buffer.alloc(4);
    let filled = 0;
    for (const c of this.chunks) {
      const n = Math.min(4 - filled, c.length);
      c.copy(head, filled, 0, n);
      filled += n;
      if (filled === 4) break;
    }
    return head.readInt32LE(0);
  }

  private take(length: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= length) {
      // Common case: the whole message sits in one chunk; slice without copying.
      out = first.subarray(0, length);
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
    } else {
      out = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const c = this.chunks[0];
        const n = Math.min(length - filled, c.length);
        c.copy(out, filled, 0, n);
        filled += n;
        if (n === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(n);
      }
    }
    this.buffered -= length;
    return out;
  }
}
