/**
 * How a user is shown: to themself in full (presentMe), to anyone else as a Person with the phone
 * masked unless the policy allows it (presentPerson, which other modules use).
 */
import { maskPhone, type Home, type Me, type Person, type StaffAccount } from '@linli/shared';
import type { Actor } from '../../platform/context';
import { canSeeFullPhone } from './policy';
import type { IdentityUser } from './users';

export function presentMe(user: IdentityUser, homes: readonly Home[]): Me {
  return {
    id: user.id,
    displayName: user.displayName,
    realName: user.realName,
    phone: user.phone,
    birthDate: user.birthDate,
    username: user.username,
    wechatLinked: user.wechatLinked,
    grants: user.grants,
    homes: [...homes],
    tags: user.tags,
    demo: user.demo,
    createdAt: user.createdAt.toISOString(),
  };
}

/**
 * Another person as `viewer` may see them. `communityIds`: the communities the person has a home
 * in (the caller knows them from membership), which decide whether community staff see the phone.
 */
export function presentPerson(
  viewer: Actor,
  user: Pick<IdentityUser, 'id' | 'displayName' | 'phone'>,
  communityIds: readonly string[] = [],
): Person {
  const full = canSeeFullPhone(viewer, { userId: user.id, communityIds });
  return {
    id: user.id,
    displayName: user.displayName,
    ...(user.phone ? { phone: full ? user.phone : maskPhone(user.phone) } : {}),
  };
}

export function presentStaffAccount(user: IdentityUser): StaffAccount {
  return {
    id: user.id,
    username: user.username ?? '',
    displayName: user.displayName,
    grants: user.grants,
    createdAt: user.createdAt.toISOString(),
  };
}
