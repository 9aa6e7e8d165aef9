/**
 * Daycare on Home's "what is next for me": the enquiries I am the parent of that are still open.
 * Those waiting for my answer come first: one a carer prepared for me to confirm, a reply offering
 * visit slots, an offered place (before it lapses), an unread message from the centre.
 */
import type { NextUpItem } from '@linli/shared';
import { Types } from 'mongoose';
import type { NextUpContributor } from '../../platform/next-up';
import type { CentreService } from './centres/service';
import { OPEN_STATUSES, enquiryFlow } from './enquiries/flow';
import { EnquiryModel, type EnquiryDoc } from './enquiries/model';

export function daycareNextUp(deps: { centres: Pick<CentreService, 'centre'> }): NextUpContributor {
  return {
    name: 'daycare',
    async itemsFor({ actor, locale }) {
      const enquiries = await EnquiryModel.find({
        guardianId: new Types.ObjectId(actor.userId),
        status: { $in: ['prepared', ...OPEN_STATUSES] },
      })
        .sort({ createdAt: -1 })
        .lean<EnquiryDoc[]>();
      if (enquiries.length === 0) return [];
      const names = new Map<string, string>();
      for (const providerId of new Set(enquiries.map((e) => String(e.providerId)))) {
        // A centre closed since keeps its enquiries readable; its name is then just missing.
        names.set(
          providerId,
          await deps.centres.centre(providerId).then(
            (c) => c.name,
            () => '',
          ),
        );
      }
      const en = locale === 'en';
      return enquiries.map((e): NextUpItem => {
        const title = [names.get(String(e.providerId)), e.child.nickname].filter(Boolean).join(' · ');
        const base = { service: 'daycare', kind: 'daycareEnquiry', targetId: String(e._id), title } as const;
        const yourTurn = (stateLabel: string, at?: Date) =>
          ({ ...base, urgency: 'yourTurn', stateLabel, ...(at ? { at: at.toISOString() } : {}) }) as const;
        switch (e.status) {
          case 'prepared':
            return yourTurn(en ? 'Prepared for you: please confirm' : '家人已代填，请确认提交');
          case 'replied':
            return yourTurn(en ? 'The centre replied: book a visit' : '机构已回复，请预约参观');
          case 'offered':
            return yourTurn(
              en ? 'A place is offered: please answer' : '已为您保留名额，请答复',
              e.offerExpiresAt,
            );
        }
        if (e.unread.guardian > 0) return yourTurn(en ? 'New message from the centre' : '机构有新消息');
        if (e.status === 'visitBooked' && e.visit)
          return {
            ...base,
            urgency: 'upcoming',
            stateLabel: enquiryFlow.labels.visitBooked[locale],
            at: e.visit.startsAt.toISOString(),
          };
        return { ...base, urgency: 'inProgress', stateLabel: enquiryFlow.labels[e.status][locale] };
      });
    },
  };
}
