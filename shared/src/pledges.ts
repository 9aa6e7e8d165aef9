/**
 * Community pledges (共建认领), the time bank and points (积分), and the resident convention (居民公约).
 *
 * A committee posts a project with what it needs: money (a target in fen), goods (items with
 * quantities) and labour (time slots with a headcount). Verified residents pledge; a pledge may be
 * conditional ("count me in if at least 8 from my building join"). The committee confirms goods and
 * money received (recorded, never processed) and checks volunteers in and out of their slot;
 * fulfilled pledges earn points in an append-only ledger, redeemed from a reward catalogue.
 * Money is integer fen; times are ISO 8601 in UTC.
 */
import { z } from 'zod';
import { ObjectIdSchema, WorkflowHistoryEntryView } from './common';
import { UploadIdsSchema, UploadViewSchema } from './uploads';
import type { LocalizedText } from './i18n';

// ---- projects ----

/**
 * draft (only the committee sees it) → open (residents pledge) → active (every threshold met; it
 * keeps gathering pledges until the deadline) → done; or lapsed (the deadline passed with a
 * threshold unmet: pledgers are told and nothing is collected), or cancelled with a reason.
 */
export const PROJECT_STATUSES = ['draft', 'open', 'active', 'done', 'lapsed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_NAMES: Readonly<Record<ProjectStatus, LocalizedText>> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  open: { 'zh-CN': '征集中', en: 'open' },
  active: { 'zh-CN': '已启动', en: 'active' },
  done: { 'zh-CN': '已完成', en: 'done' },
  lapsed: { 'zh-CN': '未达成', en: 'lapsed' },
  cancelled: { 'zh-CN': '已取消', en: 'cancelled' },
};

