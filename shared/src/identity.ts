/**
 * Who people are and what they may be: the roles, relations and statuses that the client and the
 * server both reason about. Staff rights are grants scoped to a community (and, for operators, to
 * a service provider); being a resident is not a grant but an approved membership of a household.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';

export const STAFF_ROLES = ['admin', 'committee', 'operator', 'technician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * A staff right. `admin` runs the platform; `committee` acts inside one community; `operator` and
 * `technician` (an operator's field worker, e.g. for repairs) act for one provider in one community.
 * A committee grant with `duty` puts its holder on the community's emergency duty roster.
 */
export const RoleGrantSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('admin') }),
  z.object({
    role: z.literal('committee'),
    communityId: ObjectIdSchema,
    /**
     * On the emergency duty roster of this community: hears of emergency calls at once. Set by the
     * community's committee (PUT /emergency/communities/:id/duty/:userId) or by an admin with the grant.
     */
    duty: z.boolean().optional(),
  }),
  z.object({ role: z.literal('operator'), communityId: ObjectIdSchema, providerId: ObjectIdSchema }),
  z.object({ role: z.literal('technician'), communityId: ObjectIdSchema, providerId: ObjectIdSchema }),
]);
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

/** How a resident belongs to a household. */
export const MEMBERSHIP_RELATIONS = ['owner', 'tenant', 'family'] as const;
export type MembershipRelation = (typeof MEMBERSHIP_RELATIONS)[number];

export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** A carer link is confirmed by the elder or by the committee before the carer may act for them. */
export const CARER_LINK_STATUSES = ['pending', 'confirmed', 'rejected', 'revoked'] as const;
export type CarerLinkStatus = (typeof CARER_LINK_STATUSES)[number];

/** Set by the committee; services such as meal subsidies and notices read them. */
export const RESIDENT_TAGS = ['livingAlone', 'lowIncome', 'disability'] as const;
export type ResidentTag = (typeof RESIDENT_TAGS)[number];

/** A home the signed-in user is an approved member of. */
export const HomeSchema = z.object({
  householdId: ObjectIdSchema,
  buildingId: ObjectIdSchema,
  communityId: ObjectIdSchema,
  relation: z.enum(MEMBERSHIP_RELATIONS),
});
export type Home = z.infer<typeof HomeSchema>;
