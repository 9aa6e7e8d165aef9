/**
 * Daycare enquiries (托育咨询): centres (providers of kind 'daycare') with their fees, classes by
 * age band under the national class-size caps, visit slots; guardians' enquiries for a child
 * (nickname and birth month only) that move new → replied → visit booked → visited → offered →
 * enrolled, or waitlisted / declined / withdrawn; messages both ways; the waitlist with an
 * estimated window; the centre's console figures and the committee's demand. Money in fen.
 */
import { z } from 'zod';
import { ObjectIdSchema, WorkflowHistoryEntryView } from './common';
import type { LocalizedText } from './i18n';
import { MealDateSchema, MonthSchema, TimeOfDaySchema } from './meals';

// ---- age bands and the national standard (托育机构设置标准) ----

export const AGE_BANDS = ['infant', 'toddler', 'olderToddler', 'mixed'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * Each band takes children from `minMonths` (inclusive) to `maxMonths` (exclusive) of age, and a
 * class of that band holds at most `cap` children (乳儿班 ≤ 10, 托小班 ≤ 15, 托大班 ≤ 20, 混龄班 ≤ 18).
 */
export const AGE_BAND_RULES: Readonly<
  Record<AgeBand, { minMonths: number; maxMonths: number; cap: number; name: LocalizedText }>
> = {
  infant: { minMonths: 6, maxMonths: 12, cap: 10, name: { 'zh-CN': '乳儿班', en: 'infant class' } },
  toddler: { minMonths: 12, maxMonths: 24, cap: 15, name: { 'zh-CN': '托小班', en: 'toddler class' } },
  olderToddler: {
    minMonths: 24,
    maxMonths: 36,
    cap: 20,
    name: { 'zh-CN': '托大班', en: 'older toddler class' },
  },
  mixed: { minMonths: 18, maxMonths: 36, cap: 18, name: { 'zh-CN': '混龄班', en: 'mixed-age class' } },
};

export const BirthMonthSchema = MonthSchema.meta({
  description:
    'Birth month, YYYY-MM (no day is kept). Ages are counted as if born on the 1st: a child born ' +
    'in 2030-09 is 12 months old from 2031-09-01.',
  example: '2030-09',
});

/**
 * Age in whole months on `date` ('YYYY-MM-DD') of a child born in `birthMonth` ('YYYY-MM'). Only the
 * month of birth is kept (data minimisation), so the child is taken as born on the 1st of it: the
 * age goes up on the 1st of each month, as centres count 月龄 by calendar month.
 */
export function ageInMonths(birthMonth: string, date: string): number {
  const [by, bm] = birthMonth.split('-').map(Number) as [number, number];
  const [y, m] = date.split('-').map(Number) as [number, number];
  return (y - by) * 12 + (m - bm);
}

// ---- centres ----

export const SCHEDULES = ['fullDay', 'halfDay', 'hourly'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const SCHEDULE_NAMES: Readonly<Record<Schedule, LocalizedText>> = {
  fullDay: { 'zh-CN': '全日托', en: 'full day' },
  halfDay: { 'zh-CN': '半日托', en: 'half day' },
  hourly: { 'zh-CN': '计时托', en: 'hourly' },
};
/** Full and half day are charged by the month, hourly care by the hour. */
export const SCHEDULE_UNITS: Readonly<Record<Schedule, 'month' | 'hour'>> = {
  fullDay: 'month',
  halfDay: 'month',
  hourly: 'hour',
};

/** What a centre's waitlist is ordered by, in the order the centre publishes; then the enquiry date. */
export const PRIORITY_RULES = ['siblingEnrolled', 'livesInCommunity'] as const;
export type PriorityRule = (typeof PRIORITY_RULES)[number];
export const PRIORITY_RULE_NAMES: Readonly<Record<PriorityRule | 'enquiryDate', LocalizedText>> = {
  siblingEnrolled: { 'zh-CN': '已有兄弟姐妹在园', en: 'a sibling is enrolled' },
  livesInCommunity: { 'zh-CN': '居住在本社区', en: 'lives in the community' },
  enquiryDate: { 'zh-CN': '咨询先后', en: 'date of enquiry' },
};

const Fen = z.number().int().min(0).max(10_000_000);

export const FeeSchema = z
  .strictObject({
    priceFen: Fen.meta({ description: 'Before subsidy, per month (full/half day) or per hour (hourly)' }),
    subsidyFen: Fen.default(0).meta({ description: 'Inclusive (普惠) subsidy off the price; 0 when none' }),
  })
  .refine((fee) => fee.subsidyFen <= fee.priceFen, {
    path: ['subsidyFen'],
    params: { text: { 'zh-CN': '补贴不能高于收费', en: 'cannot be more than the price' } },
  });

export const CentreSettingsBody = z
  .strictObject({
    address: z.string().trim().min(1).max(100),
    hours: z
      .strictObject({ opens: TimeOfDaySchema, closes: TimeOfDaySchema })
      .refine((h) => h.opens < h.closes, {
        path: ['closes'],
        params: { text: { 'zh-CN': '关门时间须晚于开门时间', en: 'must be later than the opening time' } },
      }),
    inclusive: z.boolean().meta({ description: 'An inclusive (普惠) centre, whose fees are subsidised' }),
    fees: z
      .strictObject({
        fullDay: FeeSchema.optional(),
        halfDay: FeeSchema.optional(),
        hourly: FeeSchema.optional(),
      })
      .refine((f) => Object.values(f).some(Boolean), {
        params: {
          text: { 'zh-CN': '至少填写一种托育方式的收费', en: 'give the fee of at least one schedule' },
        },
      }),
    ageRangeMonths: z
      .strictObject({ min: z.number().int().min(0).max(72), max: z.number().int().min(1).max(72) })
      .refine((r) => r.min < r.max, {
        path: ['max'],
        params: { text: { 'zh-CN': '须大于最小月龄', en: 'must be more than the minimum' } },
      })
      .meta({ description: 'Children from min (inclusive) to max (exclusive) months of age' }),
    photoIds: z.array(ObjectIdSchema).max(9).default([]).meta({ description: 'Uploads (POST /uploads)' }),
    offerExpiryDays: z.number().int().min(1).max(30).default(7),
    priorityRules: z
      .array(z.enum(PRIORITY_RULES))
      .max(PRIORITY_RULES.length)
      .refine((rules) => new Set(rules).size === rules.length, {
        params: { text: { 'zh-CN': '同一规则只能出现一次', en: 'each rule may appear once' } },
      })
      .default([])
      .meta({ description: 'Waitlist order, first rule first; ties go by date of enquiry' }),
    description: z.string().trim().max(1000).default(''),
    replyTemplates: z
      .array(
        z.strictObject({ title: z.string().trim().min(1).max(30), text: z.string().trim().min(1).max(500) }),
      )
      .max(20)
      .default([]),
  })
  .superRefine((body, ctx) => {
    if (body.inclusive) return;
    for (const schedule of SCHEDULES)
      if ((body.fees[schedule]?.subsidyFen ?? 0) > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['fees', schedule, 'subsidyFen'],
          params: {
            text: { 'zh-CN': '非普惠托育机构没有普惠补贴', en: 'only an inclusive centre has a subsidy' },
          },
        });
  })
  .meta({ id: 'DaycareCentreSettingsBody' });
export type CentreSettingsBody = z.infer<typeof CentreSettingsBody>;

const PhotoView = z.object({
  id: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string(),
  thumbUrl: z.string(),
});

export const FeeView = z.object({
  schedule: z.enum(SCHEDULES),
  unit: z.enum(['month', 'hour']),
  priceFen: z.number().int(),
  subsidyFen: z.number().int(),
  netFen: z.number().int().meta({ description: 'What the family pays: price minus subsidy' }),
});

export const CENTRE_ACTIONS = ['editSettings', 'manageClasses', 'manageVisitSlots', 'enquire'] as const;
export type CentreAction = (typeof CENTRE_ACTIONS)[number];

export const ClassView = z
  .object({
    id: ObjectIdSchema,
    providerId: ObjectIdSchema,
    name: z.string(),
    band: z.enum(AGE_BANDS),
    bandName: z.string(),
    minMonths: z.number().int(),
    maxMonths: z.number().int(),
    capacity: z.number().int(),
    cap: z.number().int().meta({ description: 'The national cap for this band' }),
    enrolled: z.number().int(),
    offered: z.number().int().meta({ description: 'Places held by offers not yet answered' }),
    free: z.number().int(),
    waitlisted: z.number().int(),
    actions: z.array(z.enum(['edit', 'setEnrolled', 'delete'])),
  })
  .meta({ id: 'DaycareClass' });
export type ClassView = z.infer<typeof ClassView>;

export const CentreView = z
  .object({
    id: ObjectIdSchema,
    name: z.string(),
    communityIds: z.array(ObjectIdSchema),
    configured: z.boolean().meta({ description: 'False until the operator saves settings' }),
    address: z.string(),
    hours: z.object({ opens: z.string(), closes: z.string() }),
    inclusive: z.boolean(),
    fees: z.array(FeeView),
    ageRangeMonths: z.object({ min: z.number().int(), max: z.number().int() }),
    photos: z.array(PhotoView),
    offerExpiryDays: z.number().int(),
    priorityRules: z.array(z.enum(PRIORITY_RULES)),
    priorityRuleNames: z.array(z.string()).meta({ description: 'The published order, in words' }),
    description: z.string(),
    classes: z.array(ClassView),
    actions: z.array(z.enum(CENTRE_ACTIONS)),
  })
  .meta({ id: 'DaycareCentre' });
export type CentreView = z.infer<typeof CentreView>;

export const CentreSettingsView = CentreView.extend({
  replyTemplates: z.array(z.object({ title: z.string(), text: z.string() })),
}).meta({ id: 'DaycareCentreSettings' });

export const ClassBody = z
  .strictObject({
    name: z.string().trim().min(1).max(30),
    band: z.enum(AGE_BANDS),
    capacity: z.number().int().min(1).max(100),
  })
  .superRefine((body, ctx) => {
    const { cap, name } = AGE_BAND_RULES[body.band];
    if (body.capacity > cap)
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        params: {
          text: {
            'zh-CN': `按国家托育机构设置标准，${name['zh-CN']}每班不超过 ${cap} 人`,
            en: `the national standard caps a ${name.en} at ${cap} children`,
          },
        },
      });
  })
  .meta({ id: 'DaycareClassBody' });
