import { MessageFramer } from './framer';
import { decodeMessage, encodeOpMsgRequest, ProtocolError } from './messages';

const msg = (n: number) => encodeOpMsgRequest({ ping: 1, n, $db: 'admin' }, n);

describe('MessageFramer', () => {
  it('reassembles a message delivered one byte at a time', () => {
    const framer = new MessageFramer();
    const whole = msg(1);
    const out: Buffer[] = [];
    for (let i = 0; i < whole.length; i++) out.push(...framer.push(whole.subarray(i, i + 1)));
    expect(out).toHaveLength(1);
    expect(out[0].equals(whole)).toBe(true);
    expect(framer.pendingBytes).toBe(0);
  });

  it('splits two messages and a partial third out of one chunk', () => {
    const framer = new MessageFramer();
    const [a, b, c] = [msg(1), msg(2), msg(3)];
    const first = framer.push(Buffer.concat([a, b, c.subarray(0, 7)]));
    expect(first.map((m) => decodeMessage(m).header.requestId)).toEqual([1, 2]);
    expect(framer.pendingBytes).toBe(7);
    const rest = framer.push(c.subarray(7));
    expect(rest.map((m) => decodeMessage(m).header.requestId)).toEqual([3]);
  });

  it('handles a header split across chunks', () => {
    const framer = new MessageFramer();
    const a = msg(9);
    expect(framer.push(a.subarray(0, 2))).toEqual([]);
    expect(framer.push(a.subarray(2, 3))).toEqual([]);
    expect(framer.push(a.subarray(3))).toHaveLength(1);
  });

  it('refuses a header announcing more than the maximum message size, before buffering it', () => {
    const framer = new MessageFramer();
    const header = Buffer.alloc(16);
    header.writeInt32LE(48_000_001, 0);
    expect(() => framer.push(header)).toThrow(ProtocolError);
    expect(() => new MessageFramer().push(Buffer.from([8, 0, 0, 0]))).toThrow(/shorter than a header/);
  });
});
