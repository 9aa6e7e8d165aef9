/** Memberships and carer links as the API shows them, with the actions the viewer may take. */
import type { CarerLinkView, MembershipView } from '@linli/shared';
import type { Actor } from '../../platform/context';
import type { Household } from '../communities';
import type { CarerLink } from './carer-link-service';
import type { Membership } from './membership-service';
import { carerLinkActions, membershipActions } from './policy';
import type { PersonSummary } from './users-port';

export function presentMembership(
  m: Membership,
  actor: Actor,
  context: { household?: Pick<Household, 'buildingName' | 'unit'>; applicant?: PersonSummary } = {},
): MembershipView {
  return {
    id: m.id,
    userId: m.userId,
    householdId: m.householdId,
    buildingId: m.buildingId,
    communityId: m.communityId,
    householdLabel: context.household ? `${context.household.buildingName} ${context.household.unit}` : '',
    ...(context.applicant && actor.userId !== m.userId
      ? {
          applicant: {
            displayName: context.applicant.displayName,
            ...(context.applicant.realName ? { realName: context.applicant.realName } : {}),
          },
        }
      : {}),
    relation: m.relation,
    status: m.status,
    ...(m.reason ? { reason: m.reason } : {}),
    requestedAt: m.requestedAt.toISOString(),
    ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
    actions: membershipActions(actor, m),
  };
}

export function presentCarerLink(
  link: CarerLink,
  actor: Actor,
  names: Map<string, PersonSummary> = new Map(),
): CarerLinkView {
  const carer = names.get(link.carerId);
  const elder = names.get(link.elderId);
  return {
    id: link.id,
    carerId: link.carerId,
    elderId: link.elderId,
    ...(carer ? { carerName: carer.displayName } : {}),
    ...(elder ? { elderName: elder.displayName } : {}),
    status: link.status,
    ...(link.reason ? { reason: link.reason } : {}),
    requestedAt: link.requestedAt.toISOString(),
    ...(link.decidedAt ? { decidedAt: link.decidedAt.toISOString() } : {}),
    actions: carerLinkActions(actor, link),
  };
}
