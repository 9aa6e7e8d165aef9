/** The audit log of a community is read by admins and by that community's committee. */
import { hasRole, isAdmin } from '../../platform/auth';
import type { Actor } from '../../platform/context';
import { Forbidden } from '../../platform/errors';

export type AuditAction = 'read';

export function can(actor: Actor, _action: AuditAction, scope: { communityId: string }): boolean {
  return isAdmin(actor) || hasRole(actor, 'committee', scope.communityId);
}

export function authorize(actor: Actor, action: AuditAction, scope: { communityId: string }): void {
  if (!can(actor, action, scope)) throw Forbidden(`audit ${action} in ${scope.communityId}`);
}
