/**
 * Communities and where people live in them: community → building → household, plus the service
 * providers (canteen, daycare, property) that staff grants point at. Exclusive area counts in
 * owners' votes (Civil Code art. 278), so it is kept exactly: an integer of 0.01 m², never a float.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import type { LocalizedText } from './i18n';

export const PROVIDER_KINDS = ['canteen', 'daycare', 'property'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Largest exclusive area we accept for one household, in m² (a sanity bound, not a rule of law). */
export const MAX_AREA_SQUARE_METRES = 100_000;

const AREA_TEXT = /^\d+(\.\d{1,2})?$/;

/**
 * Reads an area given as '89.5', '89.50' or 89.5 into hundredths of a square metre (8950), or says
 * in both languages what is wrong. Numbers are read through their shortest decimal text, so 89.123
 * is refused rather than silently rounded.
 */
export function parseAreaToCenti(value: unknown): { centi: number } | { problem: LocalizedText } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { problem: AREA_PROBLEMS.notANumber };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return { problem: AREA_PROBLEMS.notANumber };
  }
  if (text === '') return { problem: AREA_PROBLEMS.missing };
  if (text.startsWith('-')) return { problem: AREA_PROBLEMS.negative };
  if (/^\d+\.\d{3,}$/.test(text)) return { problem: AREA_PROBLEMS.tooPrecise };
  if (!AREA_TEXT.test(text)) return { problem: AREA_PROBLEMS.notANumber };
  const [whole, fraction = ''] = text.split('.');
  const centi = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (centi === 0) return { problem: AREA_PROBLEMS.zero };
  if (centi > MAX_AREA_SQUARE_METRES * 100) return { problem: AREA_PROBLEMS.tooLarge };
  return { centi };
}

/** 8950 → '89.50': how area is shown everywhere. */
export function formatCentiArea(centi: number): string {
  return `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

export const AREA_PROBLEMS = {
  missing: { 'zh-CN': '请填写面积', en: 'area is required' },
  notANumber: {
    'zh-CN': '面积应为数字，单位平方米，如 89.5',
    en: 'area must be a number of square metres, such as 89.5',
  },
  negative: { 'zh-CN': '面积不能为负数', en: 'area cannot be negative' },
  zero: { 'zh-CN': '面积必须大于 0', en: 'area must be greater than 0' },
  tooPrecise: {
    'zh-CN': '面积最多保留两位小数，如 89.55',
    en: 'area may have at most two decimal places, such as 89.55',
  },
  tooLarge: {
    'zh-CN': `面积不能超过 ${MAX_AREA_SQUARE_METRES} 平方米`,
    en: `area cannot exceed ${MAX_AREA_SQUARE_METRES} m²`,
  },
} as const satisfies Record<string, LocalizedText>;

/** Exclusive area in m² as a decimal string or number, at most two decimals. */
export const AreaInputSchema = z
  .union([z.string(), z.number()])
  .superRefine((value, ctx) => {
    const parsed = parseAreaToCenti(value);
    if ('problem' in parsed)
      ctx.addIssue({ code: 'custom', message: parsed.problem.en, params: { text: parsed.problem } });
  })
  .meta({ description: 'Exclusive area in m², at most two decimals', example: '89.50' });

const name = (max: number) => z.string().trim().min(1).max(max);

export const CreateCommunityBody = z.strictObject({
  name: name(60),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,32}$/, 'regex')
    .meta({ description: 'Short unique code: letters, digits and dashes', example: 'XFL-01' }),
  address: name(200),
  district: name(60),
});
export const UpdateCommunityBody = CreateCommunityBody.partial();
export type CreateCommunityInput = z.infer<typeof CreateCommunityBody>;

export const CommunityView = z
  .object({
    id: z.string(),
    name: z.string(),
    code: z.string(),
    address: z.string(),
    district: z.string(),
  })
  .meta({ id: 'Community' });
export type CommunityView = z.infer<typeof CommunityView>;

export const CreateBuildingBody = z.strictObject({
  name: name(40).meta({ example: '1号楼' }),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export const UpdateBuildingBody = CreateBuildingBody.partial();

export const BuildingView = z
  .object({
    id: z.string(),
    communityId: z.string(),
    name: z.string(),
    sortOrder: z.number().int(),
  })
  .meta({ id: 'Building' });
export type BuildingView = z.infer<typeof BuildingView>;

export const CreateHouseholdBody = z.strictObject({
  buildingId: ObjectIdSchema,
  unit: name(40).meta({ example: '2-301' }),
  area: AreaInputSchema,
});
export const UpdateHouseholdBody = z.strictObject({
  unit: name(40).optional(),
  area: AreaInputSchema.optional(),
});

export const HouseholdView = z
  .object({
    id: z.string(),
    communityId: z.string(),
    buildingId: z.string(),
    buildingName: z.string(),
    unit: z.string(),
    area: z.string().meta({ description: 'Exclusive area in m², two decimals', example: '89.50' }),
  })
  .meta({ id: 'Household' });
export type HouseholdView = z.infer<typeof HouseholdView>;

export const HouseholdListQuery = z.object({
  buildingId: ObjectIdSchema.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const CreateProviderBody = z.strictObject({
  name: name(80),
  kind: z.enum(PROVIDER_KINDS),
  communityIds: z.array(ObjectIdSchema).min(1).max(50),
});
export const UpdateProviderBody = CreateProviderBody.partial();

export const ProviderView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(PROVIDER_KINDS),
    communityIds: z.array(z.string()),
  })
  .meta({ id: 'Provider' });
export type ProviderView = z.infer<typeof ProviderView>;

/** The CSV as JSON, for clients that cannot send text/csv. */
export const ImportHouseholdsBody = z.strictObject({
  csv: z.string().min(1).max(2_000_000),
});

/** One problem with one row of an import; `row` is the line number in the file (the header is 1). */
export const ImportRowProblem = z.object({
  row: z.number().int(),
  column: z.enum(['building', 'unit', 'area', '']),
  reason: z.string(),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
});
export type ImportRowProblem = z.infer<typeof ImportRowProblem>;

export const ImportHouseholdsResult = z
  .object({
    buildingsCreated: z.number().int(),
    householdsCreated: z.number().int(),
    rows: z.number().int(),
  })
  .meta({ id: 'HouseholdImportResult' });
export type ImportHouseholdsResult = z.infer<typeof ImportHouseholdsResult>;