export type ClassBody = z.infer<typeof ClassBody>;

/** Children already in the class outside this platform: their birth months only. */
export const EnrolledBody = z
  .strictObject({ birthMonths: z.array(BirthMonthSchema).max(100) })
  .meta({ id: 'DaycareEnrolledBody' });

// ---- visit slots ----

export const VisitSlotBody = z
  .strictObject({
    date: MealDateSchema,
    time: TimeOfDaySchema,
    durationMinutes: z.number().int().min(15).max(240).default(60),
    places: z.number().int().min(1).max(50),
  })
  .meta({ id: 'DaycareVisitSlotBody' });
export type VisitSlotBody = z.infer<typeof VisitSlotBody>;

export const VisitSlotView = z
  .object({
    id: ObjectIdSchema,
    providerId: ObjectIdSchema,
    startsAt: z.string(),
    date: z.string(),
    time: z.string(),
    durationMinutes: z.number().int(),
    places: z.number().int(),
    booked: z.number().int(),
    left: z.number().int(),
    /** For the centre's calendar only: who comes (nickname, enquiry). */
    visitors: z.array(z.object({ enquiryId: ObjectIdSchema, childNickname: z.string() })).optional(),
    actions: z.array(z.enum(['book', 'delete'])),
  })
  .meta({ id: 'DaycareVisitSlot' });