/** What the viewer may do with a project (the committee's workflow moves, edit, pledge). */
export const PROJECT_ACTIONS = ['edit', 'open', 'cancel', 'complete', 'pledge', 'recordPaperPledge'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

export const NEED_KINDS = ['money', 'goods', 'labour'] as const;
export type NeedKind = (typeof NEED_KINDS)[number];

const Fen = z.number().int().min(1).max(1_000_000_000);
const IsoTime = z.iso.datetime({ offset: true });

const MoneyNeedInput = z.strictObject({
  kind: z.literal('money'),
  id: ObjectIdSchema.optional().meta({ description: 'Keep it when editing an existing need' }),
  label: z.string().trim().min(1).max(40).default('资金'),
  targetFen: Fen.meta({ description: 'How much is needed, in fen', example: 300000 }),
});
const GoodsNeedInput = z.strictObject({
  kind: z.literal('goods'),
  id: ObjectIdSchema.optional(),
  label: z.string().trim().min(1).max(40).meta({ example: '营养土' }),
  unit: z.string().trim().min(1).max(10).default('件').meta({ example: '袋' }),
  quantity: z.number().int().min(1).max(100_000).meta({ example: 40 }),
});
const LabourNeedInput = z
  .strictObject({
    kind: z.literal('labour'),
    id: ObjectIdSchema.optional(),
    label: z.string().trim().min(1).max(40).meta({ example: '周六上午 翻土种植' }),
    startsAt: IsoTime,
    endsAt: IsoTime,
    headcount: z.number().int().min(1).max(10_000).meta({ example: 8 }),
  })
  .refine((n) => Date.parse(n.endsAt) > Date.parse(n.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
    params: { text: { 'zh-CN': '结束时间须晚于开始时间', en: 'must be later than the start' } },
  });
export const NeedInputSchema = z.discriminatedUnion('kind', [
  MoneyNeedInput,
  GoodsNeedInput,
  LabourNeedInput,
]);
export type NeedInput = z.infer<typeof NeedInputSchema>;

export const ThresholdsSchema = z
  .strictObject({
    households: z.number().int().min(1).max(100_000).optional().meta({
      description: 'Starts when this many households have pledged',
      example: 20,
    }),
    moneyFen: Fen.optional().meta({
      description: 'Starts when this much money is promised',
      example: 500000,
    }),
  })
  .meta({ id: 'ProjectThresholds' });

const ProjectFields = {
  title: z.string().trim().min(1).max(60).meta({ example: '把楼下空地变成小花园' }),
  description: z.string().trim().min(1).max(5000),
  photoIds: UploadIdsSchema.meta({ description: 'Uploads (POST /api/v1/uploads) to attach' }),
  needs: z.array(NeedInputSchema).min(1).max(30),
  thresholds: ThresholdsSchema.default({}),
  deadline: IsoTime.meta({ description: 'Pledges close; unmet thresholds lapse the project' }),
};

export const CreateProjectBody = z.strictObject({ communityId: ObjectIdSchema, ...ProjectFields });
export type CreateProjectBody = z.infer<typeof CreateProjectBody>;

/** Before the first pledge an edit changes the project; after it, an edit is a new version. */
export const UpdateProjectBody = z.strictObject({
  ...ProjectFields,
  changeNote: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Told to pledgers of a new version' }),
});
export type UpdateProjectBody = z.infer<typeof UpdateProjectBody>;

export const CancelProjectBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const ProjectListQuery = z.object({
  communityId: ObjectIdSchema.optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});

export const NeedView = z
  .object({
    id: ObjectIdSchema,
    kind: z.enum(NEED_KINDS),
    label: z.string(),
    unit: z.string().optional(),
    /** Money: target fen; goods: quantity; labour: headcount. */
    target: z.number().int(),
    /** Firm pledges now (money: fen promised; goods: items; labour: people). */
    pledged: z.number().int(),
    /** What may still be pledged (goods and labour; money may go past its target). */
    remaining: z.number().int(),
    /** Confirmed received (money fen, goods items) or people checked out (labour). */
    received: z.number().int(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
  })
  .meta({ id: 'PledgeNeed' });
export type NeedView = z.infer<typeof NeedView>;

export const PLEDGE_STATUSES = ['conditional', 'pledged', 'fulfilled', 'withdrawn', 'dropped'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];
export const PLEDGE_ACTIONS = ['withdraw', 'confirm', 'checkIn', 'checkOut'] as const;
export type PledgeAction = (typeof PLEDGE_ACTIONS)[number];

export const PledgeConditionSchema = z
  .strictObject({
    scope: z.enum(['building', 'project']).meta({
      description: 'Count pledgers from my building, or from the whole community',
    }),
    atLeast: z.number().int().min(1).max(10_000).meta({ description: 'Others who must join', example: 8 }),
  })
  .meta({ id: 'PledgeCondition' });
export type PledgeCondition = z.infer<typeof PledgeConditionSchema>;

export const CreatePledgeBody = z.strictObject({
  needId: ObjectIdSchema,
  quantity: z.number().int().min(1).max(1_000_000_000).default(1).meta({
    description: 'Goods: items; money: fen; labour: always 1 (one place in the slot)',
  }),
  anonymous: z.boolean().default(false).meta({ description: 'Shown as 匿名邻居 in public lists' }),
  condition: PledgeConditionSchema.optional(),
  householdId: ObjectIdSchema.optional().meta({
    description: 'Which of my homes pledges (default: the first)',
  }),
});
export type CreatePledgeBody = z.infer<typeof CreatePledgeBody>;

export const PaperPledgeBody = z.strictObject({
  needId: ObjectIdSchema,
  quantity: z.number().int().min(1).max(1_000_000_000).default(1),
  householdId: ObjectIdSchema.meta({ description: "The pledger's household in this community" }),
  residentUserId: ObjectIdSchema.optional().meta({ description: 'When the pledger has an account' }),
  name: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .meta({ description: 'As written on the paper form', example: '孙大爷' }),
  anonymous: z.boolean().default(false),
});
export type PaperPledgeBody = z.infer<typeof PaperPledgeBody>;

export const ConfirmPledgeBody = z.strictObject({
  received: z.number().int().min(0).max(1_000_000_000).optional().meta({
    description: 'Items or fen actually received (default: as pledged)',
  }),
  note: z.string().trim().max(200).optional(),
});
export const CodeBody = z.strictObject({
  code: z
    .string()
    .regex(/^\d{6}$/, 'regex')
    .meta({ example: '204816' }),
});

export const PledgeView = z
  .object({
    id: ObjectIdSchema,
    projectId: ObjectIdSchema,
    projectTitle: z.string(),
    needId: ObjectIdSchema,
    kind: z.enum(NEED_KINDS),
    needLabel: z.string(),
    quantity: z.number().int(),
    status: z.enum(PLEDGE_STATUSES),
    condition: PledgeConditionSchema.optional(),
    anonymous: z.boolean(),
    paper: z.boolean(),
    /** Shown name: 匿名邻居 for anonymous pledges in public lists, the name otherwise. */
    pledgerName: z.string(),
    pledgerId: ObjectIdSchema.optional().meta({ description: 'Only to the pledger and the committee' }),
    household: z.string().optional().meta({ description: 'Building and unit, to the committee only' }),
    projectVersion: z.number().int(),
    pledgedAt: z.string(),
    received: z.number().int().optional(),
    checkedInAt: z.string().optional(),
    checkedOutAt: z.string().optional(),
    minutes: z.number().int().optional().meta({ description: 'Labour time counted, capped by the slot' }),
    points: z.number().int().optional(),
    droppedReason: z.string().optional(),
    actions: z.array(z.enum(PLEDGE_ACTIONS)),
  })
  .meta({ id: 'Pledge' });
export type PledgeView = z.infer<typeof PledgeView>;

export const ProjectSummaryView = z
  .object({
    id: ObjectIdSchema,
    communityId: ObjectIdSchema,
    title: z.string(),
    status: z.enum(PROJECT_STATUSES),
    deadline: z.string(),
    version: z.number().int(),
    needs: z.array(NeedView),
    thresholds: z.object({ households: z.number().int().optional(), moneyFen: z.number().int().optional() }),
    progress: z.object({
      households: z.number().int(),
      moneyFen: z.number().int(),
      thresholdsMet: z.boolean(),
    }),
    photos: z.array(UploadViewSchema),
    actions: z.array(z.enum(PROJECT_ACTIONS)),
  })
  .meta({ id: 'PledgeProjectSummary' });
export type ProjectSummaryView = z.infer<typeof ProjectSummaryView>;

export const ProjectView = ProjectSummaryView.extend({
  description: z.string(),
  frozen: z.boolean().meta({ description: 'A pledge exists: an edit now makes a new version' }),
  pledgersToTell: z.number().int().optional().meta({
    description: 'To the committee: how many pledgers (with an account) a new version would tell now',
  }),
  cancelReason: z.string().optional(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      title: z.string(),
      changeNote: z.string().optional(),
      at: z.string(),
    }),
  ),
  history: z.array(WorkflowHistoryEntryView.omit({ role: true })),
  /** Public list: anonymous pledgers are 匿名邻居; no ids, no households. */
  pledges: z.array(PledgeView),
  mine: z.array(PledgeView),
}).meta({ id: 'PledgeProject' });
export type ProjectView = z.infer<typeof ProjectView>;

