/**
 * Who a notice reaches, answered two ways that must agree: forwards (a notice → the user ids of
 * its audience, for live delivery, WeChat messages and read counts) and backwards (a resident →
 * the notices whose audience includes them, as a query). Both go by approved homes and tags as
 * they are now, not as they were when the notice was published.
 */
import type { NoticeAudience, ResidentTag } from '@linli/shared';
import { Types, type QueryFilter } from 'mongoose';
import type { Actor } from '../../platform/context';
import type { NoticeDoc } from './model';

export type Audience = NoticeAudience;

/** What notices needs of membership and identity, as narrow structural types. */
export interface AudienceDirectory {
  approvedUserIds(communityId: string, buildingIds?: readonly string[]): Promise<string[]>;
  getUsers(ids: readonly string[]): Promise<Map<string, { tags: readonly ResidentTag[]; deleted: boolean }>>;
}

export function createAudienceResolver(directory: AudienceDirectory) {
  return {
    /** The user ids a notice of `communityId` reaches now, each once. */
    async userIds(communityId: string, audience: Audience): Promise<string[]> {
      const members = await directory.approvedUserIds(
        communityId,
        audience.kind === 'buildings' ? audience.buildingIds : undefined,
      );
      const users = await directory.getUsers(members);
      return members.filter((id) => {
        const user = users.get(id);
        if (!user || user.deleted) return false;
        return audience.kind !== 'tag' || user.tags.includes(audience.tag);
      });
    },
  };
}

export type AudienceResolver = ReturnType<typeof createAudienceResolver>;

/** Notices published to `actor` (by their homes and tags) and still live at `now`. */
export function visibleTo(actor: Actor, now: Date): QueryFilter<NoticeDoc> | undefined {
  const communityIds = [...new Set(actor.homes.map((home) => home.communityId))];
  if (communityIds.length === 0) return undefined;
  const buildingIds = [...new Set(actor.homes.map((home) => home.buildingId))];
  return {
    communityId: { $in: communityIds.map((id) => new Types.ObjectId(id)) },
    status: 'published',
    $and: [
      { $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] },
      {
        $or: [
          { 'audience.kind': 'community' },
          {
            'audience.kind': 'buildings',
            'audience.buildingIds': { $in: buildingIds.map((id) => new Types.ObjectId(id)) },
          },
          ...(actor.tags.length
            ? [{ 'audience.kind': 'tag' as const, 'audience.tag': { $in: [...actor.tags] } }]
            : []),
        ],
      },
    ],
  };
}

/** The same rule as `visibleTo`, for one notice already loaded. */
export function reaches(actor: Actor, notice: NoticeDoc, now: Date): boolean {
  if (notice.status !== 'published') return false;
  if (notice.expiresAt && notice.expiresAt <= now) return false;
  const communityId = String(notice.communityId);
  const homes = actor.homes.filter((home) => home.communityId === communityId);
  if (homes.length === 0) return false;
  switch (notice.audience.kind) {
    case 'community':
      return true;
    case 'buildings': {
      const targeted = new Set(notice.audience.buildingIds.map(String));
      return homes.some((home) => targeted.has(home.buildingId));
    }
    case 'tag':
      return notice.audience.tag !== undefined && actor.tags.includes(notice.audience.tag);
  }
}

/** The stored audience as the API shows it. */
export function audienceOf(notice: Pick<NoticeDoc, 'audience'>): Audience {
  const { audience } = notice;
  switch (audience.kind) {
    case 'community':
      return { kind: 'community' };
    case 'buildings':
      return { kind: 'buildings', buildingIds: audience.buildingIds.map(String) };
    case 'tag':
      return { kind: 'tag', tag: audience.tag as ResidentTag };
  }
}