export type VisitSlotView = z.infer<typeof VisitSlotView>;

// ---- enquiries ----

/**
 * An enquiry prepared by a carer (a grandparent) is `prepared` until the parent confirms it; then
 * `new` at the centre, and so on. `declined` is the centre's no (with a reason), `withdrawn` the
 * guardian's (or an offer that expired unanswered).
 */
export const ENQUIRY_STATUSES = [
  'prepared',
  'new',
  'replied',
  'visitBooked',
  'visited',
  'offered',
  'waitlisted',
  'enrolled',
  'declined',
  'withdrawn',
] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

export const ENQUIRY_ACTIONS = [
  'confirm',
  'reply',
  'bookVisit',
  'cancelVisit',
  'markVisited',
  'offer',
  'waitlist',
  'accept',
  'declineOffer',
  'expire',
  'offerNext',
  'decline',
  'withdraw',
  'enrolledElsewhere',
] as const;
export type EnquiryAction = (typeof ENQUIRY_ACTIONS)[number];

/** The roles an actor can hold towards an enquiry. */
export const ENQUIRY_ROLES = ['guardian', 'preparer', 'centre', 'system'] as const;
export type EnquiryRole = (typeof ENQUIRY_ROLES)[number];

/** The wording a guardian agrees to before a child's data is stored (PIPL art. 28–31). */
export const DAYCARE_CONSENT = {
  version: '2026-12-v1',
  text: {
    'zh-CN':
      '我同意邻里通及我选择的托育机构处理孩子的昵称和出生年月，仅用于本次托育咨询、参观预约和入托安排。' +
      '这些信息属于敏感个人信息；咨询撤回或被婉拒后将在保留期满时删除，我可随时导出或删除。',
    en:
      "I agree that Linli and the centres I choose may process my child's nickname and birth month, " +
      'only for this daycare enquiry, visits and a place. This is sensitive personal information; it is ' +
      'deleted after the retention period once the enquiry is withdrawn or declined, and I may export ' +
      'or delete it at any time.',
  } satisfies LocalizedText,
} as const;

