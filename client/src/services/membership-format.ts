/** How memberships and carer links are labelled on screen, in the current language. */
import type { CarerLinkStatus, MembershipRelation, MembershipStatus } from '@linli/shared/identity';
import { t, type MessageKey } from '../i18n';

const RELATION_KEYS: Record<MembershipRelation, MessageKey> = {
  owner: 'relationOwner',
  tenant: 'relationTenant',
  family: 'relationFamily',
};
const MEMBERSHIP_STATUS_KEYS: Record<MembershipStatus, MessageKey> = {
  pending: 'membershipPending',
  approved: 'membershipApproved',
  rejected: 'membershipRejected',
};
const CARER_STATUS_KEYS: Record<CarerLinkStatus, MessageKey> = {
  pending: 'carerPending',
  confirmed: 'carerConfirmed',
  rejected: 'carerRejected',
  revoked: 'carerRevoked',
};

export function relationLabel(relation: MembershipRelation): string {
  return t(RELATION_KEYS[relation]);
}

export function membershipStatusLabel(status: MembershipStatus): string {
  return t(MEMBERSHIP_STATUS_KEYS[status]);
}

export function carerStatusLabel(status: CarerLinkStatus): string {
  return t(CARER_STATUS_KEYS[status]);
}
