/**
 * The waitlist: a family sees its position in the class's queue and an estimated window, with what
 * the estimate is based on; the centre sees the queue in its published order.
 */
import { PRIORITY_RULE_NAMES, WaitlistView, type Locale } from '@linli/shared';
import { z } from 'zod';
import { Conflict, NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { ClassDoc } from '../centres/model';
import type { CentreService } from '../centres/service';
import { monthOf, shanghaiDate } from '../dates';
import { EnquiryModel, type EnquiryDoc } from '../enquiries/model';
import type { EnquiryService } from '../enquiries/service';
import { isOperatorOf } from '../policy';
import { ClassParams, EnquiryParams } from '../params';
import type { Clock } from '../../../platform/clock';
import { basisWords, estimateWindow, windowWords } from './estimate';

/** Offers answered at the centre so far: accepted, and accepted + turned down + left to expire. */
export async function acceptanceAt(providerId: string) {
  const offered = await EnquiryModel.find(
    { providerId, 'history.action': { $in: ['accept', 'declineOffer', 'expire'] } },
    { history: 1 },
  ).lean<EnquiryDoc[]>();
  let accepted = 0;
  let decided = 0;
  for (const e of offered)
    for (const h of e.history) {
      if (h.action === 'accept') accepted++;
      if (h.action === 'accept' || h.action === 'declineOffer' || h.action === 'expire') decided++;
    }
  return { accepted, decided };
}

export function waitlistRoutes({
  centres,
  enquiries,
  clock,
}: {
  centres: CentreService;
  enquiries: EnquiryService;
  clock: Clock;
}): Route[] {
  async function view(e: EnquiryDoc, cls: ClassDoc, locale: Locale) {
    const queue = await enquiries.queueOf(cls);
    const index = queue.findIndex((q) => q._id.equals(e._id));
    const today = shanghaiDate(clock.now());
    const settings = await centres.settings(String(cls.providerId));
    const input = {
      month: monthOf(today),
      band: cls.band,
      capacity: cls.capacity,
      seats: Object.values(cls.seats ?? {}).map((s) => ({ birthMonth: s.birthMonth, kind: s.kind })),
      position: index + 1,
      acceptance: await acceptanceAt(String(cls.providerId)),
    };
    const estimate = estimateWindow(input);
    return {
      enquiryId: String(e._id),
      classId: String(cls._id),
      className: cls.name,
      position: index + 1,
      of: queue.length,
      window: estimate.window,
      summary: windowWords(estimate, monthOf(today), locale),
      basedOn: {
        capacity: cls.capacity,
        freeNow: estimate.freeNow,
        offersOutstanding: estimate.offersOutstanding,
        acceptanceRate: estimate.acceptanceRate,
        offersDecided: input.acceptance.decided,
        ageingOut: estimate.ageingOut,
        rules: [...settings.priorityRules, 'enquiryDate' as const].map((r) => PRIORITY_RULE_NAMES[r][locale]),
        explanation: basisWords(estimate, input, locale),
      },
    };
  }

  return [
    route({
      method: 'get',
      path: '/daycare/enquiries/:enquiryId/waitlist',
      summary:
        "A waitlisted family's position and the months an offer is likely in, with what that is based on",
      auth: 'signedIn',
      input: { params: EnquiryParams },
      responses: { 200: WaitlistView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { enquiry } = await enquiries.visible(ctx.state.actor, ctx.input.params.enquiryId);
        if (enquiry.status !== 'waitlisted' || !enquiry.classId)
          throw Conflict({ 'zh-CN': '这条咨询不在候补名单上', en: 'this enquiry is not on a waitlist' });
        const cls = await centres.findClass(String(enquiry.classId));
        if (!cls) throw NotFound('daycareClass');
        return view(enquiry, cls, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/daycare/classes/:classId/waitlist',
      summary: "A class's waitlist in the centre's published order (its operators)",
      auth: ['operator'],
      input: { params: ClassParams },
      responses: {
        200: z.object({
          items: z.array(
            z.object({
              position: z.number().int(),
              enquiryId: z.string(),
              childNickname: z.string(),
              birthMonth: z.string(),
              livesInCommunity: z.boolean(),
              enquiredAt: z.string(),
            }),
          ),
        }),
      },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const cls = await centres.findClass(ctx.input.params.classId);
        if (!cls || !isOperatorOf(ctx.state.actor, String(cls.providerId))) throw NotFound('daycareClass');
        const queue = await enquiries.queueOf(cls);
        return {
          items: queue.map((e, i) => ({
            position: i + 1,
            enquiryId: String(e._id),
            childNickname: e.child.nickname,
            birthMonth: e.child.birthMonth,
            livesInCommunity: e.livesInCommunity,
            enquiredAt: e.createdAt.toISOString(),
          })),
        };
      },
    }),
  ];
}
