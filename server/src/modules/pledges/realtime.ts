/**
 * Tells people live what changed: everyone viewing a project (its community's room, and its
 * committee's room) refetches its progress; pledgers hear when their project moves, is revised,
 * or their pledge resolves; residents hear of their points and redemptions; a new convention
 * version reaches the community, and earlier signers are asked to sign again (kept for catch-up);
 * the committee hears of each new signature and each new redemption order (its pages refetch).
 */
import type { RealtimeDelivery } from '../../platform/realtime/delivery';
import { communityRoom, staffRoom } from '../../platform/realtime/rooms';
import type { DomainEventBus } from '../domain-events';
import './events';

export function deliverPledgeEvents(
  events: DomainEventBus,
  realtime: Pick<RealtimeDelivery, 'toUsers' | 'toRoom'>,
): void {
  events.on('pledge.progress', async ({ projectId, communityId, status }) => {
    const payload = { projectId, communityId, status };
    await Promise.all([
      realtime.toRoom(communityRoom(communityId), 'pledge.progress', payload),
      realtime.toRoom(staffRoom({ role: 'committee', communityId }), 'pledge.progress', payload),
    ]);
  });
  events.on('pledge.pledgersTold', ({ projectId, userIds, status, pledgeId, version, reason }) =>
    realtime.toUsers(userIds, 'pledge.changed', {
      projectId,
      status,
      ...(pledgeId ? { pledgeId } : {}),
      ...(version ? { version } : {}),
      ...(reason ? { reason } : {}),
    }),
  );
  events.on('points.changed', ({ userId, communityId, balance }) =>
    realtime.toUsers([userId], 'points.changed', { communityId, balance }),
  );
  events.on('points.redemptionChanged', ({ userId, redemptionId, status }) =>
    realtime.toUsers([userId], 'points.redemptionChanged', { redemptionId, status }),
  );
  // The committee's room only: who signed and who ordered what is the committee's business.
  events.on('convention.signed', ({ communityId, versionId }) =>
    realtime.toRoom(staffRoom({ role: 'committee', communityId }), 'convention.signed', {
      communityId,
      versionId,
    }),
  );
  events.on('points.redemptionPlaced', ({ communityId, redemptionId }) =>
    realtime.toRoom(staffRoom({ role: 'committee', communityId }), 'points.redemptionPlaced', {
      communityId,
      redemptionId,
    }),
  );
  events.on('convention.published', async ({ communityId, versionId, version, earlierSigners }) => {
    await Promise.all([
      realtime.toRoom(communityRoom(communityId), 'convention.published', {
        communityId,
        versionId,
        version,
      }),
      earlierSigners.length > 0
        ? realtime.toUsers(earlierSigners, 'convention.published', {
            communityId,
            versionId,
            version,
            signAgain: true,
          })
        : Promise.resolve(),
    ]);
  });
}