export const ConsentBody = z
  .strictObject({
    version: z
      .string()
      .max(40)
      .meta({ description: `The wording agreed to: ${DAYCARE_CONSENT.version}` }),
    agreed: z.literal(true),
  })
  .meta({ id: 'DaycareConsent' });

/** Common surnames: a nickname of 2–4 Han characters starting with one looks like a full name. */
const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文';

/**
 * Why a nickname would not do (it looks like a full name or carries an ID number), or undefined.
 * A reduplicated name (豆豆, 乐乐) or one starting with 小/大/阿 is a nickname.
 */
export function nicknameProblem(nickname: string): LocalizedText | undefined {
  const name = nickname.trim();
  if (/\d{6,}|\d{17}[\dXx]/.test(name))
    return { 'zh-CN': '请不要填写身份证号等证件号码', en: 'do not give an ID or any other document number' };
  const han = /^[\u4e00-\u9fff]{2,4}$/.test(name);
  const doubled = name.length === 2 && name[0] === name[1];
  if (han && !doubled && !/^[小大阿]/.test(name) && COMMON_SURNAMES.includes(name[0]!))
    return {
      'zh-CN': '请填写小名（如“豆豆”），不要填写孩子的全名',
      en: 'give a nickname (such as 豆豆), not the child’s full name',
    };
  if (/^[A-Z][a-z]+\s+[A-Z][a-z]+/.test(name))
    return { 'zh-CN': '请填写小名，不要填写孩子的全名', en: 'give a nickname, not the child’s full name' };
  return undefined;
}

