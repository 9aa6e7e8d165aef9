import { Long, ObjectId } from 'bson';
import mongoose from 'mongoose';
import { volatilePersistence } from '../engine/mutations';
import { FakeEngine } from '../conformance/support/fake-engine';
import { RawClient } from '../conformance/support/raw-client';
import {
  decodeReply,
  encodeOpMsgRequest,
  encodeOpQueryRequest,
  MSG_FLAG_MORE_TO_COME,
  OP_MSG,
  OP_REPLY,
} from './messages';
import { WireServer } from './server';

describe('WireServer (against a stand-in engine)', () => {
  let engine: FakeEngine;
  let server: WireServer;
  const clients: RawClient[] = [];
  const connect = async () => {
    const c = await RawClient.connect(server.port);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    engine = new FakeEngine(volatilePersistence);
    server = await WireServer.listen({ host: '127.0.0.1', port: 0, runner: engine });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
  });

  it('answers the legacy isMaster handshake with an OP_REPLY of one document', async () => {
    const c = await connect();
    c.write(encodeOpQueryRequest('admin.$cmd', { isMaster: 1 }, 77));
    const [raw] = await c.waitFor(1);
    const { header, doc } = decodeReply(raw);
    expect(header.opCode).toBe(OP_REPLY);
    expect(header.responseTo).toBe(77);
    expect(raw.readInt32LE(32)).toBe(1);
    expect(doc).toMatchObject({ ok: 1, maxWireVersion: 21, connectionId: expect.any(Number) });
    expect(engine.commands[0]).toMatchObject({ isMaster: 1, $db: 'admin' });
  });

  it('answers pipelined messages in order, each with its responseTo', async () => {
    const c = await connect();
    c.write(Buffer.concat([1, 2, 3].map((n) => encodeOpMsgRequest({ echo: 1, n, $db: 'admin' }, 100 + n))));
    const replies = await c.waitFor(3);
    expect(replies.map((r) => decodeReply(r).header.responseTo)).toEqual([101, 102, 103]);
    expect(replies.map((r) => decodeReply(r).doc.echo.n)).toEqual([1, 2, 3]);
    expect(decodeReply(replies[0]).header.opCode).toBe(OP_MSG);
  });

  it('sends no reply to a moreToCome message, but still runs it', async () => {
    const c = await connect();
    c.write(
      encodeOpMsgRequest({ insert: 'c', $db: 'd' }, 1, {
        flagBits: MSG_FLAG_MORE_TO_COME,
        sequences: { documents: [{ _id: 1 }] },
      }),
    );
    c.write(encodeOpMsgRequest({ find: 'c', $db: 'd' }, 2));
    const replies = await c.waitFor(2, 300);
    expect(replies).toHaveLength(1);
    expect(decodeReply(replies[0]).header.responseTo).toBe(2);
    expect(decodeReply(replies[0]).doc.cursor.firstBatch).toEqual([{ _id: 1 }]);
  });

  it('gives each connection its own connectionId', async () => {
    const [a, b] = [await connect(), await connect()];
    a.write(encodeOpMsgRequest({ hello: 1, $db: 'admin' }, 1));
    b.write(encodeOpMsgRequest({ hello: 1, $db: 'admin' }, 1));
    const [ra] = await a.waitFor(1);
    const [rb] = await b.waitFor(1);
    expect(decodeReply(ra).doc.connectionId).not.toBe(decodeReply(rb).doc.connectionId);
  });

  it('closes a connection that announces an oversize message and keeps serving others', async () => {
    const bad = await connect();
    const header = Buffer.alloc(16);
    header.writeInt32LE(48_000_001, 0);
    header.writeInt32LE(OP_MSG, 12);
    bad.write(header);
    expect(await bad.waitClosed()).toBe(true);

    const good = await connect();
    good.write(encodeOpMsgRequest({ ping: 1, $db: 'admin' }, 5));
    expect(decodeReply((await good.waitFor(1))[0]).doc.ok).toBe(1);
  });

  it('closes a connection on a bad checksum or unknown opCode', async () => {
    const a = await connect();
    const msg = encodeOpMsgRequest({ ping: 1, $db: 'admin' }, 1, { checksum: true });
    msg[msg.length - 1] ^= 1;
    a.write(msg);
    expect(await a.waitClosed()).toBe(true);
    const b = await connect();
    const legacyInsert = Buffer.alloc(20);
    legacyInsert.writeInt32LE(20, 0);
    legacyInsert.writeInt32LE(2002, 12);
    b.write(legacyInsert);
    expect(await b.waitClosed()).toBe(true);
  });

  it('survives a client resetting mid-message', async () => {
    const c = await connect();
    c.write(encodeOpMsgRequest({ ping: 1, $db: 'admin' }, 1).subarray(0, 10));
    c.socket.resetAndDestroy();
    const d = await connect();
    d.write(encodeOpMsgRequest({ ping: 1, $db: 'admin' }, 2));
    expect(decodeReply((await d.waitFor(1))[0]).doc.ok).toBe(1);
  });

  it('lets the stock driver connect, write and read back faithful types', async () => {
    const client = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${server.port}/`, {
      serverSelectionTimeoutMS: 2000,
    });
    try {
      const coll = client.db('app').collection('things');
      const _id = new ObjectId();
      await coll.insertOne({ _id, big: Long.fromString('9007199254740993'), when: new Date(0) });
      const stored = engine.collections.get('app.things')!.get(String(_id))!;
      expect(stored.big).toBeInstanceOf(Long);
      expect(stored.big.toString()).toBe('9007199254740993');
      const found = await coll.find({}).toArray();
      expect(found).toHaveLength(1);
      expect(found[0].when).toEqual(new Date(0));
    } finally {
      await client.close();
    }
  });
});
