/**
 * Consultations and votes (社区协商 / 业主投票): a committee drafts a consultation, opens it for
 * discussion, then for voting in a window, closes it and publishes the result. Owners' decisions
 * (业主共同决定) are counted under Civil Code art. 278 by a rule set kept as data, so a city whose
 * rules differ is a configuration, not a code change. Areas are integer 0.01 m² throughout.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { AreaInputSchema } from './communities';
import type { LocalizedText } from './i18n';
import { UploadIdsSchema, UploadViewSchema } from './uploads';

// ---------------------------------------------------------------------------------------------
// Counting: the statutory matters and the rule sets

/**
 * The nine matters of Civil Code art. 278 para. 1, in the article's order. Items 6–8
 * (raise the fund, rebuild, change the use of common parts) are the "major" ones.
 */
export const OWNER_MATTERS = [
  'rulesOfProcedure', // (一) 制定和修改业主大会议事规则
  'managementStatute', // (二) 制定和修改管理规约
  'committeeElection', // (三) 选举业主委员会或者更换业主委员会成员
  'propertyManager', // (四) 选聘和解聘物业服务企业或者其他管理人
  'useMaintenanceFund', // (五) 使用建筑物及其附属设施的维修资金
  'raiseMaintenanceFund', // (六) 筹集建筑物及其附属设施的维修资金
  'rebuild', // (七) 改建、重建建筑物及其附属设施
  'changeCommonUse', // (八) 改变共有部分的用途或者利用共有部分从事经营活动
  'otherMajorMatter', // (九) 有关共有和共同管理权利的其他重大事项
] as const;
export type OwnerMatter = (typeof OWNER_MATTERS)[number];

export const OWNER_MATTER_NAMES: Readonly<Record<OwnerMatter, LocalizedText>> = {
  rulesOfProcedure: { 'zh-CN': '制定和修改业主大会议事规则', en: "the owners' assembly rules of procedure" },
  managementStatute: { 'zh-CN': '制定和修改管理规约', en: 'the management statute' },
  committeeElection: {
    'zh-CN': '选举业主委员会或者更换业主委员会成员',
    en: "electing or replacing owners' committee members",
  },
  propertyManager: {
    'zh-CN': '选聘和解聘物业服务企业或者其他管理人',
    en: 'hiring or dismissing the property manager',
  },
  useMaintenanceFund: { 'zh-CN': '使用建筑物及其附属设施的维修资金', en: 'using the maintenance fund' },
  raiseMaintenanceFund: { 'zh-CN': '筹集建筑物及其附属设施的维修资金', en: 'raising the maintenance fund' },
  rebuild: { 'zh-CN': '改建、重建建筑物及其附属设施', en: 'rebuilding or reconstructing buildings' },
  changeCommonUse: {
    'zh-CN': '改变共有部分的用途或者利用共有部分从事经营活动',
    en: 'changing the use of common parts, or using them for business',
  },
  otherMajorMatter: {
    'zh-CN': '有关共有和共同管理权利的其他重大事项',
    en: 'another major matter of shared ownership and management',
  },
};

/** An exact fraction; thresholds are never floating point. */
export const FractionSchema = z
  .strictObject({
    numerator: z.number().int().min(0),
    denominator: z.number().int().min(1),
  })
  .refine((f) => f.numerator <= f.denominator, { message: 'a threshold cannot exceed the whole' });
export type Fraction = z.infer<typeof FractionSchema>;

/**
 * "at least" (≥, the boundary passes) or "more than" (>, the boundary fails) a fraction of a whole.
 */
export const ThresholdSchema = z.strictObject({
  comparison: z.enum(['atLeast', 'moreThan']),
  fraction: FractionSchema,
});
export type Threshold = z.infer<typeof ThresholdSchema>;