export const ChildSchema = z.strictObject({
  nickname: z
    .string()
    .trim()
    .min(1)
    .max(12)
    .superRefine((value, ctx) => {
      const problem = nicknameProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', params: { text: problem } });
    }),
  birthMonth: BirthMonthSchema,
});
export type Child = z.infer<typeof ChildSchema>;

export const EnquiryBody = z
  .strictObject({
    child: ChildSchema,
    desiredStart: MealDateSchema.meta({ description: 'From 14 days to a year ahead (Asia/Shanghai)' }),
    schedule: z.enum(SCHEDULES),
    questions: z.string().trim().max(500).default(''),
    centreIds: z
      .array(ObjectIdSchema)
      .min(1)
      .max(3)
      .refine((ids) => new Set(ids.map((i) => i.toLowerCase())).size === ids.length, {
        params: { text: { 'zh-CN': '同一机构只能选一次', en: 'each centre may be chosen once' } },
      })
      .meta({ description: 'Up to 3 centres, first preference first' }),
    consent: ConsentBody,
    /** A confirmed carer (a grandparent) prepares it for the parent, who then confirms. */
    forGuardianId: ObjectIdSchema.optional(),
  })
  .meta({ id: 'DaycareEnquiryBody' });
export type EnquiryBody = z.infer<typeof EnquiryBody>;

export const PreviewBody = z
  .strictObject({
    birthMonth: BirthMonthSchema,
    desiredStart: MealDateSchema,
    schedule: z.enum(SCHEDULES),
    centreIds: EnquiryBody.shape.centreIds,
  })
  .meta({ id: 'DaycarePreviewBody' });

export const AvailabilityView = z
  .object({
    providerId: ObjectIdSchema,
    centreName: z.string(),
    ageMonthsAtStart: z.number().int(),
    classId: ObjectIdSchema.nullable(),
    className: z.string().nullable(),
    band: z.enum(AGE_BANDS).nullable(),
    free: z.number().int(),
    waitlisted: z.number().int(),
    fee: FeeView.nullable().meta({
      description: "The centre's fee for the schedule chosen; null if it has none",
    }),
    problem: z.string().optional().meta({ description: 'Why this centre cannot take the child' }),
  })
  .meta({ id: 'DaycareAvailability' });
export const PreviewView = z.object({ items: z.array(AvailabilityView) }).meta({ id: 'DaycarePreview' });

export const EnquiryHistoryEntryView = WorkflowHistoryEntryView.extend({
  label: z.string().meta({ description: 'The new status in words' }),
});

export const EnquiryView = z
  .object({
    id: ObjectIdSchema,
    groupId: ObjectIdSchema,
    preference: z.number().int().meta({ description: '1 = first choice' }),
    providerId: ObjectIdSchema,
    centreName: z.string(),
    guardianId: ObjectIdSchema,
    preparedBy: ObjectIdSchema.optional(),
    child: z.object({ nickname: z.string(), birthMonth: z.string() }),
    childErased: z.boolean(),
    ageMonthsAtStart: z.number().int(),
    desiredStart: z.string(),
    schedule: z.enum(SCHEDULES),
    questions: z.string(),
    classId: ObjectIdSchema.nullable(),
    className: z.string().nullable(),
    status: z.enum(ENQUIRY_STATUSES),
    statusLabel: z.string(),
    declineReason: z.string().optional(),
    visit: z.object({ slotId: ObjectIdSchema, startsAt: z.string() }).optional(),
    offerExpiresAt: z.string().optional(),
    unread: z.number().int().meta({ description: 'Messages the viewer has not read' }),
    createdAt: z.string(),
    history: z.array(EnquiryHistoryEntryView),
    actions: z.array(z.enum([...ENQUIRY_ACTIONS, 'message'])),
  })
  .meta({ id: 'DaycareEnquiry' });
export type EnquiryView = z.infer<typeof EnquiryView>;

