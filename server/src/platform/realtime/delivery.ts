/**
 * How domain code's announcements reach people live. Modules get a RealtimeDelivery in their deps
 * and call it from their domain-event subscribers (a module's realtime.ts); they never touch
 * socket.io. The implementation persists what it sends to users so a client that was offline or
 * reconnecting catches up on what it missed.
 */
import type { RealtimeEventName, RealtimeEvents } from '@linli/shared';

export interface RealtimeDelivery {
  /**
   * For each user: assigns the next per-user sequence number, keeps the event (≥ 7 days) for
   * catch-up, and emits it to room `user:<id>` on every API instance. Resolves once kept.
   */
  toUsers<K extends RealtimeEventName>(
    userIds: readonly string[],
    event: K,
    payload: RealtimeEvents[K],
  ): Promise<void>;
  /**
   * Emits to a room (`community:<id>`, `building:<id>`, `staff:<communityId>:<role>`) without
   * keeping it: for live views that refetch on reconnect anyway (e.g. a roster).
   */
  toRoom<K extends RealtimeEventName>(room: string, event: K, payload: RealtimeEvents[K]): Promise<void>;
}