/** A threshold on both measures at once: exclusive area and owners by headcount. */
export const DualThresholdSchema = z.strictObject({ area: ThresholdSchema, owners: ThresholdSchema });
export type DualThreshold = z.infer<typeof DualThresholdSchema>;

/**
 * How owners who did not vote are treated, where local rules allow a choice:
 * - 'absent' (the Civil Code's reading, the default): they neither take part nor agree;
 * - 'followMajority': some local regulations deem that owners who were duly notified and did not
 *   vote take part and follow the majority of those who voted (on each measure separately).
 */
export const NON_VOTER_RULES = ['absent', 'followMajority'] as const;
export type NonVoterRule = (typeof NON_VOTER_RULES)[number];

export const RuleSetSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Of all exclusive area and of all owners, who must take part. */
  participation: DualThresholdSchema,
  /** Of the participating area and participating owners, who must agree, per matter. */
  approval: z.strictObject(
    Object.fromEntries(OWNER_MATTERS.map((m) => [m, DualThresholdSchema])) as Record<
      OwnerMatter,
      typeof DualThresholdSchema
    >,
  ),
  nonVoters: z.enum(NON_VOTER_RULES),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;

const atLeast = (numerator: number, denominator: number): Threshold => ({
  comparison: 'atLeast',
  fraction: { numerator, denominator },
});
const moreThan = (numerator: number, denominator: number): Threshold => ({
  comparison: 'moreThan',
  fraction: { numerator, denominator },
});
const MAJOR: DualThreshold = { area: atLeast(3, 4), owners: atLeast(3, 4) };
const ORDINARY: DualThreshold = { area: moreThan(1, 2), owners: moreThan(1, 2) };

/** Civil Code art. 278 (2021): the default rule set. */
export const CIVIL_CODE_278: RuleSet = {
  name: '民法典第二百七十八条',
  participation: { area: atLeast(2, 3), owners: atLeast(2, 3) },
  approval: {
    rulesOfProcedure: ORDINARY,
    managementStatute: ORDINARY,
    committeeElection: ORDINARY,
    propertyManager: ORDINARY,
    useMaintenanceFund: ORDINARY,
    raiseMaintenanceFund: MAJOR,
    rebuild: MAJOR,
    changeCommonUse: MAJOR,
    otherMajorMatter: ORDINARY,
  },
  nonVoters: 'absent',
};

/** The four gauges of an owners' decision, in the order a dashboard shows them. */
export const GAUGE_KEYS = [
  'participationArea',
  'participationOwners',
  'approvalArea',
  'approvalOwners',
] as const;
export type GaugeKey = (typeof GAUGE_KEYS)[number];

export const GaugeSchema = z.object({
  key: z.enum(GAUGE_KEYS),
  measure: z.enum(['area', 'owners']),
  /** Area in 0.01 m², or a count of owners. */
  value: z.number().int().min(0),
  /** The whole the threshold is a fraction of (all owners / all area, or those taking part). */
  of: z.number().int().min(0),
  threshold: ThresholdSchema,
  met: z.boolean(),
  /** How much more is needed to meet it, in the same unit; 0 when met. */
  missing: z.number().int().min(0),
});
export type Gauge = z.infer<typeof GaugeSchema>;

export { ObjectIdSchema as ConsultationIdSchema };

// ---------------------------------------------------------------------------------------------
// Lifecycle, ballots and views

/**
 * draft (only the committee sees it) → discussion (comments, proposals, committee replies) →
 * voting (in its window) → closed (counted; the committee sees the result) → published (公示:
 * residents see the result per building). Voting may open straight from draft.
 */
