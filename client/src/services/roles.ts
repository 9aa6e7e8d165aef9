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
