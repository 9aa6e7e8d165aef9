/**
 * Enquiries' API: a guardian previews availability and enquires (up to 3 centres); a confirmed
 * carer prepares one the parent confirms; both sides exchange messages; the guardian books a
 * visit and answers an offer; the centre replies, marks visits, offers, waitlists or declines.
 * Every answer carries the actions this actor may take now.
 */
import {
  BookVisitBody,
  ConfirmBody,
  DeclineBody,
  EnquiryBody,
  EnquiryListQuery,
  EnquiryView,
  MessageBody,
  MessageView,
  OfferBody,
  PreviewBody,
  PreviewView,
  EnquiryReplyBody,
  ageInMonths,
  pageOf,
  type EnquiryRole,
  type Locale,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { CentreService } from '../centres/service';
import { feeOf } from '../centres/presenter';
import { NoClassForAge } from '../errors';
import { isOperatorOf } from '../policy';
import { CentreParams, EnquiryParams } from '../params';
import type { EnquiryDoc } from './model';
import { presentEnquiry, presentMessage } from './presenter';
import type { EnquiryService } from './service';

export interface EnquiryRouteDeps {
  centres: CentreService;
  enquiries: EnquiryService;
}

type Move = (actor: Actor, e: EnquiryDoc, roles: EnquiryRole[]) => Promise<EnquiryDoc>;

export function enquiryRoutes({ centres, enquiries }: EnquiryRouteDeps): Route[] {
  async function show(actor: Actor, e: EnquiryDoc, roles: readonly EnquiryRole[], locale: Locale) {
    const provider = await centres.centre(String(e.providerId)).catch(() => undefined);
    const cls = e.classId ? await centres.findClass(String(e.classId)) : undefined;
    return presentEnquiry(e, roles, { centreName: provider?.name ?? '', cls, locale });
  }
  const showAll = (actor: Actor, items: EnquiryDoc[], locale: Locale) =>
    Promise.all(items.map((e) => show(actor, e, rolesFor(actor, e), locale)));
  const rolesFor = (actor: Actor, e: EnquiryDoc): EnquiryRole[] => [
    ...(String(e.guardianId) === actor.userId ? (['guardian'] as const) : []),
    ...(e.preparedBy && String(e.preparedBy) === actor.userId ? (['preparer'] as const) : []),
    ...(e.status !== 'prepared' && isOperatorOf(actor, String(e.providerId)) ? (['centre'] as const) : []),
  ];

  /** A POST that moves the enquiry and answers it as it now is. */
  function move(path: string, summary: string, run: Move, errors: Route['errors'] = []): Route {
    return route({
      method: 'post',
      path: `/daycare/enquiries/:enquiryId/${path}`,
      summary,
      auth: 'signedIn',
      input: { params: EnquiryParams },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', ...errors],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(actor, await run(actor, enquiry, roles), roles, localeOf(ctx));
      },
    });
  }

  return [
    route({
      method: 'post',
      path: '/daycare/enquiries/preview',
      summary:
        "Before sending: the child's age at the start, the class it would join and its places, per centre",
      auth: 'signedIn',
      input: { body: PreviewBody },
      responses: { 200: PreviewView },
      errors: ['NOT_FOUND', 'DAYCARE_NO_CLASS_FOR_AGE'],
      handler: async (ctx) => {
        const locale = localeOf(ctx);
        const found = await enquiries.availability(ctx.input.body);
        // Too young or too old for every centre chosen: say so plainly rather than list nothing.
        if (found.every((a) => !a.cls)) {
          const first = found[0]!;
          throw NoClassForAge(first.provider.name, first.ageMonthsAtStart, first.settings.ageRangeMonths);
        }
        return {
          items: found.map((a) => ({
            providerId: a.provider.id,
            centreName: a.provider.name,
            ageMonthsAtStart: ageInMonths(ctx.input.body.birthMonth, ctx.input.body.desiredStart),
            classId: a.cls ? String(a.cls._id) : null,
            className: a.cls?.name ?? null,
            band: a.cls?.band ?? null,
            free: a.cls ? Math.max(0, a.cls.capacity - a.cls.taken) : 0,
            waitlisted: a.waitlisted,
            fee: feeOf(a.settings, ctx.input.body.schedule),
            ...(a.cls
              ? {}
              : {
                  problem:
                    locale === 'en'
                      ? `no class for a child of ${a.ageMonthsAtStart} months (takes ${a.settings.ageRangeMonths.min}–${a.settings.ageRangeMonths.max})`
                      : `没有适合 ${a.ageMonthsAtStart} 个月孩子的班级（可收 ${a.settings.ageRangeMonths.min}–${a.settings.ageRangeMonths.max} 个月）`,
                }),
          })),
        };
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries',
      summary:
        'Enquire for a child (nickname and birth month) at up to 3 centres, with consent; a confirmed carer prepares one for the parent',
      auth: 'signedIn',
      input: { body: EnquiryBody },
      responses: { 201: z.object({ items: z.array(EnquiryView) }) },
      errors: ['NOT_FOUND', 'BAD_REQUEST', 'DAYCARE_CONSENT_REQUIRED', 'DAYCARE_NO_CLASS_FOR_AGE'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const made = await enquiries.create(actor, ctx.input.body);
        return { items: await showAll(actor, made, localeOf(ctx)) };
      },
    }),
    route({
      method: 'get',
      path: '/daycare/enquiries/mine',
      summary: 'My enquiries (as the parent, or prepared by me for a parent), newest first',
      auth: 'signedIn',
      input: { query: EnquiryListQuery },
      responses: { 200: pageOf(EnquiryView) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { status, ...page } = ctx.input.query;
        const found = await enquiries.mine(actor, page, status);
        return { ...found, items: await showAll(actor, found.items, localeOf(ctx)) };
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/enquiries',
      summary: "The centre's inbox: enquiries by status, unread first (its operators)",
      auth: ['operator'],
      input: { params: CentreParams, query: EnquiryListQuery },
      responses: { 200: pageOf(EnquiryView) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { providerId } = ctx.input.params;
        if (!isOperatorOf(actor, providerId)) throw NotFound('daycareCentre');
        const { status, ...page } = ctx.input.query;
        const found = await enquiries.inbox(providerId, page, status);
        return { ...found, items: await showAll(actor, found.items, localeOf(ctx)) };
      },
    }),
    route({
      method: 'get',
      path: '/daycare/enquiries/:enquiryId',
      summary: 'One enquiry with its status timeline and the actions I may take',
      auth: 'signedIn',
      input: { params: EnquiryParams },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(actor, enquiry, roles, localeOf(ctx));
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/confirm',
      summary:
        'The parent confirms an enquiry a carer prepared (every centre of it), giving their own consent',
      auth: 'signedIn',
      input: { params: EnquiryParams, body: ConfirmBody },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'DAYCARE_CONSENT_REQUIRED'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(
          actor,
          await enquiries.confirm(actor, enquiry, roles, ctx.input.body.consent),
          roles,
          localeOf(ctx),
        );
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/reply',
      summary: 'The centre answers a new enquiry (a message); it becomes replied',
      auth: ['operator'],
      input: { params: EnquiryParams, body: EnquiryReplyBody },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(
          actor,
          await enquiries.reply(actor, enquiry, roles, ctx.input.body.text),
          roles,
          localeOf(ctx),
        );
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/visit',
      summary: "The guardian books a visit from the centre's slots (never more visitors than places)",
      auth: 'signedIn',
      input: { params: EnquiryParams, body: BookVisitBody },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'DAYCARE_VISIT_FULL'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(
          actor,
          await enquiries.bookVisit(actor, enquiry, roles, ctx.input.body.slotId),
          roles,
          localeOf(ctx),
        );
      },
    }),
    move(
      'cancel-visit',
      'Cancel a booked visit (guardian or centre); its place goes back to the slot',
      (a, e, r) => enquiries.cancelVisit(a, e, r),
    ),
    move('visited', 'The centre records that the family visited', (a, e, r) =>
      enquiries.markVisited(a, e, r),
    ),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/offer',
      summary: 'The centre offers a place in the class (held until the offer expires or is answered)',
      auth: ['operator'],
      input: { params: EnquiryParams, body: OfferBody },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'DAYCARE_CLASS_FULL'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        return show(
          actor,
          await enquiries.offer(actor, enquiry, roles, ctx.input.body.classId),
          roles,
          localeOf(ctx),
        );
      },
    }),
    move('waitlist', "The centre puts the family on the class's waitlist", (a, e, r) =>
      enquiries.waitlist(a, e, r),
    ),
    move(
      'accept',
      'The guardian accepts the offered place: enrolled (their other enquiries close)',
      (a, e, r) => enquiries.accept(a, e, r),
    ),
    move('decline-offer', 'The guardian turns the offer down; the place goes to the next family', (a, e, r) =>
      enquiries.close(a, e, r, 'declineOffer'),
    ),
    move('withdraw', 'The guardian withdraws the enquiry (a preparer, one not yet confirmed)', (a, e, r) =>
      enquiries.close(a, e, r, 'withdraw'),
    ),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/decline',
      summary: 'The centre declines the enquiry, giving the family a reason',
      auth: ['operator'],
      input: { params: EnquiryParams, body: DeclineBody },
      responses: { 200: EnquiryView },
      errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        const closed = await enquiries.close(actor, enquiry, roles, 'decline', ctx.input.body.reason);
        return show(actor, closed, roles, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/daycare/enquiries/:enquiryId/messages',
      summary: 'The conversation between the family and the centre, oldest first',
      auth: 'signedIn',
      input: { params: EnquiryParams },
      responses: { 200: z.object({ items: z.array(MessageView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { enquiry, roles } = await enquiries.visible(ctx.state.actor, ctx.input.params.enquiryId);
        const side = roles.includes('centre')
          ? 'centre'
          : roles.includes('guardian')
            ? 'guardian'
            : undefined;
        return { items: (await enquiries.messages(enquiry)).map((m) => presentMessage(m, side)) };
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/messages',
      summary: 'Send a message to the centre (guardian) or the family (centre); delivered live',
      auth: 'signedIn',
      input: { params: EnquiryParams, body: MessageBody },
      responses: { 201: MessageView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { enquiry, roles } = await enquiries.visible(actor, ctx.input.params.enquiryId);
        const message = await enquiries.post(actor, enquiry, roles, ctx.input.body.text);
        return presentMessage(message, message.from);
      },
    }),
    route({
      method: 'post',
      path: '/daycare/enquiries/:enquiryId/read',
      summary: 'Mark the conversation read on my side (the unread count goes to 0)',
      auth: 'signedIn',
      input: { params: EnquiryParams },
      responses: { 204: null },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { enquiry, roles } = await enquiries.visible(ctx.state.actor, ctx.input.params.enquiryId);
        await enquiries.markRead(enquiry, roles);
        ctx.status = 204;
      },
    }),
    route({
      method: 'get',
      path: '/daycare/unread',
      summary: 'Unread messages: on my enquiries, and per centre I operate',
      auth: 'signedIn',
      responses: {
        200: z.object({
          guardian: z.number().int(),
          centres: z.array(z.object({ providerId: z.string(), unread: z.number().int() })),
        }),
      },
      handler: async (ctx) => enquiries.unreadFor(ctx.state.actor),
    }),
  ];
}