export const CONSULTATION_STATUSES = ['draft', 'discussion', 'voting', 'closed', 'published'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const CONSULTATION_STATUS_NAMES: Readonly<Record<ConsultationStatus, LocalizedText>> = {
  draft: { 'zh-CN': '草稿', en: 'draft' },
  discussion: { 'zh-CN': '讨论中', en: 'in discussion' },
  voting: { 'zh-CN': '投票中', en: 'voting' },
  closed: { 'zh-CN': '已截止', en: 'closed' },
  published: { 'zh-CN': '已公示', en: 'result published' },
};

/** The lifecycle moves, as the committee (or the scheduler, at the set times) takes them. */
export const CONSULTATION_TRANSITIONS = ['openDiscussion', 'openVoting', 'close', 'publish'] as const;
export type ConsultationTransition = (typeof CONSULTATION_TRANSITIONS)[number];

/** Everything a view may offer its reader; each view lists only those this actor may take now. */
export const CONSULTATION_ACTIONS = [
  'edit',
  ...CONSULTATION_TRANSITIONS,
  'comment',
  'propose',
  'reply',
  'vote',
  'changeVote',
  'enterPaperBallot',
  'viewTurnout',
  'viewNonVoters',
  'remind',
  'viewResults',
  'verifyReceipt',
  'exportAudit',
] as const;
export type ConsultationAction = (typeof CONSULTATION_ACTIONS)[number];

/**
 * Who may vote: each verified resident (one ballot per person), one ballot per household, or the
 * owners (one ballot per unit, counted under the rule set: an owners' decision).
 */
export const ELIGIBILITIES = ['resident', 'household', 'owner'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

export const BALLOT_KINDS = ['single', 'multiple', 'approval'] as const;
export type BallotKind = (typeof BALLOT_KINDS)[number];
/** The options of an approve / reject / abstain ballot (every owners' decision is one). */
export const APPROVAL_OPTIONS = ['approve', 'reject', 'abstain'] as const;
export const APPROVAL_OPTION_NAMES: Readonly<Record<(typeof APPROVAL_OPTIONS)[number], LocalizedText>> = {
  approve: { 'zh-CN': '同意', en: 'approve' },
  reject: { 'zh-CN': '反对', en: 'reject' },
  abstain: { 'zh-CN': '弃权', en: 'abstain' },
};

/** How a ballot was cast: by the voter, by a confirmed carer for an elder, or from a paper slip. */
export const VOTER_KINDS = ['online', 'proxy', 'paper'] as const;
export type VoterKind = (typeof VOTER_KINDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const when = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 with offset' });

export const BallotSpecBody = z
  .strictObject({
    kind: z.enum(BALLOT_KINDS),
    /** The choices of a single or multiple choice ballot (an approval ballot has its own three). */
    options: z.array(text(80)).min(2).max(20).optional(),
    minChoices: z.number().int().min(1).optional(),
    maxChoices: z.number().int().min(1).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'approval') {
      if (b.options)
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'an approval ballot has no options' });
      return;
    }
    if (!b.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'list at least two options' });
      return;
    }
    if (new Set(b.options).size !== b.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must differ' });
    if (b.kind === 'multiple') {
      const min = b.minChoices ?? 1;
      const max = b.maxChoices ?? b.options.length;
      if (max > b.options.length)
        ctx.addIssue({
          code: 'custom',
          path: ['maxChoices'],
          message: 'cannot exceed the number of options',
        });
      if (min > max)
        ctx.addIssue({ code: 'custom', path: ['minChoices'], message: 'cannot exceed maxChoices' });
    }
  });
export type BallotSpecBody = z.infer<typeof BallotSpecBody>;

