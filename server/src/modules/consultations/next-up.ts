/**
 * Consultations on Home's "what is next for me": every consultation now open for voting where a
 * ballot I may cast has not been cast yet, mine or (as a confirmed carer) my elder's as proxy.
 * A household's ballot cast by another member counts as cast: the roll has one ballot per key.
 */
import type { NextUpItem } from '@linli/shared';
import { Types } from 'mongoose';
import type { NextUpContributor } from '../../platform/next-up';
import { BallotModel, ElectorModel, type ElectorDoc } from './ballots/model';
import { ConsultationModel, type ConsultationDoc } from './consultations/model';
import type { ConsultationPorts } from './ports';

export function consultationsNextUp(
  deps: Pick<ConsultationPorts, 'carerLinks' | 'users'>,
): NextUpContributor {
  return {
    name: 'consultations',
    async itemsFor({ actor, locale }) {
      const elderIds = await deps.carerLinks.eldersOf(actor.userId);
      const voterIds = [actor.userId, ...elderIds].map((id) => new Types.ObjectId(id));
      const electors = await ElectorModel.find({ voterIds: { $in: voterIds } }).lean<ElectorDoc[]>();
      if (electors.length === 0) return [];
      const open = await ConsultationModel.find({
        _id: { $in: [...new Set(electors.map((e) => String(e.consultationId)))] },
        status: 'voting',
      }).lean<ConsultationDoc[]>();
      if (open.length === 0) return [];
      // Only the ballots of these electors (the unique (consultationId, voterKey) index), not every
      // ballot of every open vote: Home asks this on each load and each live refetch.
      const cast = await BallotModel.find({
        consultationId: { $in: open.map((c) => c._id) },
        voterKey: { $in: [...new Set(electors.map((e) => e.voterKey))] },
      })
        .select({ consultationId: 1, voterKey: 1 })
        .lean<{ consultationId: Types.ObjectId; voterKey: string }[]>();
      const castKeys = new Set(cast.map((b) => `${String(b.consultationId)}/${b.voterKey}`));
      const names = elderIds.length
        ? await deps.users.getUsers(elderIds)
        : new Map<string, { displayName: string }>();
      const en = locale === 'en';
      const items: NextUpItem[] = [];
      for (const c of open) {
        const waiting = electors.filter(
          (e) =>
            String(e.consultationId) === String(c._id) && !castKeys.has(`${String(c._id)}/${e.voterKey}`),
        );
        // Whose vote waits: mine first; otherwise the first elder whose ballot I may cast as proxy.
        const mine = waiting.some((e) => e.voterIds.some((v) => String(v) === actor.userId));
        const elderId = mine
          ? undefined
          : elderIds.find((id) => waiting.some((e) => e.voterIds.some((v) => String(v) === id)));
        if (!mine && !elderId) continue;
        const elderName = elderId ? (names.get(elderId)?.displayName ?? '') : '';
        items.push({
          service: 'consultations',
          kind: 'vote',
          targetId: String(c._id),
          title: c.title,
          urgency: 'yourTurn',
          stateLabel: mine
            ? en
              ? 'Voting is open: cast your vote'
              : '投票进行中，请投票'
            : en
              ? `Vote for ${elderName} as proxy`
              : `可为${elderName}代投票`,
          at: c.votingClosesAt.toISOString(),
        });
      }
      return items;
    },
  };
}
