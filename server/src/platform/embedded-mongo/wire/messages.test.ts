import { Long, ObjectId, Decimal128, serialize } from 'bson';
import { crc32c } from './crc32c';
import {
  commandFromOpQuery,
  decodeMessage,
  decodeReply,
  encodeOpMsg,
  encodeOpMsgRequest,
  encodeOpQueryRequest,
  encodeOpReply,
  MSG_FLAG_EXHAUST_ALLOWED,
  MSG_FLAG_MORE_TO_COME,
  OP_MSG,
  OP_REPLY,
  ProtocolError,
  type OpMsgRequest,
  type OpQueryRequest,
} from './messages';

describe('OP_MSG decoding', () => {
  it('merges kind-1 document sequences into the body under their identifier', () => {
    const docs = [
      { _id: new ObjectId(), a: 1 },
      { _id: new ObjectId(), a: 2 },
    ];
    const raw = encodeOpMsgRequest({ insert: 'people', $db: 'app' }, 7, { sequences: { documents: docs } });
    const req = decodeMessage(raw) as OpMsgRequest;
    expect(req.kind).toBe('msg');
    expect(req.header).toMatchObject({ requestId: 7, opCode: OP_MSG, messageLength: raw.length });
    expect(req.command.insert).toBe('people');
    expect(req.command.documents).toHaveLength(2);
    expect(req.command.documents[1]._id.equals(docs[1]._id)).toBe(true);
  });

  it('keeps Long, ObjectId, Date and Decimal128 as the driver sent them', () => {
    const when = new Date('2024-01-02T03:04:05Z');
    const raw = encodeOpMsgRequest(
      { getMore: Long.fromNumber(12), at: when, price: Decimal128.fromString('1.10'), small: 5, $db: 'x' },
      1,
    );
    const { command } = decodeMessage(raw) as OpMsgRequest;
    expect(command.getMore).toBeInstanceOf(Long);
    expect(command.at).toEqual(when);
    expect(command.price).toBeInstanceOf(Decimal128);
    expect(command.small).toBe(5);
  });

  it('reports moreToCome and exhaustAllowed', () => {
    const req = decodeMessage(
      encodeOpMsgRequest({ insert: 'c', $db: 'd' }, 2, {
        flagBits: MSG_FLAG_MORE_TO_COME | MSG_FLAG_EXHAUST_ALLOWED,
      }),
    ) as OpMsgRequest;
    expect(req.moreToCome).toBe(true);
    expect(req.exhaustAllowed).toBe(true);
  });

  it('verifies a CRC-32C checksum when present and rejects a wrong one', () => {
    const good = encodeOpMsgRequest({ ping: 1, $db: 'admin' }, 3, { checksum: true });
    expect((decodeMessage(good) as OpMsgRequest).command.ping).toBe(1);
    const bad = Buffer.from(good);
    bad[bad.length - 1] ^= 0xff;
    expect(() => decodeMessage(bad)).toThrow(/checksum/);
  });

  it('computes CRC-32C correctly (standard check value)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('rejects unknown required flag bits, a missing body, and overruns', () => {
    expect(() => decodeMessage(encodeOpMsgRequest({ ping: 1 }, 1, { flagBits: 1 << 3 }))).toThrow(
      /unknown required/,
    );
    const noBody = Buffer.alloc(20);
    noBody.writeInt32LE(20, 0);
    noBody.writeInt32LE(OP_MSG, 12);
    expect(() => decodeMessage(noBody)).toThrow(/no body/);
    const truncated = encodeOpMsgRequest({ ping: 1, pad: 'x'.repeat(20) }, 1).subarray(0, 30);
    truncated.writeInt32LE(30, 0);
    expect(() => decodeMessage(truncated)).toThrow(ProtocolError);
  });
});

describe('legacy OP_QUERY', () => {
  it('decodes the isMaster handshake into a command with $db', () => {
    const raw = encodeOpQueryRequest('admin.$cmd', { isMaster: 1, client: { driver: { name: 'x' } } }, 11);
    const req = decodeMessage(raw) as OpQueryRequest;
    expect(req).toMatchObject({ kind: 'query', fullCollectionName: 'admin.$cmd', numberToReturn: -1 });
    expect(commandFromOpQuery(req)).toMatchObject({ isMaster: 1, $db: 'admin' });
  });

  it('unwraps $query and refuses non-command collections', () => {
    const wrapped = decodeMessage(
      encodeOpQueryRequest('app.$cmd', { $query: { ping: 1 }, $readPreference: { mode: 'primary' } }, 1),
    ) as OpQueryRequest;
    expect(commandFromOpQuery(wrapped)).toEqual({ ping: 1, $db: 'app' });
    const legacyFind = decodeMessage(encodeOpQueryRequest('app.people', { name: 'a' }, 1)) as OpQueryRequest;
    expect(commandFromOpQuery(legacyFind)).toBeNull();
  });
});

describe('reply encoding', () => {
  it('writes OP_REPLY with numberReturned 1, a zero cursor and responseTo', () => {
    const raw = encodeOpReply([{ ok: 1, ismaster: true }], 5, 11);
    expect(raw.readInt32LE(0)).toBe(raw.length);
    expect(raw.readInt32LE(8)).toBe(11);
    expect(raw.readInt32LE(12)).toBe(OP_REPLY);
    expect(raw.readBigInt64LE(20)).toBe(0n);
    expect(raw.readInt32LE(32)).toBe(1);
    expect(raw.subarray(36).equals(serialize({ ok: 1, ismaster: true }))).toBe(true);
  });

  it('writes OP_MSG replies with a single body section', () => {
    const raw = encodeOpMsg({ ok: 1, cursor: { id: Long.fromNumber(42) } }, 6, 99);
    const { header, flagBits, doc } = decodeReply(raw);
    expect(header).toMatchObject({ requestId: 6, responseTo: 99, opCode: OP_MSG });
    expect(flagBits).toBe(0);
    expect(doc.cursor.id).toEqual(Long.fromNumber(42));
  });
});