const consultationFields = {
  title: text(100),
  body: text(5000),
  eligibility: z.enum(ELIGIBILITIES),
  /** Required for an owners' decision (eligibility 'owner'): which of the nine matters. */
  matter: z.enum(OWNER_MATTERS).optional(),
  /** Empty or absent: the whole community. */
  buildingIds: z.array(ObjectIdSchema).max(200).optional(),
  ballot: BallotSpecBody,
  /** No choice counts anywhere (views, events, exports) until voting closes. */
  resultsHidden: z.boolean().default(true),
  /** Choices never appear beside a unit or voter, not even in the committee's audit export. */
  secretBallot: z.boolean().default(true),
  /** A voter may change their ballot until the vote closes. */
  allowChange: z.boolean().default(false),
  /**
   * When the draft opens for discussion by itself (comments and proposals); absent, the draft
   * waits for the committee. Must be before voting opens.
   */
  discussionOpensAt: when.optional(),
  /** When voting opens by itself (the committee can also open it by hand). */
  votingOpensAt: when.optional(),
  votingClosesAt: when,
  /** For an owners' decision: the city's rules where they differ from art. 278 (the default). */
  ruleSet: RuleSetSchema.optional(),
  /** Images from POST /uploads. */
  attachmentIds: UploadIdsSchema,
};

function checkConsultation(
  c: {
    eligibility?: Eligibility;
    matter?: OwnerMatter;
    ballot?: BallotSpecBody;
    discussionOpensAt?: string;
    votingOpensAt?: string;
    votingClosesAt?: string;
  },
  ctx: z.RefinementCtx,
) {
  if (c.eligibility === 'owner') {
    if (!c.matter)
      ctx.addIssue({ code: 'custom', path: ['matter'], message: "an owners' decision names its matter" });
    if (c.ballot && c.ballot.kind !== 'approval')
      ctx.addIssue({
        code: 'custom',
        path: ['ballot', 'kind'],
        message: "an owners' decision is approve / reject / abstain",
      });
  } else if (c.matter) {
    ctx.addIssue({ code: 'custom', path: ['matter'], message: "only an owners' decision has a matter" });
  }
  if (c.votingOpensAt && c.votingClosesAt && Date.parse(c.votingClosesAt) <= Date.parse(c.votingOpensAt))
    ctx.addIssue({
      code: 'custom',
      path: ['votingClosesAt'],
      message: 'voting must close after it opens',
      params: { text: { 'zh-CN': '投票截止时间须晚于投票开始时间', en: 'must be after voting opens' } },
    });
  if (
    c.discussionOpensAt &&
    c.votingOpensAt &&
    Date.parse(c.votingOpensAt) <= Date.parse(c.discussionOpensAt)
  )
    ctx.addIssue({
      code: 'custom',
      path: ['votingOpensAt'],
      message: 'voting must open after the discussion does',
      params: {
        text: { 'zh-CN': '投票开始时间须晚于讨论开始时间', en: 'must be after the discussion opens' },
      },
    });
  if (
    c.discussionOpensAt &&
    c.votingClosesAt &&
    Date.parse(c.votingClosesAt) <= Date.parse(c.discussionOpensAt)
  )
    ctx.addIssue({
      code: 'custom',
      path: ['votingClosesAt'],
      message: 'voting must close after the discussion opens',
      params: {
        text: { 'zh-CN': '投票截止时间须晚于讨论开始时间', en: 'must be after the discussion opens' },
      },
    });
}

export const CreateConsultationBody = z
  .strictObject({ communityId: ObjectIdSchema, ...consultationFields })
  .superRefine(checkConsultation);
export type CreateConsultationBody = z.infer<typeof CreateConsultationBody>;

/**
 * Editing: a draft takes any field (absent: unchanged; a set time given as null: cleared, so the
 * draft waits for the committee). `attachmentIds` is the whole list the consultation keeps:
 * ids it has stay, new uploads are attached, the others are dropped. Once in discussion only the
 * voting window may change; once voting opened, nothing.
 */
