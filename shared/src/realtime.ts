/**
 * What the server pushes to clients over socket.io, by event name, with the payload each carries.
 * Payloads are small (ids and the new status); clients refetch what they show. Every event sent to
 * a user carries `seq`, that user's monotonic sequence number, so a reconnecting client can ask for
 * everything after the last one it saw. Add an event here when a module starts sending it.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors';
import type { MembershipStatus, CarerLinkStatus } from './identity';
import type { LocalizedText } from './i18n';
import type { BookingStatus, Meal, MenuEditableField } from './meals';
import type { WellnessAlertStatus } from './meals-wellness';
import type { EnquiryStatus } from './daycare';
import type { EmergencyAlertStatus } from './emergency';
import type { NoticeCategory } from './notices';
import type { ConsultationStatus } from './consultations';
import type { PledgeStatus, ProjectStatus, RedemptionStatus } from './pledges';
import type { TicketStatus } from './repairs';

export interface RealtimeEvents {
  'membership.decided': {
    membershipId: string;
    householdId: string;
    status: MembershipStatus;
    reason?: string;
  };
  /**
   * Sent to the community's committee room (`staff:<communityId>:committee`) when a request to join
   * a household is made, decided or withdrawn: refetch the pending list.
   */
  'membership.queueChanged': { communityId: string; membershipId: string };
  'carerLink.changed': { carerLinkId: string; carerId: string; elderId: string; status: CarerLinkStatus };
  /** Sent to exactly the notice's audience when it is published. */
  'notice.published': { noticeId: string; communityId: string; category: NoticeCategory; title: string };
  /** Sent to the same audience when the notice is withdrawn: drop it from lists, badges and banners. */
  'notice.withdrawn': { noticeId: string; communityId: string };
  /** Sent to the elder and whoever booked for them (a carer) when their meal booking changes. */
  'meal.bookingChanged': { bookingId: string; menuId: string; status: BookingStatus; reason?: string };
  /**
   * Sent to the elder, whoever booked and the elder's confirmed carers when the canteen changes the
   * dishes or the price of a menu they hold an active booking on (their own price stays as booked).
   */
  'meal.menuChanged': {
    menuId: string;
    bookingId: string;
    date: string;
    meal: Meal;
    changed: MenuEditableField[];
  };
  /**
   * Sent to the elder and the elder's confirmed carers (the order's author among them) when a standing order
   * could not book a published menu (full, closed, not eligible…): that day is skipped.
   */
  'meal.standingOrderSkipped': {
    standingOrderId: string;
    menuId: string;
    date: string;
    meal: Meal;
    code: ErrorCode;
    reason: LocalizedText;
  };
  /** Sent to the canteen's staff room (`provider:<id>`) on every booking change: refetch the roster. */
  'meal.rosterChanged': { providerId: string; menuId: string; date: string; meal: Meal };
  /**
   * Sent to the elder's confirmed carers and the community's committee when a delivery found nobody
   * answering (status 'open'), and again when a committee member acknowledges it.
   */
  'meal.wellnessAlert': {
    alertId: string;
    elderId: string;
    bookingId: string;
    communityId: string;
    status: WellnessAlertStatus;
  };
  /**
   * Sent to a repair ticket's reporter, every "me too" resident and its technician when it is
   * reported, moved, merged or "me too"d (`action`), and to the team's room (`provider:<id>`):
   * refetch the ticket. `onBehalf`: staff filed it for the resident.
   */
  'repair.ticketChanged': {
    ticketId: string;
    status: TicketStatus;
    action: string;
    onBehalf?: boolean;
  };
  /** Sent to the community's committee and the team's room once, when a ticket passes its due time. */
  'repair.overdue': { ticketId: string; communityId: string; providerId: string; dueAt: string };
  /**
   * Daycare: to the guardian (and whoever prepared the enquiry) and the centre's staff room when an
   * enquiry moves or a message arrives; clients refetch the enquiry and its unread count.
   */
  'daycare.enquiryChanged': { enquiryId: string; providerId: string; status: EnquiryStatus };
  'daycare.message': { enquiryId: string; providerId: string; from: 'guardian' | 'centre' };
  /**
   * An emergency call was raised, joined by another press, escalated, acknowledged or closed: sent
   * to the person who called and to everyone told of it. Refetch GET /emergency/alerts/:alertId.
   */
  'emergency.alertChanged': {
    alertId: string;
    personId: string;
    communityId: string;
    status: EmergencyAlertStatus;
    escalated: boolean;
    /** What just happened. */
    change: 'raised' | 'pressedAgain' | 'escalated' | 'acknowledged' | 'closed';
  };
  /**
   * Sent to the project's community room and its committee room whenever a pledge changes what is
   * pledged or received, or the project changes state: refetch the project (progress bars).
   */
  'pledge.progress': { projectId: string; communityId: string; status: ProjectStatus };
  /**
   * Sent to a project's pledgers when it moves (active, lapsed: nothing is collected, cancelled,
   * done), is revised after they pledged (a new version), or their own pledge changes.
   */
  'pledge.changed': {
    projectId: string;
    pledgeId?: string;
    status: ProjectStatus | PledgeStatus;
    version?: number;
    reason?: string;
  };
  /** Sent to the resident when their points balance changes (earned, redeemed, refunded, corrected). */
  'points.changed': { communityId: string; balance: number };
  /** Sent to the resident when staff confirm or refuse a redemption. */
  'points.redemptionChanged': { redemptionId: string; status: RedemptionStatus };
  /** Sent to the community room on a new convention version, and to earlier signers: sign again. */
  'convention.published': { communityId: string; versionId: string; version: number; signAgain?: boolean };
  /** Sent to the committee room on a new signature: the signature map refetches. */
  'convention.signed': { communityId: string; versionId: string };
  /** Sent to the committee room on a new redemption order: the orders page refetches. */
  'points.redemptionPlaced': { communityId: string; redemptionId: string };
}

