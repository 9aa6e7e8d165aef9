/**
 * How domain code's announcements reach people live. Modules get a RealtimeDelivery in their deps
 * and call it from their domain-event subscribers (a module's realtime.ts); they never touch
 * socket.io. The implementation persists what it sends to users so a client that was offline or
 * reconnecting catches up on what it missed.
 */
import { Types, type Connection } from 'mongoose';
import type { Server, Socket } from 'socket.io';
import {
  REALTIME_CAUGHT_UP,
  type RealtimeCaughtUp,
  type RealtimeEventName,
  type RealtimeEvents,
} from '@linli/shared';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { CLAIMS_KEPT, INBOX_TTL_SECONDS, inboxModels, type InboxModels } from './inbox.model';
import { userRoom } from './rooms';

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
   * Emits to a room (`community:<id>`, `building:<id>`, `staff:<communityId>:<role>`,
   * `provider:<id>`; build names with rooms.ts) without keeping it: for live views that refetch on
   * reconnect anyway (e.g. a roster).
   */
  toRoom<K extends RealtimeEventName>(room: string, event: K, payload: RealtimeEvents[K]): Promise<void>;
  /**
   * Which of these users have a socket connected right now, on any API instance (with the Redis
   * adapter the rooms of every instance are asked). For "tell them live, or else by WeChat".
   */
  connectedUsers(userIds: readonly string[]): Promise<Set<string>>;
}

/**
 * The delivery main.ts hands to modules. It exists before socket.io does (modules are built before
 * the HTTP server): until `attach`, events are kept but reach nobody, which is right since nobody
 * can be connected yet.
 */
export class InboxDelivery implements RealtimeDelivery {
  private readonly models: InboxModels;
  private readonly clock: Clock;
  private readonly log: Logger;
  private io: Server | undefined;
  /** Index builds (unique seq, TTL) finish before the first write relies on them. */
  private ready: Promise<unknown> | undefined;

  constructor(deps: { connection: Connection; clock: Clock; logger: Logger }) {
    this.models = inboxModels(deps.connection);
    this.clock = deps.clock;
    this.log = deps.logger.child({ component: 'realtime' });
  }

  attach(io: Server): void {
    this.io = io;
  }

  async toUsers<K extends RealtimeEventName>(
    userIds: readonly string[],
    event: K,
    payload: RealtimeEvents[K],
  ): Promise<void> {
    const users = [...new Set(userIds)];
    if (users.length === 0) return;
    await this.indexesBuilt();
    const seqs = await this.nextSeqs(users);
    const createdAt = this.clock.now();
    await this.models.Inbox.insertMany(
      users.map((user) => ({
        user: new Types.ObjectId(user),
        seq: seqs.get(user),
        event,
        payload,
        createdAt,
      })),
      { lean: true },
    );
    for (const user of users) this.io?.to(userRoom(user)).emit(event, { ...payload, seq: seqs.get(user) });
  }

  async toRoom<K extends RealtimeEventName>(
    room: string,
    event: K,
    payload: RealtimeEvents[K],
  ): Promise<void> {
    this.io?.to(room).emit(event, payload);
  }

  async connectedUsers(userIds: readonly string[]): Promise<Set<string>> {
    const users = [...new Set(userIds)];
    if (!this.io || users.length === 0) return new Set();
    // One query for all the user rooms; each socket names its user in its data.
    const sockets = await this.io.in(users.map(userRoom)).fetchSockets();
    const wanted = new Set(users);
    const connected = new Set<string>();
    for (const socket of sockets) {
      const userId = (socket.data as { actor?: { userId?: string } } | undefined)?.actor?.userId;
      if (userId && wanted.has(userId)) connected.add(userId);
    }
    return connected;
  }

