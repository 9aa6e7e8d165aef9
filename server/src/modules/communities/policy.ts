/**
 * Who may do what with communities and homes. The admin builds the map of communities; a committee
 * member reads the buildings and households of their own community only.
 */
import { hasRole, isAdmin } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import { Forbidden } from '../../platform/errors';

export type CommunityAction = 'manage' | 'readHomes';

export function can(actor: Actor, action: CommunityAction, community: { id: string }): boolean {
  switch (action) {
    case 'manage':
      return isAdmin(actor);
    case 'readHomes':
      return isAdmin(actor) || hasRole(actor, 'committee', community.id);
  }
}

export function authorize(actor: Actor, action: CommunityAction, community: { id: string }): void {
  if (!can(actor, action, community)) throw Forbidden(`${action} community ${community.id}`);
}
