/**
 * What the server pushes to clients over socket.io, by event name, with the payload each carries.
 * Payloads are small (ids and the new status); clients refetch what they show. Every event sent to
 * a user carries `seq`, that user's monotonic sequence number, so a reconnecting client can ask for
 * everything after the last one it saw. Add an event here when a module starts sending it.
 */
import type { MembershipStatus, CarerLinkStatus } from './identity';

export interface RealtimeEvents {
  'membership.decided': {
    membershipId: string;
    householdId: string;
    status: MembershipStatus;
    reason?: string;
  };
  'carerLink.changed': { carerLinkId: string; carerId: string; elderId: string; status: CarerLinkStatus };
}

export type RealtimeEventName = keyof RealtimeEvents;

/** As received by a client: the payload plus the user's sequence number. */
export type Delivered<K extends RealtimeEventName> = RealtimeEvents[K] & { seq: number };
