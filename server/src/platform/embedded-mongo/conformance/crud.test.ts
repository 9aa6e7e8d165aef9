/** Everyday model use through mongoose: CRUD, unique indexes, timestamps, populate, upserts. */
import mongoose, { Schema } from 'mongoose';
import { startTarget, type Target } from './support/target';

let target: Target;
beforeAll(async () => {
  target = await startTarget('crud');
});
afterAll(async () => {
  await target?.stop();
});

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true },
    name: String,
    score: { type: Number, default: 0 },
  },
  { timestamps: true },
);
const postSchema = new Schema({ title: String, author: { type: Schema.Types.ObjectId, ref: 'User' } });

interface DuplicateKeyError extends Error {
  code?: number;
  keyValue?: Record<string, unknown>;
}

function models() {
  const User = target.conn.models.User ?? target.conn.model('User', userSchema);
  const Post = target.conn.models.Post ?? target.conn.model('Post', postSchema);
  return { User, Post };
}

describe(`CRUD through mongoose`, () => {
  it('creates, reads, updates and deletes', async () => {
    const { User } = models();
    await User.createIndexes();
    const created = await User.create({ email: 'a@x.cn', name: 'A' });
    expect(created._id).toBeInstanceOf(mongoose.Types.ObjectId);

    const found = await User.findById(created._id).lean();
    expect(found).toMatchObject({ email: 'a@x.cn', name: 'A', score: 0, __v: 0 });

    const updated = await User.findByIdAndUpdate(
      created._id,
      { $inc: { score: 5 } },
      { returnDocument: 'after' },
    );
    expect(updated?.score).toBe(5);

    const doc = await User.findById(created._id);
    doc!.name = 'A2';
    await doc!.save();
    expect((await User.findById(created._id).lean())?.name).toBe('A2');

    const removed = await User.deleteOne({ _id: created._id });
    expect(removed.deletedCount).toBe(1);
    expect(await User.findById(created._id)).toBeNull();
  });

  it('keeps createdAt and moves updatedAt', async () => {
    const { User } = models();
    const u = await User.create({ email: 'time@x.cn' });
    expect(u.get('createdAt')).toBeInstanceOf(Date);
    const before = u.get('updatedAt') as Date;
    await new Promise((r) => setTimeout(r, 15));
    await User.updateOne({ _id: u._id }, { $set: { name: 'later' } });
    const after = await User.findById(u._id).lean<{ createdAt: Date; updatedAt: Date }>();
    expect(after!.createdAt.getTime()).toBe((u.get('createdAt') as Date).getTime());
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it('answers a duplicate on a unique index with E11000, code 11000 and keyValue', async () => {
    const { User } = models();
    await User.createIndexes();
    await User.create({ email: 'dup@x.cn' });
    const err = (await User.create({ email: 'dup@x.cn' }).catch((e: unknown) => e)) as DuplicateKeyError;
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'dup@x.cn' });
    expect(err.message).toMatch(/E11000 duplicate key error/);
    expect(err.message).toMatch(/email_1/);

    // The same through findOneAndUpdate, which reports it at top level.
    const other = await User.create({ email: 'other@x.cn' });
    const fam = (await User.findOneAndUpdate({ _id: other._id }, { $set: { email: 'dup@x.cn' } }).catch(
      (e: unknown) => e,
    )) as DuplicateKeyError;
    expect(fam.code).toBe(11000);
    expect(fam.keyValue).toEqual({ email: 'dup@x.cn' });
    expect(await User.countDocuments({ email: 'dup@x.cn' })).toBe(1);
  });

  it('populates a ref', async () => {
    const { User, Post } = models();
    const author = await User.create({ email: 'author@x.cn', name: 'Writer' });
    await Post.create([
      { title: 'one', author: author._id },
      { title: 'two', author: author._id },
    ]);
    const posts = await Post.find({ author: author._id }).sort({ title: 1 }).populate('author').lean();
    expect(posts.map((p) => p.title)).toEqual(['one', 'two']);
    expect(posts[0].author).toMatchObject({ email: 'author@x.cn', name: 'Writer' });
  });

  it('upserts with $setOnInsert only on insert', async () => {
    const { User } = models();
    const first = await User.findOneAndUpdate(
      { email: 'up@x.cn' },
      { $set: { name: 'first' }, $setOnInsert: { score: 42 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<{ email: string; name: string; score: number; createdAt: Date }>();
    expect(first).toMatchObject({ email: 'up@x.cn', name: 'first', score: 42 });
    expect(first!.createdAt).toBeInstanceOf(Date);

    const second = await User.findOneAndUpdate(
      { email: 'up@x.cn' },
      { $set: { name: 'second' }, $setOnInsert: { score: 7 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<{ name: string; score: number; createdAt: Date }>();
    expect(second).toMatchObject({ name: 'second', score: 42 });
    expect(second!.createdAt.getTime()).toBe(first!.createdAt.getTime());

    const res = await User.updateOne({ email: 'up2@x.cn' }, { $set: { name: 'u' } }, { upsert: true });
    expect(res).toMatchObject({ upsertedCount: 1, matchedCount: 0 });
    expect(res.upsertedId).toBeInstanceOf(mongoose.Types.ObjectId);
  });

  // The subsidy ledger's reservation: a guarded $inc that creates the document when it is missing.
  it('upserts with a guard: inserts when missing, increments within it, and collides when it fails', async () => {
    const { User } = models();
    await User.createIndexes();
    const reserve = (by: number) =>
      User.updateOne(
        { email: 'guard@x.cn', score: { $lte: 10 - by } },
        { $inc: { score: by } },
        { upsert: true },
      );
    await expect(reserve(6)).resolves.toMatchObject({ upsertedCount: 1 });
    await expect(reserve(4)).resolves.toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    // Full: the guard misses, so the upsert tries a second document with the same unique email.
    await expect(reserve(1)).rejects.toMatchObject({ code: 11000 });
    const doc = await User.findOne({ email: 'guard@x.cn' }).lean<{ score: number }>();
    expect(doc!.score).toBe(10);
  });

  it('updateMany and deleteMany report their counts', async () => {
    const { User } = models();
    await User.insertMany([0, 1, 2, 3, 4].map((i) => ({ email: `many${i}@x.cn`, score: i })));
    const upd = await User.updateMany({ email: /^many/, score: { $gte: 2 } }, { $set: { name: 'high' } });
    expect(upd).toMatchObject({ matchedCount: 3, modifiedCount: 3 });
    // Without timestamps mongoose would $set updatedAt, and that is a modification.
    const again = await User.updateMany(
      { email: /^many/, score: { $gte: 2 } },
      { $set: { name: 'high' } },
      { timestamps: false },
    );
    expect(again).toMatchObject({ matchedCount: 3, modifiedCount: 0 });
    const del = await User.deleteMany({ email: /^many/, name: { $ne: 'high' } });
    expect(del.deletedCount).toBe(2);
    expect(await User.countDocuments({ email: /^many/ })).toBe(3);
  });

  it('syncIndexes drops indexes the schema no longer declares and builds new ones', async () => {
    const v1 = new Schema({ code: String, area: String });
    v1.index({ code: 1 }, { unique: true });
    const A = target.conn.model('Shop', v1, 'shops');
    await A.syncIndexes();
    expect((await A.listIndexes()).map((i) => i.name).sort()).toEqual(['_id_', 'code_1']);
    target.conn.deleteModel('Shop');

    const v2 = new Schema({ code: String, area: String });
    v2.index({ area: 1, code: 1 });
    const B = target.conn.model('Shop', v2, 'shops');
    const dropped = await B.syncIndexes();
    expect(dropped).toEqual(['code_1']);
    const indexes = await B.listIndexes();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'area_1_code_1']);
    expect(indexes.find((i) => i.name === 'area_1_code_1')?.key).toEqual({ area: 1, code: 1 });
  });
});