  /**
   * Sends one socket what its user missed since `lastSeq`, then `realtime.caughtUp`. The socket is
   * already in its user room, and the counter is read before the inbox: an event with a seq above
   * that count is emitted to the room after we joined it, so it arrives live; one at or below it is
   * in the inbox by now, or still being written and then also emitted live. Nothing falls between;
   * the client drops the duplicates by seq.
   */
  async replay(socket: Socket, userId: string, lastSeq: number | undefined): Promise<void> {
    let caughtUp: RealtimeCaughtUp = { seq: lastSeq ?? 0, complete: false };
    try {
      await this.indexesBuilt();
      const user = new Types.ObjectId(userId);
      const counter = await this.models.SeqCounter.findById(user, { seq: 1 }).lean();
      const current = counter?.seq ?? 0;
      if (lastSeq === undefined || lastSeq === current) {
        caughtUp = { seq: current, complete: true };
      } else if (lastSeq > current) {
        // The client remembers more than we ever sent (a reset store): it must reload.
        caughtUp = { seq: current, complete: false };
      } else {
        const keptSince = new Date(this.clock.now().getTime() - INBOX_TTL_SECONDS * 1000);
        const missed = await this.models.Inbox.find(
          { user, seq: { $gt: lastSeq, $lte: current }, createdAt: { $gt: keptSince } },
          { _id: 0, seq: 1, event: 1, payload: 1 },
        )
          .sort({ seq: 1 })
          .limit(REPLAY_LIMIT)
          .lean();
        for (const entry of missed) socket.emit(entry.event, { ...entry.payload, seq: entry.seq });
        // Anything short of every seq in between (expired, over the limit, a failed write) is a gap.
        caughtUp = { seq: current, complete: missed.length === current - lastSeq };
      }
    } catch (err) {
      this.log.error({ err, userId }, 'realtime replay failed');
    }
    socket.emit(REALTIME_CAUGHT_UP, caughtUp);
  }

  /**
   * Takes the next seq of each user in two round trips whatever their number: one bulk update
   * increments every counter and records this delivery's claim beside it (atomic per counter), one
   * read tells from each counter's latest claims which seq was ours. Should more than CLAIMS_KEPT
   * deliveries to one user have raced in between, ours has scrolled out: that user gets a seq of its
   * own (the first is skipped; clients tolerate gaps).
   */
  private async nextSeqs(users: string[]): Promise<Map<string, number>> {
    // One user (most events): the update that takes the seq returns it, one round trip.
    if (users.length === 1) return new Map([[users[0], await this.takeOwnSeq(users[0])]]);
    const claim = new Types.ObjectId().toHexString();
    const ids = users.map((user) => new Types.ObjectId(user));
    await this.models.SeqCounter.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: takeSeq(claim), upsert: true } })),
      { ordered: false },
    );
    const counters = await this.models.SeqCounter.find({ _id: { $in: ids } }).lean();
    const seqs = new Map<string, number>();
    for (const counter of counters) {
      const position = counter.claims.lastIndexOf(claim);
      if (position >= 0)
        seqs.set(counter._id.toHexString(), counter.seq - (counter.claims.length - 1 - position));
    }
    for (const user of users) if (!seqs.has(user)) seqs.set(user, await this.takeOwnSeq(user));
    return seqs;
  }

  /** The user's next seq, read back from the update that takes it. */
  private async takeOwnSeq(user: string): Promise<number> {
    // Every seq taken leaves its claim, or nextSeqs' arithmetic would be off for everyone else.
    const counter = await this.models.SeqCounter.findByIdAndUpdate(
      user,
      takeSeq(new Types.ObjectId().toHexString()),
      {
        upsert: true,
        returnDocument: 'after',
        projection: { seq: 1 },
      },
    ).lean();
    return counter.seq;
  }

  private indexesBuilt(): Promise<unknown> {
    this.ready ??= Promise.all([this.models.Inbox.init(), this.models.SeqCounter.init()]).catch((err) => {
      this.ready = undefined; // try again on the next delivery
      throw err;
    });
    return this.ready;
  }
}

/** The update that takes a user's next seq and leaves the claim that tells which one it was. */
const takeSeq = (claim: string) => ({
  $inc: { seq: 1 },
  $push: { claims: { $each: [claim], $slice: -CLAIMS_KEPT } },
});

/** At most this many events are replayed to one connection; beyond that the client reloads. */
const REPLAY_LIMIT = 1000;