export const SlotCodesView = z
  .object({ needId: ObjectIdSchema, checkInCode: z.string(), checkOutCode: z.string() })
  .meta({ id: 'SlotCodes' });

// ---- points ----

export const POINTS_ENTRY_KINDS = ['earned', 'redeemed', 'refunded', 'correction'] as const;
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];

export const PointsRulesBody = z
  .strictObject({
    perHour: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .meta({ description: 'Points per hour of labour', example: 10 }),
    perGoodsItem: z.number().int().min(0).max(10_000).meta({ description: 'Points per goods item received' }),
    perTenYuan: z.number().int().min(0).max(10_000).meta({ description: 'Points per ¥10 received' }),
  })
  .meta({ id: 'PointsRules' });
export type PointsRules = z.infer<typeof PointsRulesBody>;
export const PointsRulesView = PointsRulesBody.extend({ communityId: ObjectIdSchema });

export const PointsEntryView = z
  .object({
    id: ObjectIdSchema,
    kind: z.enum(POINTS_ENTRY_KINDS),
    points: z.number().int(),
    reason: z.string(),
    at: z.string(),
    source: z.object({ kind: z.string(), id: z.string() }).optional(),
  })
  .meta({ id: 'PointsEntry' });

export const LedgerView = z
  .object({
    communityId: ObjectIdSchema,
    balance: z.number().int(),
    items: z.array(PointsEntryView),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'PointsLedger' });

