/**
 * Centres' API: residents list the centres serving their communities (fees net of the inclusive
 * subsidy, classes with free places); a centre's operators edit its settings, classes (under the
 * national caps) and visit slots, and see who comes to each visit.
 */
import {
  CentreSettingsBody,
  CentreSettingsView,
  CentreView,
  ClassBody,
  ClassView,
  EnrolledBody,
  MealDateSchema,
  VisitSlotBody,
  VisitSlotView,
} from '@linli/shared';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { Provider } from '../../communities';
import { addDays, shanghaiDate, shanghaiInstant } from '../dates';
import { EnquiryModel, type EnquiryDoc } from '../enquiries/model';
import type { UploadService } from '../../../platform/uploads';
import { isOperatorOf } from '../policy';
import { CentreParams, ClassParams, SlotParams } from '../params';
import type { ClassDoc } from './model';
import { presentCentre, presentClass, presentSlot } from './presenter';
import type { CentreService } from './service';

export interface CentreRouteDeps {
  centres: CentreService;
  uploads: UploadService | undefined;
  clock: Clock;
}

const SlotRange = z.object({ from: MealDateSchema.optional(), to: MealDateSchema.optional() });

export function centreRoutes({ centres, uploads, clock }: CentreRouteDeps): Route[] {
  /**
   * A centre's public page (address, fees, classes with places) is for anyone signed in: families
   * from outside its communities may enquire too (living in the community is a priority rule,
   * not a condition).
   */
  async function visibleCentre(_actor: Actor, providerId: string) {
    return centres.centre(providerId);
  }
  async function operated(actor: Actor, providerId: string) {
    if (!isOperatorOf(actor, providerId)) throw NotFound('daycareCentre');
    return centres.centre(providerId);
  }
  async function operatedClass(actor: Actor, classId: string): Promise<ClassDoc> {
    const cls = await centres.findClass(classId);
    if (!cls || !isOperatorOf(actor, String(cls.providerId))) throw NotFound('daycareClass');
    return cls;
  }

  async function waitlistedByClass(providerId: string) {
    const waiting = await EnquiryModel.find({ providerId, status: 'waitlisted' }, { classId: 1 }).lean<
      EnquiryDoc[]
    >();
    const counts = new Map<string, number>();
    for (const e of waiting) counts.set(String(e.classId), (counts.get(String(e.classId)) ?? 0) + 1);
    return counts;
  }

  async function showCentre(actor: Actor, provider: Provider, locale: 'zh-CN' | 'en') {
    return presentCentre(actor, {
      provider,
      settings: await centres.settings(provider.id),
      classes: await centres.classes(provider.id),
      waitlisted: await waitlistedByClass(provider.id),
      uploads,
      locale,
    });
  }
  async function showClass(actor: Actor, cls: ClassDoc, locale: 'zh-CN' | 'en') {
    return presentClass(
      actor,
      cls,
      (await waitlistedByClass(String(cls.providerId))).get(String(cls._id)) ?? 0,
      locale,
    );
  }
  async function showSettings(actor: Actor, provider: Provider, locale: 'zh-CN' | 'en') {
    const settings = await centres.settings(provider.id);
    return {
      ...(await showCentre(actor, provider, locale)),
      replyTemplates: settings.replyTemplates.map((t) => ({ title: t.title, text: t.text })),
    };
  }

  return [
    route({
      method: 'get',
      path: '/daycare/centres',
      summary:
        'Daycare centres serving my communities, and those I operate: fees net of subsidy, classes, places',
      auth: 'signedIn',
      responses: { 200: z.object({ items: z.array(CentreView) }) },
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const found = await centres.centresIn(actor.homes.map((h) => h.communityId));
        for (const g of actor.grants)
          if (g.role === 'operator' && !found.some((p) => p.id === g.providerId)) {
            const p = await centres.centre(g.providerId).catch(() => undefined);
            if (p) found.push(p);
          }
        const locale = localeOf(ctx);
        return { items: await Promise.all(found.map((p) => showCentre(actor, p, locale))) };
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId',
      summary:
        'A centre: address, hours, fees net of the inclusive subsidy, age range, classes with places, priority rules',
      auth: 'signedIn',
      input: { params: CentreParams },
      responses: { 200: CentreView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const provider = await visibleCentre(ctx.state.actor, ctx.input.params.providerId);
        return showCentre(ctx.state.actor, provider, localeOf(ctx));
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/settings',
      summary: "A centre's settings with its reply templates (its operators)",
      auth: ['operator'],
      input: { params: CentreParams },
      responses: { 200: CentreSettingsView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const provider = await operated(ctx.state.actor, ctx.input.params.providerId);
        return showSettings(ctx.state.actor, provider, localeOf(ctx));
      },
    }),
    route({
      method: 'put',
      path: '/daycare/centres/:providerId/settings',
      summary:
        'Set address, hours, inclusive flag, fees and subsidy per schedule, age range, photos, offer expiry, priority rules',
      auth: ['operator'],
      input: { params: CentreParams, body: CentreSettingsBody },
      responses: { 200: CentreSettingsView },
      errors: ['NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const provider = await operated(actor, ctx.input.params.providerId);
        await centres.saveSettings(actor, provider.id, ctx.input.body);
        return showSettings(actor, provider, localeOf(ctx));
      },
    }),
    route({
      method: 'post',
      path: '/daycare/centres/:providerId/classes',
      summary: 'Add a class of an age band; a capacity over the national cap for the band is refused',
      auth: ['operator'],
      input: { params: CentreParams, body: ClassBody },
      responses: { 201: ClassView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const provider = await operated(ctx.state.actor, ctx.input.params.providerId);
        const cls = await centres.createClass(provider.id, ctx.input.body);
        return showClass(ctx.state.actor, cls, localeOf(ctx));
      },
    }),
    route({
      method: 'put',
      path: '/daycare/classes/:classId',
      summary:
        "Rename a class, change its band or capacity (never below the places it holds, never over the band's cap)",
      auth: ['operator'],
      input: { params: ClassParams, body: ClassBody },
      responses: { 200: ClassView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const cls = await operatedClass(ctx.state.actor, ctx.input.params.classId);
        return showClass(ctx.state.actor, await centres.updateClass(cls, ctx.input.body), localeOf(ctx));
      },
    }),
    route({
      method: 'put',
      path: '/daycare/classes/:classId/enrolled',
      summary: 'Children enrolled outside the platform, as birth months only (for places and ageing out)',
      auth: ['operator'],
      input: { params: ClassParams, body: EnrolledBody },
      responses: { 200: ClassView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const cls = await operatedClass(ctx.state.actor, ctx.input.params.classId);
        return showClass(
          ctx.state.actor,
          await centres.setEnrolled(cls, ctx.input.body.birthMonths),
          localeOf(ctx),
        );
      },
    }),
    route({
      method: 'delete',
      path: '/daycare/classes/:classId',
      summary: 'Delete a class that holds no child',
      auth: ['operator'],
      input: { params: ClassParams },
      responses: { 204: null },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        await centres.deleteClass(await operatedClass(ctx.state.actor, ctx.input.params.classId));
        ctx.status = 204;
      },
    }),
    route({
      method: 'post',
      path: '/daycare/centres/:providerId/visit-slots',
      summary: 'Open a visit slot (date, time, places)',
      auth: ['operator'],
      input: { params: CentreParams, body: VisitSlotBody },
      responses: { 201: VisitSlotView },
      errors: ['NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) => {
        const provider = await operated(ctx.state.actor, ctx.input.params.providerId);
        return presentSlot(
          ctx.state.actor,
          await centres.createSlot(provider.id, ctx.input.body),
          clock.now(),
          [],
        );
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/visit-slots',
      summary:
        "A centre's coming visit slots with places left; for its operators, the calendar with who comes (default: 4 weeks)",
      auth: 'signedIn',
      input: { params: CentreParams, query: SlotRange },
      responses: { 200: z.object({ items: z.array(VisitSlotView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const provider = await visibleCentre(actor, ctx.input.params.providerId);
        const today = shanghaiDate(clock.now());
        const from = ctx.input.query.from ? shanghaiInstant(ctx.input.query.from, '00:00') : clock.now();
        const to = shanghaiInstant(ctx.input.query.to ?? addDays(today, 28), '23:59');
        const slots = await centres.slots(provider.id, { from, to });
        const operator = isOperatorOf(actor, provider.id);
        const visitors = new Map<string, { enquiryId: string; childNickname: string }[]>();
        if (operator) {
          const ids = slots.flatMap((s) => s.enquiryIds);
          const booked = await EnquiryModel.find({ _id: { $in: ids } }, { child: 1, visit: 1 }).lean<
            EnquiryDoc[]
          >();
          for (const e of booked)
            if (e.visit) {
              const key = String(e.visit.slotId);
              visitors.set(key, [
                ...(visitors.get(key) ?? []),
                { enquiryId: String(e._id), childNickname: e.child.nickname },
              ]);
            }
        }
        return {
          items: slots.map((s) =>
            presentSlot(actor, s, clock.now(), operator ? (visitors.get(String(s._id)) ?? []) : undefined),
          ),
        };
      },
    }),
    route({
      method: 'delete',
      path: '/daycare/visit-slots/:slotId',
      summary: 'Remove a visit slot nobody has booked',
      auth: ['operator'],
      input: { params: SlotParams },
      responses: { 204: null },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const slot = await centres.findSlot(ctx.input.params.slotId);
        if (!slot || !isOperatorOf(ctx.state.actor, String(slot.providerId))) throw NotFound('visitSlot');
        await centres.deleteSlot(slot);
        ctx.status = 204;
      },
    }),
  ];
}
