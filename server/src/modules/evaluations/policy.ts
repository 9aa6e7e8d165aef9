/**
 * Who answers for a rating: the operator of the provider it rates (a canteen, a repairs team, a
 * daycare centre), and for pledge projects, whose provider is the community itself, that
 * community's committee. They read its comments (names only where the resident signed) and may
 * reply once; nobody else sees them through the operator's list.
 */
import type { EvaluatedService } from '@linli/shared';
import { hasRole } from '../../platform/auth';
import type { Actor } from '../../platform/context';

/** The providers whose ratings an actor answers for: operated providers, and communities for pledges. */
export interface OperatedScope {
  providerIds: string[];
  pledgeCommunityIds: string[];
}

export function operatedScope(actor: Actor): OperatedScope {
  return {
    providerIds: actor.grants.flatMap((g) => (g.role === 'operator' ? [g.providerId] : [])),
    pledgeCommunityIds: actor.grants.flatMap((g) => (g.role === 'committee' ? [g.communityId] : [])),
  };
}

export function answersFor(actor: Actor, rating: { service: EvaluatedService; providerId: string }): boolean {
  if (rating.service === 'pledges') return hasRole(actor, 'committee', rating.providerId);
  return actor.grants.some((g) => g.role === 'operator' && g.providerId === rating.providerId);
}
