/**
 * What this module needs of the identity module's users, as a structural type: identity's
 * UserService satisfies it, and this module does not depend on identity's files.
 */
import type { ResidentTag } from '@linli/shared';

export interface PersonSummary {
  id: string;
  displayName: string;
  realName?: string;
  tags: ResidentTag[];
  deleted: boolean;
}

export interface UserDirectory {
  getUser(id: string): Promise<PersonSummary | undefined>;
  getUsers(ids: readonly string[]): Promise<Map<string, PersonSummary>>;
  setTags(userId: string, tags: readonly ResidentTag[]): Promise<PersonSummary>;
}
