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

interface Queued {
  users: string[];
  event: RealtimeEventName;
  payload: RealtimeEvents[RealtimeEventName];
  resolve: () => void;
  reject: (err: unknown) => void;
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
  /** Deliveries waiting for the next flush (see toUsers). */
  private queued: Queued[] = [];

  constructor(deps: { connection: Connection; clock: Clock; logger: Logger }) {
    this.models = inboxModels(deps.connection);
    this.clock = deps.clock;
    this.log = deps.logger.child({ component: 'realtime' });
  }

  attach(io: Server): void {
    this.io = io;
  }

  /**
   * Deliveries asked for in the same turn of the event loop go out together: one seq update, one
   * inbox insert and one read for all of them (not per event), which is what keeps a burst of
   * bookings, each telling its elder, from doubling the database work of the bookings themselves.
   */
  toUsers<K extends RealtimeEventName>(
    userIds: readonly string[],
    event: K,
    payload: RealtimeEvents[K],
  ): Promise<void> {
    const users = [...new Set(userIds)];
    if (users.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ users, event, payload, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued.splice(0);
    try {
      await this.indexesBuilt();
      const seqs = await this.nextSeqs(batch);
      const createdAt = this.clock.now();
      await this.models.Inbox.insertMany(
        batch.flatMap(({ users, event, payload }, index) =>
          users.map((user) => ({
            user: new Types.ObjectId(user),
            seq: seqs[index].get(user),
            event,
            payload,
            createdAt,
          })),
        ),
        { lean: true },
      );
      batch.forEach(({ users, event, payload }, index) => {
        for (const user of users)
          this.io?.to(userRoom(user)).emit(event, { ...payload, seq: seqs[index].get(user) });
      });
      for (const delivery of batch) delivery.resolve();
    } catch (err) {
      for (const delivery of batch) delivery.reject(err);
    }
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
   * Takes the seqs of a batch of deliveries, per delivery and user, in two round trips whatever
   * their number: one bulk update adds to each counter the number of deliveries for that user and
   * records as many claims beside it (atomic per counter, so that user's seqs in this batch are
   * consecutive), one read tells from each counter's latest claims which seqs were ours. Should more
   * than CLAIMS_KEPT claims to one user have raced in after ours, ours have scrolled out: those
   * deliveries take seqs of their own (the skipped ones are gaps, which clients tolerate).
   */
  private async nextSeqs(batch: readonly Queued[]): Promise<Map<string, number>[]> {
    // One delivery to one user (most events when it is quiet): the update returns the seq.
    if (batch.length === 1 && batch[0].users.length === 1) {
      const [user] = batch[0].users;
      return [new Map([[user, await this.takeOwnSeq(user)]])];
    }
    const perUser = new Map<string, number>();
    for (const { users } of batch) for (const user of users) perUser.set(user, (perUser.get(user) ?? 0) + 1);
    const claim = new Types.ObjectId().toHexString();
    const claimsOf = (count: number) => Array.from({ length: count }, (_, i) => `${claim}:${i}`);
    const ids = [...perUser.keys()].map((user) => new Types.ObjectId(user));
    await this.models.SeqCounter.bulkWrite(
      [...perUser].map(([user, count]) => ({
        updateOne: {
          filter: { _id: new Types.ObjectId(user) },
          update: takeSeqs(claimsOf(count)),
          upsert: true,
        },
      })),
      { ordered: false },
    );
    const counters = await this.models.SeqCounter.find({ _id: { $in: ids } }).lean();
    /** The first of this batch's seqs for each user whose last claim is still remembered. */
    const firstSeq = new Map<string, number>();
    for (const counter of counters) {
      const user = counter._id.toHexString();
      const count = perUser.get(user)!;
      const position = counter.claims.lastIndexOf(`${claim}:${count - 1}`);
      if (position >= 0)
        firstSeq.set(user, counter.seq - (counter.claims.length - 1 - position) - (count - 1));
    }
    const taken = new Map<string, number>();
    const seqs: Map<string, number>[] = [];
    for (const { users } of batch) {
      const mine = new Map<string, number>();
      for (const user of users) {
        const first = firstSeq.get(user);
        const nth = taken.get(user) ?? 0;
        taken.set(user, nth + 1);
        mine.set(user, first === undefined ? await this.takeOwnSeq(user) : first + nth);
      }
      seqs.push(mine);
    }
    return seqs;
  }

  /** The user's next seq, read back from the update that takes it. */
  private async takeOwnSeq(user: string): Promise<number> {
    // Every seq taken leaves its claim, or nextSeqs' arithmetic would be off for everyone else.
    const counter = await this.models.SeqCounter.findByIdAndUpdate(
      user,
      takeSeqs([new Types.ObjectId().toHexString()]),
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

/** The update that takes a user's next seqs, one per claim, leaving the claims that tell which. */
const takeSeqs = (claims: string[]) => ({
  $inc: { seq: claims.length },
  $push: { claims: { $each: claims, $slice: -CLAIMS_KEPT } },
});

/** At most this many events are replayed to one connection; beyond that the client reloads. */
const REPLAY_LIMIT = 1000;