export const UpdateConsultationBody = z
  .strictObject({
    title: consultationFields.title.optional(),
    body: consultationFields.body.optional(),
    eligibility: consultationFields.eligibility.optional(),
    matter: z.enum(OWNER_MATTERS).nullable().optional(),
    buildingIds: consultationFields.buildingIds,
    ballot: BallotSpecBody.optional(),
    resultsHidden: z.boolean().optional(),
    secretBallot: z.boolean().optional(),
    allowChange: z.boolean().optional(),
    discussionOpensAt: when.nullable().optional(),
    votingOpensAt: when.nullable().optional(),
    votingClosesAt: when.optional(),
    ruleSet: RuleSetSchema.optional(),
    attachmentIds: z.array(ObjectIdSchema).max(9).optional(),
  })
  .superRefine((c, ctx) =>
    checkConsultation(
      {
        ...c,
        matter: c.matter ?? undefined,
        discussionOpensAt: c.discussionOpensAt ?? undefined,
        votingOpensAt: c.votingOpensAt ?? undefined,
      },
      ctx,
    ),
  );
export type UpdateConsultationBody = z.infer<typeof UpdateConsultationBody>;

export const ConsultationListQuery = z.strictObject({
  communityId: ObjectIdSchema.optional(),
  status: z.enum(CONSULTATION_STATUSES).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const TransitionParams = z.strictObject({
  consultationId: ObjectIdSchema,
  transition: z.enum(CONSULTATION_TRANSITIONS),
});
export const ConsultationParams = z.strictObject({ consultationId: ObjectIdSchema });

export const CastBallotBody = z.strictObject({
  /** Option ids ('approve' / 'reject' / 'abstain' for an approval ballot). */
  choices: z.array(z.string().min(1).max(40)).min(1).max(20),
  /** The unit (owners) or household voted for, when the voter could vote for more than one. */
  householdId: ObjectIdSchema.optional(),
  /** A confirmed carer voting for an elder: the elder's user id. */
  forUserId: ObjectIdSchema.optional(),
});
export type CastBallotBody = z.infer<typeof CastBallotBody>;

export const PaperBallotBody = z.strictObject({
  householdId: ObjectIdSchema,
  choices: CastBallotBody.shape.choices,
  /** What is written on the slip, e.g. its serial number, for the audit record. */
  note: z.string().trim().max(200).optional(),
});

export const CommentBody = z.strictObject({
  kind: z.enum(['comment', 'proposal', 'reply']).default('comment'),
  body: text(2000),
  /** The comment a committee reply answers. */
  replyTo: ObjectIdSchema.optional(),
  attachmentIds: UploadIdsSchema,
});

export const VerifyReceiptBody = z.strictObject({ code: z.string().trim().min(1).max(40) });

export const UnitOwnershipBody = z.strictObject({
  /** Unsold, or sold but not handed over: the developer's, counted with its other such units. */
  developerHeld: z.boolean(),
  /** Co-owners' nominee: the one owner who votes for the unit. */
  nominatedVoterId: ObjectIdSchema.nullable().optional(),
  /** The unit's registered exclusive area in m² ('89.50'), corrected here by the committee. */
  area: AreaInputSchema.optional(),
});
export const UnitOwnershipParams = z.strictObject({
  communityId: ObjectIdSchema,
  householdId: ObjectIdSchema,
});

const OptionView = z.object({ id: z.string(), label: z.string() });

const MeasuresView = z.object({ areaCenti: z.number().int(), owners: z.number().int() });

export const OwnersCountView = z
  .object({
    matter: z.enum(OWNER_MATTERS),
    totals: MeasuresView,
    participating: MeasuresView,
    agreeing: MeasuresView,
    gauges: z.array(GaugeSchema),
    participationMet: z.boolean(),
    approvalMet: z.boolean(),
    passed: z.boolean(),
  })
  .meta({ id: 'OwnersCount' });

export const ConsultationResultsView = z
  .object({
    consultationId: ObjectIdSchema,
    final: z.boolean().meta({ description: 'false while voting is still open (results not hidden)' }),
    ballots: z.number().int(),
    byOption: z.array(
      OptionView.extend({ ballots: z.number().int(), areaCenti: z.number().int().optional() }),
    ),
    byBuilding: z.array(
      z.object({
        buildingId: ObjectIdSchema,
        buildingName: z.string(),
        ballots: z.number().int(),
        byOption: z.array(OptionView.extend({ ballots: z.number().int() })),
      }),
    ),
    owners: OwnersCountView.optional(),
    passed: z.boolean().optional(),
  })
  .meta({ id: 'ConsultationResults' });

export const MyBallotView = z.object({
  householdId: ObjectIdSchema.optional(),
  householdLabel: z.string().optional(),
  voterKind: z.enum(VOTER_KINDS),
  /** Who cast it when that was not the reader: a carer's name, or 居委会 for a paper slip. */
  castByName: z.string().optional(),
  /** For whom a carer cast it. */
  forName: z.string().optional(),
  castAt: z.iso.datetime(),
  /** Only to the person who cast it, and never the other way round. */
  choices: z.array(z.string()).optional(),
});

export const VoteOptionForActor = z.object({
  /** Whom the ballot is for: the reader themself, or an elder who confirmed them as carer. */
  forUserId: ObjectIdSchema,
  forName: z.string(),
  householdId: ObjectIdSchema.optional(),
  householdLabel: z.string().optional(),
  voted: z.boolean(),
});

export const TurnoutView = z
  .object({
    eligible: z.number().int(),
    voted: z.number().int(),
    byBuilding: z.array(
      z.object({
        buildingId: ObjectIdSchema,
        buildingName: z.string(),
        eligible: z.number().int(),
        voted: z.number().int(),
      }),
    ),
    /** Owners' decisions only: participation by area and headcount (approval only once it may be shown). */
    gauges: z.array(GaugeSchema).optional(),
    missing: z.object({ participation: z.string().optional(), approval: z.string().optional() }).optional(),
  })
  .meta({ id: 'ConsultationTurnout' });

export const ConsultationView = z
  .object({
    id: ObjectIdSchema,
    communityId: ObjectIdSchema,
    title: z.string(),
    body: z.string(),
    status: z.enum(CONSULTATION_STATUSES),
    statusName: z.string(),
    eligibility: z.enum(ELIGIBILITIES),
    matter: z.enum(OWNER_MATTERS).optional(),
    matterName: z.string().optional(),
    buildingIds: z.array(ObjectIdSchema),
    ballot: z.object({
      kind: z.enum(BALLOT_KINDS),
      options: z.array(OptionView),
      minChoices: z.number().int(),
      maxChoices: z.number().int(),
    }),
    resultsHidden: z.boolean(),
    secretBallot: z.boolean(),
    allowChange: z.boolean(),
    ruleSet: RuleSetSchema.optional(),
    discussionOpensAt: z.iso.datetime().optional(),
    votingOpensAt: z.iso.datetime().optional(),
    votingClosesAt: z.iso.datetime(),
    openedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    publishedAt: z.iso.datetime().optional(),
    attachments: z.array(UploadViewSchema),
    createdAt: z.iso.datetime(),
    /** Ballots cast so far (a count of voters, never of choices). */
    turnout: z.object({ voted: z.number().int(), eligible: z.number().int() }).optional(),
    /** Whom this reader may vote for, and whether each has voted. */
    voteAs: z.array(VoteOptionForActor),
    myBallots: z.array(MyBallotView),
    /** Only where they may be shown: after close, or throughout when results are not hidden. */
    results: ConsultationResultsView.optional(),
    actions: z.array(z.enum(CONSULTATION_ACTIONS)),
  })
  .meta({ id: 'Consultation' });
export type ConsultationView = z.infer<typeof ConsultationView>;

export const ConsultationSummaryView = ConsultationView.pick({
  id: true,
  communityId: true,
  title: true,
  status: true,
  statusName: true,
  eligibility: true,
  matter: true,
  votingOpensAt: true,
  votingClosesAt: true,
  turnout: true,
  actions: true,
}).meta({ id: 'ConsultationSummary' });

export const CommentView = z
  .object({
    id: ObjectIdSchema,
    kind: z.enum(['comment', 'proposal', 'reply']),
    body: z.string(),
    author: z.object({ id: ObjectIdSchema.optional(), displayName: z.string(), committee: z.boolean() }),
    replyTo: ObjectIdSchema.optional(),
    attachments: z.array(UploadViewSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ConsultationComment' });

export const CastBallotView = z
  .object({
    /** Keep it: after close it proves this ballot was counted as cast. Shown once, never stored in clear. */
    receiptCode: z.string(),
    receiptHash: z.string(),
    ballot: MyBallotView,
  })
  .meta({ id: 'BallotReceipt' });

export const ReceiptListView = z.object({
  consultationId: ObjectIdSchema,
  /** sha256 of each receipt, and a seal binding it to the choices (verifiable only with the code). */
  receipts: z.array(z.object({ receiptHash: z.string(), seal: z.string() })),
});

export const ReceiptCheckView = z.object({
  counted: z.boolean(),
  /** The ballot counted is the one the receipt was issued for (its seal still matches). */
  asCast: z.boolean(),
  receiptHash: z.string(),
  voterKind: z.enum(VOTER_KINDS).optional(),
  choices: z.array(z.string()).optional(),
  message: z.string(),
});

export const NonVoterView = z.object({
  buildingId: ObjectIdSchema,
  buildingName: z.string(),
  householdId: ObjectIdSchema,
  unit: z.string(),
  /** The people who could cast this ballot (names; phones masked unless the reader may see them). */
  people: z.array(z.object({ id: ObjectIdSchema, displayName: z.string(), phone: z.string().optional() })),
  areaCenti: z.number().int().optional(),
});

export const UnitOwnershipView = z.object({
  householdId: ObjectIdSchema,
  developerHeld: z.boolean(),
  nominatedVoterId: ObjectIdSchema.optional(),
});

export const OwnershipCommunityParams = z.strictObject({ communityId: ObjectIdSchema });

/** One unit as an owners' decision will count it: its area, its owners, who votes for it. */
export const OwnershipUnitView = z.object({
  householdId: ObjectIdSchema,
  buildingId: ObjectIdSchema,
  buildingName: z.string(),
  unit: z.string(),
  areaCenti: z.number().int(),
  developerHeld: z.boolean(),
  /** Its verified owners (approved members whose relation is owner). */
  owners: z.array(z.object({ id: ObjectIdSchema, displayName: z.string() })),
  nominatedVoterId: ObjectIdSchema.optional(),
  /** Co-owned and no nominee yet: any of them may vote, and the first ballot stands for the unit. */
  needsNominee: z.boolean(),
  /** How many units this unit's owner(s) hold in the community: they count as one person over all. */
  unitsOfSamePerson: z.number().int(),
  /** The open owners' vote whose frozen roll holds this unit: changes wait until it closes. */
  lockedBy: z.object({ id: ObjectIdSchema, title: z.string() }).optional(),
  actions: z.array(z.enum(['setOwnership'])),
});
export type OwnershipUnitView = z.infer<typeof OwnershipUnitView>;

/** The committee's ownership roll of one community, with the totals an owners' decision starts from. */
export const OwnershipRollView = z.object({
  communityId: ObjectIdSchema,
  units: z.array(OwnershipUnitView),
  totals: z.object({
    areaCenti: z.number().int(),
    units: z.number().int(),
    /** Headcount as art. 278 counts it: multi-unit owners once, the developer's units once. */
    persons: z.number().int(),
    developerUnits: z.number().int(),
  }),
  /** Owners' votes now open here: their roll was frozen at opening, so ownership waits for their close. */
  openOwnersVotes: z.array(z.object({ id: ObjectIdSchema, title: z.string() })),
});
export type OwnershipRollView = z.infer<typeof OwnershipRollView>;
