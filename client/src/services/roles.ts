import type { Me } from '@linli/shared/identity-api';
import type { StaffRole } from '@linli/shared/identity';
import { t, type MessageKey } from '../i18n';

const ROLE_KEYS: Record<StaffRole, MessageKey> = {
  admin: 'roleAdmin',
  committee: 'roleCommittee',
  operator: 'roleOperator',
  technician: 'roleTechnician',
};

export function roleName(role: StaffRole): string {
  return t(ROLE_KEYS[role]);
}

/** Staff roles held, plus "resident" for anyone with an approved home or no staff role. */
export function roleNames(me: Pick<Me, 'grants' | 'homes'>): string[] {
  const names = [...new Set(me.grants.map((grant) => roleName(grant.role)))];
  if (me.homes.length > 0 || names.length === 0) names.push(t('roleResident'));
  return names;
}

/** Communities where the person may publish notices (committee or operator there). */
export function publisherCommunityIds(me: Pick<Me, 'grants'>): string[] {
  const ids = me.grants.flatMap((g) =>
    g.role === 'committee' || g.role === 'operator' ? [g.communityId] : [],
  );
  return [...new Set(ids)];
}

/** Communities whose committee the person sits on: they decide who joins its households. */
export function committeeCommunityIds(me: Pick<Me, 'grants'>): string[] {
  return [...new Set(me.grants.flatMap((g) => (g.role === 'committee' ? [g.communityId] : [])))];
}

export function isStaff(me: Pick<Me, 'grants'>): boolean {
  return me.grants.length > 0;
}
