/**
 * WeChat one-time subscription consents, counted per user and template. Each "allow" the resident
 * taps in the mini-program lets us send one message; we keep at most SUBSCRIPTION_CREDIT_CAP. A
 * credit is taken by a conditional decrement, so two senders can never spend the same one.
 */
import { SUBSCRIPTION_CREDIT_CAP, type SubscriptionTemplate } from '@linli/shared';
import { Types } from 'mongoose';
import { isDuplicateKey } from './model';
import { NoticeMessageModel, SubscriptionCreditModel } from './subscription-model';

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export function createSubscriptionService() {
  let indexes: Promise<unknown> | undefined;
  const indexesBuilt = () =>
    (indexes ??= Promise.all([SubscriptionCreditModel.init(), NoticeMessageModel.init()]).catch((err) => {
      indexes = undefined;
      throw err;
    }));

  async function current(userId: string, template: SubscriptionTemplate): Promise<number> {
    const doc = await SubscriptionCreditModel.findOne({ user: new Types.ObjectId(userId), template }).lean();
    return doc?.credits ?? 0;
  }

  const service = {
    indexesBuilt,

    /** Records one consent (up to the cap) and answers how many the user now has. */
    async grant(userId: string, template: SubscriptionTemplate): Promise<number> {
      await indexesBuilt();
      const user = new Types.ObjectId(userId);
      try {
        await SubscriptionCreditModel.updateOne(
          { user, template },
          { $setOnInsert: { credits: 0 } },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // a concurrent grant created it: fine
      }
      const raised = await SubscriptionCreditModel.findOneAndUpdate(
        { user, template, credits: { $lt: SUBSCRIPTION_CREDIT_CAP } },
        { $inc: { credits: 1 } },
        { returnDocument: 'after' },
      ).lean();
      return raised?.credits ?? (await current(userId, template));
    },

    credits: current,

    /** Takes one credit if there is one; false when there was none. */
    async take(userId: string, template: SubscriptionTemplate): Promise<boolean> {
      const taken = await SubscriptionCreditModel.updateOne(
        { user: new Types.ObjectId(userId), template, credits: { $gt: 0 } },
        { $inc: { credits: -1 } },
      );
      return taken.modifiedCount === 1;
    },

    /** Gives a credit back (a send that never reached WeChat's user), never above the cap. */
    async giveBack(userId: string, template: SubscriptionTemplate): Promise<void> {
      await SubscriptionCreditModel.updateOne(
        { user: new Types.ObjectId(userId), template, credits: { $lt: SUBSCRIPTION_CREDIT_CAP } },
        { $inc: { credits: 1 } },
      );
    },

    /** WeChat says the user holds no consent after all: our count is wrong, so drop it. */
    async clear(userId: string, template: SubscriptionTemplate): Promise<void> {
      await SubscriptionCreditModel.updateOne(
        { user: new Types.ObjectId(userId), template },
        { $set: { credits: 0 } },
      );
    },

    async exportFor(userId: string) {
      if (!isId(userId)) return { credits: [], messages: [] };
      const user = new Types.ObjectId(userId);
      const [credits, messages] = await Promise.all([
        SubscriptionCreditModel.find({ user }).lean(),
        NoticeMessageModel.find({ user }).sort({ at: 1 }).lean(),
      ]);
      return {
        credits: credits.map((c) => ({ template: c.template, credits: c.credits })),
        messages: messages.map((m) => ({ noticeId: String(m.notice), outcome: m.outcome, at: m.at })),
      };
    },

    async eraseFor(userId: string): Promise<void> {
      if (!isId(userId)) return;
      const user = new Types.ObjectId(userId);
      await Promise.all([
        SubscriptionCreditModel.deleteMany({ user }),
        NoticeMessageModel.deleteMany({ user }),
      ]);
    },
  };
  return service;
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
