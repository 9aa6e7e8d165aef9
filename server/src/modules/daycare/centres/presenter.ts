/** Centres, classes and visit slots as the API shows them, with the actions the viewer may take. */
import {
  AGE_BAND_RULES,
  PRIORITY_RULE_NAMES,
  SCHEDULES,
  SCHEDULE_UNITS,
  type CentreAction,
  type ClassView,
  type Locale,
  type Schedule,
  type VisitSlotView,
} from '@linli/shared';
import type { z } from 'zod';
import type { CentreView, FeeView } from '@linli/shared';
import type { Actor } from '../../../platform/context';
import type { Provider } from '../../communities';
import type { UploadService } from '../../../platform/uploads';
import { isOperatorOf } from '../policy';
import type { ClassDoc, VisitSlotDoc } from './model';
import type { CentreSettings } from './service';

export function feeOf(settings: CentreSettings, schedule: Schedule): z.infer<typeof FeeView> | null {
  const fee = settings.fees[schedule];
  if (!fee) return null;
  const subsidyFen = settings.inclusive ? fee.subsidyFen : 0;
  return {
    schedule,
    unit: SCHEDULE_UNITS[schedule],
    priceFen: fee.priceFen,
    subsidyFen,
    netFen: fee.priceFen - subsidyFen,
  };
}

export function presentClass(actor: Actor, cls: ClassDoc, waitlisted: number, locale: Locale): ClassView {
  const rule = AGE_BAND_RULES[cls.band];
  const seats = Object.values(cls.seats ?? {});
  const operator = isOperatorOf(actor, String(cls.providerId));
  return {
    id: String(cls._id),
    providerId: String(cls.providerId),
    name: cls.name,
    band: cls.band,
    bandName: rule.name[locale],
    minMonths: rule.minMonths,
    maxMonths: rule.maxMonths,
    capacity: cls.capacity,
    cap: rule.cap,
    enrolled: seats.filter((s) => s.kind === 'enrolled').length,
    offered: seats.filter((s) => s.kind === 'offered').length,
    free: Math.max(0, cls.capacity - cls.taken),
    waitlisted,
    actions: operator ? ['edit', 'setEnrolled', ...(cls.taken === 0 ? (['delete'] as const) : [])] : [],
  };
}

export function presentCentre(
  actor: Actor,
  input: {
    provider: Provider;
    settings: CentreSettings;
    classes: readonly ClassDoc[];
    waitlisted: ReadonlyMap<string, number>;
    uploads: UploadService | undefined;
    locale: Locale;
  },
): CentreView {
  const { provider, settings, classes, waitlisted, uploads, locale } = input;
  const operator = isOperatorOf(actor, provider.id);
  const actions: CentreAction[] = [
    ...(operator ? (['editSettings', 'manageClasses', 'manageVisitSlots'] as const) : []),
    ...(!operator && actor.grants.length === 0 && settings.configured && classes.length
      ? (['enquire'] as const)
      : []),
  ];
  return {
    id: provider.id,
    name: provider.name,
    communityIds: provider.communityIds,
    configured: settings.configured,
    address: settings.address,
    hours: { opens: settings.hours.opens, closes: settings.hours.closes },
    inclusive: settings.inclusive,
    fees: SCHEDULES.flatMap((s) => feeOf(settings, s) ?? []),
    ageRangeMonths: { min: settings.ageRangeMonths.min, max: settings.ageRangeMonths.max },
    photos: uploads && settings.photos.length ? uploads.present(settings.photos) : [],
    offerExpiryDays: settings.offerExpiryDays,
    priorityRules: settings.priorityRules,
    priorityRuleNames: [...settings.priorityRules, 'enquiryDate' as const].map(
      (r) => PRIORITY_RULE_NAMES[r][locale],
    ),
    description: settings.description,
    classes: classes.map((c) => presentClass(actor, c, waitlisted.get(String(c._id)) ?? 0, locale)),
    actions,
  };
}

export function presentSlot(
  actor: Actor,
  slot: VisitSlotDoc,
  now: Date,
  visitors?: { enquiryId: string; childNickname: string }[],
): VisitSlotView {
  const operator = isOperatorOf(actor, String(slot.providerId));
  const left = Math.max(0, slot.places - slot.booked);
  return {
    id: String(slot._id),
    providerId: String(slot.providerId),
    startsAt: slot.startsAt.toISOString(),
    date: slot.date,
    time: slot.time,
    durationMinutes: slot.durationMinutes,
    places: slot.places,
    booked: slot.booked,
    left,
    ...(operator && visitors ? { visitors } : {}),
    actions: [
      ...(!operator && left > 0 && slot.startsAt > now ? (['book'] as const) : []),
      ...(operator && slot.booked === 0 ? (['delete'] as const) : []),
    ],
  };
}
