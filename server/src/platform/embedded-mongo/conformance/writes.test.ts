/** Writes where semantics bite: bulk partial failures, atomic conditional updates, transactions. */
import { Schema } from 'mongoose';
import { startTarget, type Target } from './support/target';

let target: Target;
beforeAll(async () => {
  target = await startTarget('writes');
});
afterAll(async () => {
  await target?.stop();
});

const ticketSchema = new Schema({ code: { type: String, unique: true }, n: Number });
const slotSchema = new Schema({ capacity: Number, taken: Number });

function models() {
  const Ticket = target.conn.models.Ticket ?? target.conn.model('Ticket', ticketSchema);
  const Slot = target.conn.models.Slot ?? target.conn.model('Slot', slotSchema);
  return { Ticket, Slot };
}

interface BulkErrorShape {
  code?: number;
  result?: { insertedCount: number };
  insertedCount?: number;
  writeErrors?: Array<{ index: number; code: number }>;
}

describe('bulkWrite with partial failures', () => {
  beforeAll(async () => {
    await models().Ticket.createIndexes();
  });

  const ops = (prefix: string) => [
    { insertOne: { document: { code: `${prefix}1`, n: 1 } } },
    { insertOne: { document: { code: `${prefix}1`, n: 2 } } }, // duplicate
    { insertOne: { document: { code: `${prefix}3`, n: 3 } } },
  ];

  it('ordered: stops at the first error', async () => {
    const { Ticket } = models();
    const err = (await Ticket.bulkWrite(ops('o'), { ordered: true }).catch(
      (e: unknown) => e,
    )) as BulkErrorShape;
    expect(err.code).toBe(11000);
    expect(err.result?.insertedCount).toBe(1);
    expect((await Ticket.find({ code: /^o/ }).lean()).map((t) => t.n)).toEqual([1]);
  });

  it('unordered: carries on past the error and reports it with its index', async () => {
    const { Ticket } = models();
    const err = (await Ticket.bulkWrite(ops('u'), { ordered: false }).catch(
      (e: unknown) => e,
    )) as BulkErrorShape;
    expect(err.code).toBe(11000);
    expect(err.result?.insertedCount).toBe(2);
    expect(err.writeErrors?.map((w) => [w.index, w.code])).toEqual([[1, 11000]]);
    expect((await Ticket.find({ code: /^u/ }).sort({ n: 1 }).lean()).map((t) => t.n)).toEqual([1, 3]);
  });

  it('mixes updates and deletes in one bulk', async () => {
    const { Ticket } = models();
    await Ticket.create({ code: 'm1', n: 1 });
    const res = await Ticket.bulkWrite([
      { updateOne: { filter: { code: 'm1' }, update: { $inc: { n: 10 } } } },
      { insertOne: { document: { code: 'm2', n: 2 } } },
      { deleteOne: { filter: { code: 'm2' } } },
      { updateOne: { filter: { code: 'm3' }, update: { $set: { n: 3 } }, upsert: true } },
    ]);
    expect(res).toMatchObject({
      insertedCount: 1,
      matchedCount: 1,
      modifiedCount: 1,
      deletedCount: 1,
      upsertedCount: 1,
    });
    expect((await Ticket.findOne({ code: 'm1' }).lean())?.n).toBe(11);
  });
});

describe('atomic conditional update', () => {
  it('200 concurrent callers on a capacity of 50 give exactly 50 successes', async () => {
    const { Slot } = models();
    const slot = await Slot.create({ capacity: 50, taken: 0 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        Slot.findOneAndUpdate(
          { _id: slot._id, $expr: { $lt: ['$taken', '$capacity'] } },
          { $inc: { taken: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      ),
    );
    const wins = results.filter((r) => r !== null);
    expect(wins).toHaveLength(50);
    expect(new Set(wins.map((w) => w.taken)).size).toBe(50);
    expect((await Slot.findById(slot._id).lean())?.taken).toBe(50);
  });
});

describe('transactions', () => {
  it('are refused as a standalone mongod refuses them, leaving no trace', async () => {
    if (target.replicaSet) return; // a replica set runs them; nothing to compare
    const { Ticket } = models();
    const session = await target.conn.startSession();
    try {
      const err = (await session
        .withTransaction(async () => {
          await Ticket.create([{ code: 'txn', n: 1 }], { session });
        })
        .catch((e: unknown) => e)) as Error & { errorResponse?: { originalError?: { code?: number } } };
      expect(err).toBeInstanceOf(Error);
      // The driver rewraps the server's IllegalOperation (code 20) in a friendlier message.
      expect(err.message).toMatch(/does not support retryable writes/);
      expect(err.errorResponse?.originalError?.code).toBe(20);
    } finally {
      await session.endSession();
    }
    expect(await Ticket.countDocuments({ code: 'txn' })).toBe(0);
  });
});
