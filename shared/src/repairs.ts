/**
 * Repair requests (物业报修): categories per community (Open311 "services"), tickets and their
 * workflow, "me too" on public-area reports, deadlines, the follow-up, the property team's figures.
 * Money is integer fen; times are ISO instants (UTC), shown in Asia/Shanghai.
 */
import { z } from 'zod';
import { ObjectIdSchema, PageQuerySchema, WorkflowHistoryEntryView, pageOf } from './common';
import type { LocalizedText } from './i18n';

/** Where a category's problems are: a shared part of the community, or inside a household. */
export const REPAIR_AREAS = ['public', 'home'] as const;
export type RepairArea = (typeof REPAIR_AREAS)[number];

export const URGENCY_LEVELS = ['emergency', 'urgent', 'normal'] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];
export const URGENCY_NAMES: Readonly<Record<UrgencyLevel, LocalizedText>> = {
  emergency: { 'zh-CN': '紧急', en: 'emergency' },
  urgent: { 'zh-CN': '加急', en: 'urgent' },
  normal: { 'zh-CN': '普通', en: 'normal' },
};

/** Extra questions a category asks when reporting (Open311 "attributes"). */
export const FIELD_TYPES = ['string', 'number', 'singleChoice', 'multipleChoice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const FieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'a short latin key, e.g. floor');

export const CategoryFieldSchema = z
  .object({
    key: FieldKey,
    label: z.string().trim().min(1).max(40),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    /** For choices: the values a resident picks from. */
    options: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  })
  .refine((f) => (f.type === 'singleChoice' || f.type === 'multipleChoice' ? f.options.length >= 2 : true), {
    message: 'a choice needs at least two options',
    path: ['options'],
  });
export type CategoryField = z.infer<typeof CategoryFieldSchema>;

export const UrgencyDeadlineSchema = z.object({
  level: z.enum(URGENCY_LEVELS),
  /** Hours from the report to the promised fix. */
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});

export const CategoryBody = z
  .object({
    /** Open311 service_code: unique within the community. */
    code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    name: z.string().trim().min(1).max(40),
    /** Open311 group, e.g. 水电 / 公共设施. */
    group: z.string().trim().min(1).max(40),
    description: z.string().trim().max(200).default(''),
    area: z.enum(REPAIR_AREAS),
    urgencies: z.array(UrgencyDeadlineSchema).min(1).max(3),
    fields: z.array(CategoryFieldSchema).max(10).default([]),
    /** The property team (a provider of kind 'property' serving the community) that handles it. */
    providerId: ObjectIdSchema,
    active: z.boolean().default(true),
  })
  .refine((c) => new Set(c.urgencies.map((u) => u.level)).size === c.urgencies.length, {
    message: 'each urgency level once',
    path: ['urgencies'],
  })
  .refine((c) => new Set(c.fields.map((f) => f.key)).size === c.fields.length, {
    message: 'each field key once',
    path: ['fields'],
  });
export type CategoryBody = z.infer<typeof CategoryBody>;

export const CATEGORY_ACTIONS = ['edit'] as const;
export const CategoryView = z.object({
  id: ObjectIdSchema,
  communityId: ObjectIdSchema,
  providerId: ObjectIdSchema,
  code: z.string(),
  name: z.string(),
  group: z.string(),
  description: z.string(),
  area: z.enum(REPAIR_AREAS),
  urgencies: z.array(UrgencyDeadlineSchema),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(FIELD_TYPES),
      required: z.boolean(),
      options: z.array(z.string()),
    }),
  ),
  active: z.boolean(),
  actions: z.array(z.enum(CATEGORY_ACTIONS)),
});
export type CategoryView = z.infer<typeof CategoryView>;

/**
 * The ticket's life. `quoted`: in-home paid work waits for the resident to approve the price;
 * `merged`: a duplicate folded into another report (its people follow the survivor).
 */