export const EnquiryListQuery = z.object({
  status: z.enum(ENQUIRY_STATUSES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const MessageBody = z.strictObject({ text: z.string().trim().min(1).max(1000) }).meta({
  id: 'DaycareMessageBody',
});
export const MessageView = z
  .object({
    id: ObjectIdSchema,
    from: z.enum(['guardian', 'centre']),
    text: z.string(),
    at: z.string(),
    mine: z.boolean(),
  })
  .meta({ id: 'DaycareMessage' });

export const EnquiryReplyBody = MessageBody.meta({ id: 'DaycareReplyBody' });
export const DeclineBody = z
  .strictObject({ reason: z.string().trim().min(1).max(200) })
  .meta({ id: 'DaycareDeclineBody' });
export const BookVisitBody = z.strictObject({ slotId: ObjectIdSchema }).meta({ id: 'DaycareBookVisitBody' });
export const ConfirmBody = z.strictObject({ consent: ConsentBody }).meta({ id: 'DaycareConfirmBody' });
export const OfferBody = z
  .strictObject({ classId: ObjectIdSchema.optional().meta({ description: 'Default: the derived class' }) })
  .meta({ id: 'DaycareOfferBody' });

// ---- waitlist ----

export const WaitlistView = z
  .object({
    enquiryId: ObjectIdSchema,
    classId: ObjectIdSchema,
    className: z.string(),
    position: z.number().int().min(1),
    of: z.number().int(),
    window: z
      .object({ from: z.string(), to: z.string().nullable() })
      .nullable()
      .meta({ description: 'Months (YYYY-MM) the offer is likely between; to null = later than shown' }),
    summary: z.string().meta({ description: '"likely between October and December", in words' }),
    basedOn: z.object({
      capacity: z.number().int(),
      freeNow: z.number().int(),
      offersOutstanding: z.number().int(),
      acceptanceRate: z.number().nullable(),
      offersDecided: z.number().int(),
      ageingOut: z.array(z.object({ month: z.string(), count: z.number().int() })),
      rules: z.array(z.string()),
      explanation: z.string(),
    }),
  })
  .meta({ id: 'DaycareWaitlist' });
export type WaitlistView = z.infer<typeof WaitlistView>;

// ---- figures ----

export const OccupancyView = z
  .object({
    classes: z.array(
      z.object({
        classId: ObjectIdSchema,
        name: z.string(),
        band: z.enum(AGE_BANDS),
        capacity: z.number().int(),
        series: z.array(
          z.object({
            month: z.string(),
            enrolled: z.number().int(),
            offered: z.number().int(),
            free: z.number().int(),
            ageingOut: z.number().int().meta({ description: 'Children who leave the band that month' }),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'DaycareOccupancy' });

export const PeriodQuery = z.object({ from: MealDateSchema, to: MealDateSchema });
export const ConversionView = z
  .object({
    from: z.string(),
    to: z.string(),
    enquiries: z.number().int(),
    visits: z.number().int(),
    offers: z.number().int(),
    enrolments: z.number().int(),
    rates: z.object({
      visitPerEnquiry: z.number().nullable(),
      offerPerVisit: z.number().nullable(),
      enrolPerOffer: z.number().nullable(),
    }),
  })
  .meta({ id: 'DaycareConversion' });

export const DemandQuery = z.object({ months: z.number().int().min(1).max(24).default(6) });
export const DemandView = z
  .object({
    communityId: ObjectIdSchema,
    months: z.array(z.string()),
    bands: z.array(
      z.object({
        band: z.enum(AGE_BANDS),
        name: z.string(),
        enquiries: z.array(z.number().int()).meta({ description: 'New enquiries per month' }),
        waitlisted: z.array(z.number().int()).meta({ description: 'Waiting at the end of each month' }),
      }),
    ),
  })
  .meta({ id: 'DaycareDemand' });

export const InboxQuery = EnquiryListQuery;
