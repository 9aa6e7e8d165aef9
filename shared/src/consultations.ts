/**
 * Consultations and votes (社区协商 / 业主投票): a committee drafts a consultation, opens it for
 * discussion, then for voting in a window, closes it and publishes the result. Owners' decisions
 * (业主共同决定) are counted under Civil Code art. 278 by a rule set kept as data, so a city whose
 * rules differ is a configuration, not a code change. Areas are integer 0.01 m² throughout.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import type { LocalizedText } from './i18n';

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
