/**
 * What the identity module announces. Subscribers: audit (grant changes are staff actions), and
 * every module holding personal data, which already erased its part through the registry before
 * 'user.deleted' fires.
 */
import type { RoleGrant } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    'user.deleted': { userId: string };
    'user.grantsChanged': { userId: string; byUserId: string; grants: RoleGrant[] };
  }
}

export {};