export const LedgerQuery = z.object({
  communityId: ObjectIdSchema.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const CorrectionBody = z.strictObject({
  userId: ObjectIdSchema,
  points: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((n) => n !== 0, { params: { text: { 'zh-CN': '不能为 0', en: 'must not be 0' } } }),
  reason: z.string().trim().min(1).max(200),
});

export const REWARD_ACTIONS = ['redeem', 'edit'] as const;
export const RewardBody = z.strictObject({
  name: z.string().trim().min(1).max(40).meta({ example: '长者驿站理发一次' }),
  description: z.string().trim().max(500).default(''),
  costPoints: z.number().int().min(1).max(1_000_000),
  stock: z.number().int().min(0).max(1_000_000),
  active: z.boolean().default(true),
});
export type RewardBody = z.infer<typeof RewardBody>;
export const RewardView = z
  .object({
    id: ObjectIdSchema,
    communityId: ObjectIdSchema,
    name: z.string(),
    description: z.string(),
    costPoints: z.number().int(),
    stock: z.number().int(),
    active: z.boolean(),
    actions: z.array(z.enum(REWARD_ACTIONS)),
  })
  .meta({ id: 'Reward' });

export const REDEMPTION_STATUSES = ['placing', 'pending', 'confirmed', 'refused', 'failed'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];
export const REDEMPTION_ACTIONS = ['confirm', 'refuse'] as const;
export const RefuseBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });
export const RedemptionView = z
  .object({
    id: ObjectIdSchema,
    communityId: ObjectIdSchema,
    rewardId: ObjectIdSchema,
    rewardName: z.string(),
    points: z.number().int(),
    status: z.enum(REDEMPTION_STATUSES),
    resident: z.string().optional().meta({ description: 'Display name, to staff only' }),
    placedAt: z.string(),
    decidedAt: z.string().optional(),
    refusedReason: z.string().optional(),
    actions: z.array(z.enum(REDEMPTION_ACTIONS)),
  })
  .meta({ id: 'Redemption' });

// ---- convention ----

export const PublishConventionBody = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  effectiveDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date_iso')
    .meta({ description: 'Asia/Shanghai calendar date the version takes effect' }),
});
export const CONVENTION_ACTIONS = ['sign'] as const;
export const ConventionVersionView = z
  .object({
    id: ObjectIdSchema,
    communityId: ObjectIdSchema,
    version: z.number().int(),
    text: z.string(),
    effectiveDate: z.string(),
    publishedAt: z.string(),
    signatures: z.number().int(),
  })
  .meta({ id: 'ConventionVersion' });
export const ConventionView = z
  .object({
    communityId: ObjectIdSchema,
    current: ConventionVersionView.optional(),
    /** Versions I signed; a new version asks me to sign again. */
    signedVersions: z.array(z.number().int()),
    signedCurrent: z.boolean(),
    actions: z.array(z.enum(CONVENTION_ACTIONS)),
  })
  .meta({ id: 'Convention' });
export const SignatureView = z.object({
  userId: ObjectIdSchema.optional(),
  name: z.string(),
  household: z.string(),
  version: z.number().int(),
  signedAt: z.string(),
});
export const SignatureMapView = z
  .object({
    versionId: ObjectIdSchema,
    version: z.number().int(),
    buildings: z.array(
      z.object({
        buildingId: ObjectIdSchema,
        name: z.string(),
        households: z.number().int(),
        signed: z.number().int(),
        /** Each door, for the grid: signed or not (no names). */
        doors: z.array(z.object({ householdId: ObjectIdSchema, unit: z.string(), signed: z.boolean() })),
      }),
    ),
    totals: z.object({ households: z.number().int(), signed: z.number().int() }),
  })
  .meta({ id: 'ConventionSignatureMap' });