/**
 * Consultations. Never a choice or a tally, whatever the consultation's settings: clients refetch,
 * and the server decides there what may be shown.
 */
export interface RealtimeEvents {
  /** To the audience (community or building rooms) and the committee room: refetch the consultation. */
  'consultation.statusChanged': { consultationId: string; communityId: string; status: ConsultationStatus };
  /** To the committee room (`staff:<communityId>:committee`) on every ballot: refetch the turnout. */
  'consultation.turnoutChanged': { consultationId: string; voted: number };
  /** To residents who can still vote and have not (kept for catch-up). */
  'consultation.reminder': { consultationId: string; title: string };
}

export type RealtimeEventName = keyof RealtimeEvents;

/** As received by a client: the payload plus the user's sequence number. */
export type Delivered<K extends RealtimeEventName> = RealtimeEvents[K] & { seq: number };

/*
 * Connecting, catching up, and the rules a client follows.
 *
 * Connect to `/socket.io` with `auth: { token, lastSeq }`: the access token the API takes, and the
 * highest `seq` this user's client has handled (omit it on a first connect; load state over HTTP).
 * A refused handshake ends in `connect_error` whose `data` is a RealtimeConnectErrorData: on
 * TOKEN_EXPIRED refresh the token and connect again; on other codes sign in again.
 *
 * Once connected the server first replays every kept event with seq > lastSeq (kept 7 days), in
 * seq order, then sends `realtime.caughtUp`. Live events may arrive interleaved with the replay (one
 * written while the replay was read comes both ways), and two deliveries racing on the server may
 * arrive a few milliseconds out of order. So "ignore seq ≤ the last one seen" would lose events:
 *   1. Handle each seq once: ignore an event whose seq you already handled (ReceivedSeqs does this).
 *   2. Do not rely on order between events: each says "this changed, refetch it".
 *   3. On `realtime.caughtUp`, raise your lastSeq to its `seq`; if `complete` is false (offline too
 *      long, or a gap the server could not fill), refetch everything on screen.
 *   4. Store lastSeq and send it on every reconnect (socket.io-client: update `socket.auth`).
 * Events sent to a room (a community, a building, a staff group) carry no seq and are not replayed:
 * refetch those views after a reconnect.
 */

/** What a client sends in the socket.io handshake (`io(url, { auth })`). */
export const RealtimeHandshakeSchema = z.object({
  token: z.string().min(1),
  lastSeq: z.number().int().min(0).optional(),
});
export type RealtimeHandshake = z.infer<typeof RealtimeHandshakeSchema>;

/** `err.data` of a refused connection (socket.io `connect_error`). */
export interface RealtimeConnectErrorData {
  code: ErrorCode;
}

/** Sent once per connection, after the replay. */
export const REALTIME_CAUGHT_UP = 'realtime.caughtUp';
export interface RealtimeCaughtUp {
  /** The user's highest seq when the replay was read: the client's lastSeq from now on. */
  seq: number;
  /** False when some event after the client's lastSeq could not be replayed: refetch what you show. */
  complete: boolean;
}

/**
 * Which seqs a client has handled, for rule 1 above: `accept(seq)` is true the first time a seq is
 * seen and false for a duplicate. Keep one per signed-in user across reconnects. Remembers the seqs
 * of a recent window, since duplicates and late arrivals are only ever a few events apart.
 */
export class ReceivedSeqs {
  private last: number;
  private readonly recent = new Set<number>();

  constructor(
    lastSeq = 0,
    private readonly window = 1000,
  ) {
    this.last = lastSeq;
  }

  /** What to send as `lastSeq` on the next connect. */
  get lastSeq(): number {
    return this.last;
  }

  accept(seq: number): boolean {
    if (this.recent.has(seq) || seq <= this.last - this.window) return false;
    this.recent.add(seq);
    if (seq > this.last) this.last = seq;
    for (const old of this.recent) if (old <= this.last - this.window) this.recent.delete(old);
    return true;
  }

  caughtUp({ seq }: RealtimeCaughtUp): void {
    // Live events newer than the replay may already have arrived: never move back.
    if (seq > this.last) this.last = seq;
  }
}
