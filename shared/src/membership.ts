/**
 * Belonging: a resident asks to join a household and the community's committee decides; a resident
 * asks to care for an elder and the elder (or the committee) confirms; the committee tags residents
 * for subsidies. Views carry `actions`, the buttons that will work for whoever asked.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { CARER_LINK_STATUSES, MEMBERSHIP_RELATIONS, MEMBERSHIP_STATUSES, RESIDENT_TAGS } from './identity';

export const MEMBERSHIP_ACTIONS = ['approve', 'reject', 'leave'] as const;
export type MembershipAction = (typeof MEMBERSHIP_ACTIONS)[number];

export const RequestMembershipBody = z.strictObject({
  householdId: ObjectIdSchema,
  relation: z.enum(MEMBERSHIP_RELATIONS),
});

export const RejectBody = z.strictObject({
  reason: z.string().trim().min(2).max(200).meta({ example: '房产信息与登记不符，请携带房产证到居委会核对' }),
});

export const MembershipView = z
  .object({
    id: z.string(),
    userId: z.string(),
    householdId: z.string(),
    buildingId: z.string(),
    communityId: z.string(),
    /** '1号楼 2-301', so a committee member knows which door without another request. */
    householdLabel: z.string(),
    /** Shown to the committee deciding; never the phone number. */
    applicant: z.object({ displayName: z.string(), realName: z.string().optional() }).optional(),
    relation: z.enum(MEMBERSHIP_RELATIONS),
    status: z.enum(MEMBERSHIP_STATUSES),
    reason: z.string().optional(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
    actions: z.array(z.enum(MEMBERSHIP_ACTIONS)),
  })
  .meta({ id: 'Membership' });
export type MembershipView = z.infer<typeof MembershipView>;

export const MembershipListQuery = z.object({
  communityId: ObjectIdSchema,
  status: z.enum(MEMBERSHIP_STATUSES).default('pending'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const CARER_LINK_ACTIONS = ['confirm', 'reject', 'revoke'] as const;
export type CarerLinkAction = (typeof CARER_LINK_ACTIONS)[number];

/**
 * The carer names the elder by the elder's user id, which the elder's app shows as "my carer code".
 * Not by household and name: that would let anyone probe who lives behind which door.
 */
export const RequestCarerLinkBody = z.strictObject({
  elderUserId: ObjectIdSchema,
});

export const CarerLinkView = z
  .object({
    id: z.string(),
    carerId: z.string(),
    elderId: z.string(),
    carerName: z.string().optional(),
    elderName: z.string().optional(),
    status: z.enum(CARER_LINK_STATUSES),
    reason: z.string().optional(),
    requestedAt: z.string(),
    decidedAt: z.string().optional(),
    actions: z.array(z.enum(CARER_LINK_ACTIONS)),
  })
  .meta({ id: 'CarerLink' });
export type CarerLinkView = z.infer<typeof CarerLinkView>;

export const CarerLinkDecisionBody = z.strictObject({
  reason: z.string().trim().min(1).max(200).optional(),
});

export const CarerLinkListQuery = z.object({
  communityId: ObjectIdSchema,
  status: z.enum(CARER_LINK_STATUSES).default('pending'),
});

export const SetTagsBody = z.strictObject({
  communityId: ObjectIdSchema.meta({ description: 'The community in which the committee acts' }),
  tags: z.array(z.enum(RESIDENT_TAGS)).max(RESIDENT_TAGS.length),
});

export const ResidentView = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    householdLabel: z.string(),
    relation: z.enum(MEMBERSHIP_RELATIONS),
    tags: z.array(z.enum(RESIDENT_TAGS)),
  })
  .meta({ id: 'Resident' });

export const ResidentTagsView = z.object({
  userId: z.string(),
  tags: z.array(z.enum(RESIDENT_TAGS)),
});

/** One staff change to a resident's record. Phone numbers never appear in before/after. */
export const AuditEntryView = z
  .object({
    id: z.string(),
    actorId: z.string(),
    action: z.string(),
    /** Absent when there is none, or when the resident has since erased their data. */
    subjectUserId: z.string().optional(),
    subjectErased: z.boolean(),
    communityId: z.string(),
    target: z.object({ kind: z.string(), id: z.string() }),
    before: z.unknown(),
    after: z.unknown(),
    at: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = z.object({
  communityId: ObjectIdSchema,
  subjectUserId: ObjectIdSchema.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
