/**
 * Repeated failed sign-ins per username: after `maxFailures` within `windowMs`, further attempts
 * are refused until the window ends, whether the password is right or not.
 *
 * The count lives in the database, not in the process, so several API instances share it: an
 * attacker spreading guesses over instances gets `maxFailures`, not `maxFailures × instances`.
 * Each failure is one atomic update (a window that ended starts again at 1), so racing attempts are
 * all counted. Windows are timed by the injected Clock; a TTL index removes finished ones.
 */
import mongoose, { Schema } from 'mongoose';
import type { Clock } from '../../platform/clock';
import { isDuplicateKey } from '../../platform/database-errors';

interface FailureWindow {
  _id: string;
  count: number;
  windowEndsAt: Date;
}

const failureSchema = new Schema<FailureWindow>(
  { _id: { type: String, required: true }, count: { type: Number, required: true }, windowEndsAt: Date },
  { versionKey: false },
);
// Finished windows are only clutter: MongoDB removes them (the check below ignores them anyway).
failureSchema.index({ windowEndsAt: 1 }, { expireAfterSeconds: 0 });
const SignInFailureModel = mongoose.model<FailureWindow>('SignInFailure', failureSchema, 'sign_in_failures');

export function createSignInThrottle({
  clock,
  maxFailures = 5,
  windowMs = 15 * 60 * 1000,
}: {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
}) {
  return {
    /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
    async retryAfterSeconds(key: string): Promise<number> {
      const now = clock.now();
      const entry = await SignInFailureModel.findById(key).lean();
      if (!entry || entry.windowEndsAt <= now || entry.count < maxFailures) return 0;
      return Math.ceil((entry.windowEndsAt.getTime() - now.getTime()) / 1000);
    },

    async recordFailure(key: string): Promise<void> {
      const now = clock.now();
      const counted = await SignInFailureModel.updateOne(
        { _id: key, windowEndsAt: { $gt: now } },
        { $inc: { count: 1 } },
      );
      if (counted.matchedCount > 0) return;
      // No open window: start one. Two first failures racing both land here; the one that loses
      // the upsert's unique _id counts itself into the winner's window instead.
      try {
        await SignInFailureModel.updateOne(
          { _id: key, $or: [{ windowEndsAt: { $lte: now } }, { windowEndsAt: null }] },
          { $set: { count: 1, windowEndsAt: new Date(now.getTime() + windowMs) } },
          { upsert: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await SignInFailureModel.updateOne({ _id: key }, { $inc: { count: 1 } });
      }
    },

    async reset(key: string): Promise<void> {
      await SignInFailureModel.deleteOne({ _id: key });
    },
  };
}
