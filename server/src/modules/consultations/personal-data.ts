/**
 * The consultations part of "download my data" and "delete my account".
 * Export: the person's ballots (when, how, the receipt hash; choices only of ballots they cast
 * themselves) and their comments. Erase: comments stay in the record of the discussion without the
 * author; ballots stay counted (a closed count must not change because a voter left) but no longer
 * name the person: who cast them and for whom are cleared, the unit stays.
 */
import { Types } from 'mongoose';
import type { PersonalDataContributor } from '../identity';
import { BallotModel, ElectorModel, type BallotDoc } from './ballots/model';
import type { Comments } from './consultations/comments';

export function consultationsPersonalData(comments: Comments): PersonalDataContributor {
  return {
    name: 'consultations',
    async export(userId) {
      if (!Types.ObjectId.isValid(userId)) return { ballots: [], comments: [] };
      const ballots = await BallotModel.find({ $or: [{ castBy: userId }, { voterId: userId }] })
        .sort({ castAt: 1 })
        .lean<BallotDoc[]>();
      return {
        ballots: ballots.map((b) => ({
          consultationId: String(b.consultationId),
          voterKind: b.voterKind,
          castAt: b.castAt,
          receiptHash: b.receiptHash,
          castForSomeoneElse:
            String(b.castBy) === userId && b.voterId !== null && String(b.voterId) !== userId,
          ...(String(b.castBy) === userId ? { choices: b.choices } : {}),
        })),
        comments: await comments.exportFor(userId),
      };
    },
    async erase(userId) {
      if (!Types.ObjectId.isValid(userId)) return;
      await comments.anonymiseFor(userId);
      await BallotModel.updateMany({ castBy: userId }, { $set: { castBy: null } });
      await BallotModel.updateMany({ voterId: userId }, { $set: { voterId: null } });
      await ElectorModel.updateMany({ voterIds: userId }, { $pull: { voterIds: userId } });
    },
  };
}