export const TICKET_STATUSES = [
  'submitted',
  'accepted',
  'assigned',
  'onTheWay',
  'quoted',
  'quoteApproved',
  'inProgress',
  'resolved',
  'closed',
  'reopened',
  'rejected',
  'cancelled',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_ACTIONS = [
  'accept',
  'reject',
  'assign',
  'claim',
  'cancel',
  'depart',
  'quote',
  'approveQuote',
  'declineQuote',
  'start',
  'resolve',
  'confirm',
  'reopen',
  'autoClose',
  'followUpReopen',
  'merge',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** What else the viewer may do with a ticket besides moving it (not workflow moves). */
export const TICKET_EXTRA_ACTIONS = ['meToo', 'followUp'] as const;

/** Statuses that count as "still to be fixed" (queue, overdue, duplicates, Open311 open). */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = [
  'submitted',
  'accepted',
  'assigned',
  'onTheWay',
  'quoted',
  'quoteApproved',
  'inProgress',
  'reopened',
];

export const PhotoIds = z.array(ObjectIdSchema).max(6).default([]);

export const LocationSchema = z.object({
  /** As the mini-program's wx.getLocation gives it: GCJ-02. */
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const ReportTicketBody = z.object({
  categoryId: ObjectIdSchema,
  /** In-home categories: the reporter's household. */
  householdId: ObjectIdSchema.optional(),
  /** Public-area categories: a building and/or an asset code, with a description of the spot. */
  buildingId: ObjectIdSchema.optional(),
  assetCode: z.string().trim().max(40).optional(),
  place: z.string().trim().max(100).default(''),
  location: LocationSchema.optional(),
  description: z.string().trim().min(1).max(1000),
  photos: PhotoIds,
  urgency: z.enum(URGENCY_LEVELS),
  /** In-home jobs: when someone is at home, free text per slot ("周六上午"). */
  preferredTimes: z.array(z.string().trim().min(1).max(40)).max(5).default([]),
  /** Answers to the category's own fields, by key. */
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).default({}),
  /** Staff only: the resident this report is filed for (an elder who phoned the office). */
  onBehalfOf: ObjectIdSchema.optional(),
});
export type ReportTicketBody = z.infer<typeof ReportTicketBody>;

export const TransitionBody = z.object({
  action: z.enum(TICKET_ACTIONS),
  note: z.string().trim().max(500).default(''),
  photos: PhotoIds,
  /** assign */
  technicianId: ObjectIdSchema.optional(),
  /** quote */
  amountFen: z.number().int().min(1).max(10_000_000).optional(),
  /** confirm */
  rating: z.number().int().min(1).max(5).optional(),
  /** merge: the report that survives */
  intoTicketId: ObjectIdSchema.optional(),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const FOLLOW_UP_ANSWERS = ['fixed', 'partly', 'notFixed'] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];
export const FollowUpBody = z.object({ answer: z.enum(FOLLOW_UP_ANSWERS) });

export const TicketHistoryEntryView = WorkflowHistoryEntryView.extend({
  from: z.string().nullable(),
  /** Hidden (null) in public views; staff and the reporter see who. */
  byName: z.string().nullable(),
  note: z.string(),
  photos: z.array(z.object({ id: z.string(), url: z.string(), thumbUrl: z.string() })),
});

export const TicketView = z.object({
  id: ObjectIdSchema,
  communityId: ObjectIdSchema,
  providerId: ObjectIdSchema,
  category: z.object({ id: ObjectIdSchema, code: z.string(), name: z.string(), group: z.string() }),
  area: z.enum(REPAIR_AREAS),
  status: z.enum(TICKET_STATUSES),
  urgency: z.enum(URGENCY_LEVELS),
  description: z.string(),
  place: z.string(),
  buildingId: ObjectIdSchema.nullable(),
  buildingName: z.string().nullable(),
  householdId: ObjectIdSchema.nullable(),
  assetCode: z.string().nullable(),
  preferredTimes: z.array(z.string()),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  photos: z.array(z.object({ id: z.string(), url: z.string(), thumbUrl: z.string() })),
  /** Null in public views (a neighbour's report); staff and the reporter see the name. */
  reporterName: z.string().nullable(),
  filedByStaff: z.boolean(),
  assignee: z.object({ id: ObjectIdSchema, name: z.string() }).nullable(),
  quote: z.object({ amountFen: z.number().int(), approved: z.boolean().nullable() }).nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  meTooCount: z.number().int(),
  iSaidMeToo: z.boolean(),
  mergedInto: ObjectIdSchema.nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  followUp: z.enum(FOLLOW_UP_ANSWERS).nullable(),
  history: z.array(TicketHistoryEntryView),
  /** Workflow moves this viewer may take now, plus meToo / followUp where open to them. */
  actions: z.array(z.enum([...TICKET_ACTIONS, ...TICKET_EXTRA_ACTIONS])),
});
export type TicketView = z.infer<typeof TicketView>;

export const TicketPage = pageOf(TicketView);

export const QueueQuery = PageQuerySchema.extend({
  communityId: ObjectIdSchema,
  status: z.enum(TICKET_STATUSES).optional(),
  categoryId: ObjectIdSchema.optional(),
  buildingId: ObjectIdSchema.optional(),
  overdue: z.boolean().optional(),
});

/** The technicians an operator may dispatch a ticket of a team to, in a community. */
export const TechniciansQuery = z.object({ providerId: ObjectIdSchema });
export const TechnicianList = z.object({
  items: z.array(z.object({ id: ObjectIdSchema, name: z.string() })),
});
export type TechnicianList = z.infer<typeof TechnicianList>;

export const SimilarQuery = z.object({
  categoryId: ObjectIdSchema,
  buildingId: ObjectIdSchema.optional(),
  assetCode: z.string().trim().max(40).optional(),
});

export const PublicListQuery = PageQuerySchema.extend({ status: z.enum(['open', 'closed']).optional() });

export const MonthQuery = z.object({
  communityId: ObjectIdSchema,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
});

/** An exact fraction (numerator / denominator), so averages stay exact; null when nothing to average. */
export const ExactFractionSchema = z.object({
  numerator: z.number().int(),
  denominator: z.number().int().min(1),
});

export const FigureRow = z.object({
  key: z.string(),
  label: z.string(),
  resolved: z.number().int(),
  /** Median minutes from report to resolution (a half minute rounds down). */
  medianMinutesToResolve: z.number().int().nullable(),
  averageRating: ExactFractionSchema.nullable(),
  overdue: z.number().int(),
});

export const FiguresView = z.object({
  month: z.string(),
  openByStatus: z.array(z.object({ status: z.enum(TICKET_STATUSES), count: z.number().int() })),
  overdue: z.number().int(),
  reported: z.number().int(),
  resolved: z.number().int(),
  medianMinutesToResolve: z.number().int().nullable(),
  averageRating: ExactFractionSchema.nullable(),
  perTechnician: z.array(FigureRow),
  perCategory: z.array(FigureRow),
  /** Ready for a chart: one series per measure, points by day of month. */
  series: z.array(
    z.object({
      name: z.string(),
      points: z.array(z.object({ x: z.string(), y: z.number().int() })),
    }),
  ),
});
export type FiguresView = z.infer<typeof FiguresView>;
