/**
 * The waitlist of a class, in the order the centre publishes: each rule in turn (a family with a
 * sibling enrolled at the centre first, then those living in a community the centre serves…), then
 * the date of the enquiry, oldest first (ties by id, so the order is total and stable).
 */
import type { PriorityRule } from '@linli/shared';
import type { Types } from 'mongoose';

export interface Queued {
  _id: Types.ObjectId;
  guardianId: Types.ObjectId;
  livesInCommunity: boolean;
  createdAt: Date;
}

export function waitlistOrder<E extends Queued>(
  waiting: readonly E[],
  rules: readonly PriorityRule[],
  /** Guardians with a child enrolled at this centre already. */
  guardiansWithEnrolled: ReadonlySet<string>,
): E[] {
  const meets = (e: E, rule: PriorityRule) =>
    rule === 'siblingEnrolled' ? guardiansWithEnrolled.has(String(e.guardianId)) : e.livesInCommunity;
  return [...waiting].sort((a, b) => {
    for (const rule of rules) {
      const diff = Number(meets(b, rule)) - Number(meets(a, rule));
      if (diff) return diff;
    }
    return a.createdAt.getTime() - b.createdAt.getTime() || String(a._id).localeCompare(String(b._id));
  });
}
