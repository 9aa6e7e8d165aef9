/**
 * The realtime layer against real sockets: socket.io-client over 127.0.0.1 to an HTTP server with
 * realtime attached, on the embedded store. Absence is checked with a sentinel: a later event sent
 * to the same socket arrives after anything sent to it earlier, so "the sentinel came first" means
 * "the earlier one never came".
 */
import { ReceivedSeqs, type Delivered } from '@linli/shared';
import { Types } from 'mongoose';
import { ManualClock } from '../clock';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo';
import { INBOX_TTL_SECONDS } from './inbox.model';
import { buildingRoom, communityRoom, roomsOf, staffRoom } from './rooms';
import {
  FakeAuthenticator,
  connectClient,
  makeActor,
  refusalOf,
  startRealtimeInstance,
  type RealtimeInstance,
  type TestClient,
} from './testing';

const decided = (n: number) => ({
  membershipId: new Types.ObjectId().toHexString(),
  householdId: `household-${n}`,
  status: 'approved' as const,
});

let store: EmbeddedMongo;
let instance: RealtimeInstance;
const auth = new FakeAuthenticator();
const clock = new ManualClock();
const clients: TestClient[] = [];

beforeAll(async () => {
  store = await startEmbeddedMongo({ dbPath: null });
  instance = await startRealtimeInstance({
    mongoUri: store.uri,
    dbName: 'realtime',
    authenticator: auth,
    clock,
  });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await instance.stop();
  await store.close();
});

async function connect(auth: Record<string, unknown>): Promise<TestClient> {
  const client = await connectClient(instance.url, auth);
  clients.push(client);
  return client;
}

describe('handshake', () => {
  it('refuses a missing token with UNAUTHORIZED', async () => {
    expect(await refusalOf(instance.url, {})).toEqual({ code: 'UNAUTHORIZED' });
    expect(await refusalOf(instance.url, { token: '' })).toEqual({ code: 'UNAUTHORIZED' });
  });

  it('refuses a token the authenticator does not know with its code', async () => {
    expect(await refusalOf(instance.url, { token: 'forged' })).toEqual({ code: 'UNAUTHORIZED' });
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const token = auth.issue(makeActor());
    auth.expire(token);
    expect(await refusalOf(instance.url, { token })).toEqual({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a lastSeq that is not a whole number ≥ 0', async () => {
    const token = auth.issue(makeActor());
    expect(await refusalOf(instance.url, { token, lastSeq: -1 })).toEqual({ code: 'BAD_REQUEST' });
    expect(await refusalOf(instance.url, { token, lastSeq: 'x' })).toEqual({ code: 'BAD_REQUEST' });
  });

  it('accepts a good token and says where the user stands', async () => {
    const client = await connect({ token: auth.issue(makeActor()) });
    expect(await client.caughtUp()).toEqual({ seq: 0, complete: true });
  });
});

describe('rooms', () => {
  it('are named from the actor: user, each home’s community and building, each grant', () => {
    const [community, building, provider] = ['c1', 'b1', 'p1'];
    const actor = makeActor({
      userId: 'u1',
      homes: [{ householdId: 'h1', buildingId: building, communityId: community, relation: 'owner' }],
      grants: [
        { role: 'admin' },
        { role: 'committee', communityId: community },
        { role: 'operator', communityId: community, providerId: provider },
      ],
    });
    expect(roomsOf(actor).sort()).toEqual(
      [
        'user:u1',
        'community:c1',
        'building:b1',
        'staff:admin',
        'staff:c1:committee',
        'staff:c1:operator',
        'provider:p1',
      ].sort(),
    );
    expect(staffRoom({ role: 'technician', communityId: 'c2', providerId: 'p2' })).toBe(
      'staff:c2:technician',
    );
  });
});

describe('toUsers', () => {
  it("reaches every socket of that user and nobody else's", async () => {
    const alice = makeActor();
    const bob = makeActor();
    const alicePhone = await connect({ token: auth.issue(alice) });
    const aliceTablet = await connect({ token: auth.issue(alice) });
    const bobPhone = await connect({ token: auth.issue(bob) });
    await Promise.all([alicePhone, aliceTablet, bobPhone].map((client) => client.caughtUp()));

    const payload = decided(1);
    await instance.delivery.toUsers([alice.userId], 'membership.decided', payload);
    for (const client of [alicePhone, aliceTablet]) {
      const received = await client.event('membership.decided');
      expect(received.payload).toEqual({ ...payload, seq: 1 } satisfies Delivered<'membership.decided'>);
    }

    await instance.delivery.toUsers([bob.userId], 'membership.decided', decided(2));
    await bobPhone.event('membership.decided');
    expect(bobPhone.received.filter((r) => r.event === 'membership.decided')).toEqual([
      { event: 'membership.decided', payload: { ...decided(2), membershipId: expect.any(String), seq: 1 } },
    ]);
  });

  it('gives concurrent deliveries to one user distinct, consecutive seqs', async () => {
    const carol = makeActor();
    await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        instance.delivery.toUsers([carol.userId], 'membership.decided', decided(n)),
      ),
    );
    const kept = await instance.connection
      .collection('realtime_inbox')
      .find({ user: new Types.ObjectId(carol.userId) })
      .toArray();
    expect(kept.map((entry) => entry.seq as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, n) => n + 1),
    );
  });

  it('stays distinct when more deliveries race than a counter remembers claims for', async () => {
    const dave = makeActor();
    await Promise.all(
      Array.from({ length: 150 }, (_, n) =>
        instance.delivery.toUsers([dave.userId], 'membership.decided', decided(n)),
      ),
    );
    const seqs = (
      await instance.connection
        .collection('realtime_inbox')
        .find({ user: new Types.ObjectId(dave.userId) })
        .toArray()
    ).map((entry) => entry.seq as number);
    expect(seqs).toHaveLength(150);
    expect(new Set(seqs).size).toBe(150);
  });

  it('sends deliveries asked for at the same moment in one handful of round trips, each with its seq', async () => {
    const people = Array.from({ length: 40 }, () => makeActor());
    await instance.delivery.toUsers([people[0].userId], 'membership.decided', decided(0)); // indexes built
    const before = instance.commands.length;
    // 80 events at once (as 40 bookings, each telling its elder and a shared carer, would be).
    const carer = makeActor();
    await Promise.all(
      people.flatMap((person, n) => [
        instance.delivery.toUsers([person.userId], 'membership.decided', decided(n)),
        instance.delivery.toUsers([carer.userId], 'membership.decided', decided(n)),
      ]),
    );
    expect(instance.commands.length - before).toBeLessThanOrEqual(4);
    const carerSeqs = (
      await instance.connection
        .collection('realtime_inbox')
        .find({ user: new Types.ObjectId(carer.userId) })
        .toArray()
    ).map((entry) => entry.seq as number);
    expect(carerSeqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    const firstPersons = await instance.connection
      .collection('realtime_inbox')
      .find({ user: new Types.ObjectId(people[0].userId) })
      .toArray();
    // The first person also had the warm-up event: theirs are 1 and 2.
    expect(firstPersons.map((entry) => entry.seq as number).sort()).toEqual([1, 2]);
  });

  it('delivers to 500 users in a handful of database round trips', async () => {
    const residents = Array.from({ length: 500 }, () => makeActor());
    await instance.delivery.toUsers([residents[0].userId], 'membership.decided', decided(0)); // indexes built
    const before = instance.commands.length;
    await instance.delivery.toUsers(
      residents.map((r) => r.userId),
      'membership.decided',
      decided(1),
    );
    const sent = instance.commands.slice(before);
    expect(sent.length).toBeLessThanOrEqual(4);
    const kept = await instance.connection
      .collection('realtime_inbox')
      .countDocuments({ user: { $in: residents.map((r) => new Types.ObjectId(r.userId)) } });
    expect(kept).toBe(501);
  });
});

describe('toRoom', () => {
  it('reaches a building’s residents and not another building’s', async () => {
    const community = new Types.ObjectId().toHexString();
    const [east, west] = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
    const home = (buildingId: string) => ({
      householdId: new Types.ObjectId().toHexString(),
      buildingId,
      communityId: community,
      relation: 'owner' as const,
    });
    const eastResident = await connect({ token: auth.issue(makeActor({ homes: [home(east)] })) });
    const westResident = await connect({ token: auth.issue(makeActor({ homes: [home(west)] })) });
    await Promise.all([eastResident.caughtUp(), westResident.caughtUp()]);

    await instance.delivery.toRoom(buildingRoom(east), 'membership.decided', decided(1));
    const received = await eastResident.event('membership.decided');
    // Room events are not kept, so they carry no seq.
    expect(received.payload).toEqual({ ...decided(1), membershipId: expect.any(String) });

    await instance.delivery.toRoom(buildingRoom(west), 'membership.decided', decided(2));
    await westResident.event('membership.decided');
    expect(
      westResident.received.filter((r) => r.event === 'membership.decided').map((r) => r.payload.householdId),
    ).toEqual(['household-2']);

    await instance.delivery.toRoom(communityRoom(community), 'membership.decided', decided(3));
    await eastResident.next((r) => r.payload.householdId === 'household-3');
    await westResident.next((r) => r.payload.householdId === 'household-3');
  });
});

describe('catch-up', () => {
  it('replays what a client missed, in order, then continues live without gap or duplicate', async () => {
    const erin = makeActor();
    const token = auth.issue(erin);
    const first = await connect({ token });
    await first.caughtUp();
    for (const n of [1, 2]) await instance.delivery.toUsers([erin.userId], 'membership.decided', decided(n));
    await first.next((r) => r.payload.seq === 2);
    const seen = new ReceivedSeqs();
    for (const seq of first.seqs) seen.accept(seq);
    first.close();

    // Offline: three events kept for later.
    for (const n of [3, 4, 5])
      await instance.delivery.toUsers([erin.userId], 'membership.decided', decided(n));

    // Reconnect while more deliveries race the replay.
    const connecting = connect({ token, lastSeq: seen.lastSeq });
    const racing = Array.from({ length: 20 }, (_, n) =>
      instance.delivery.toUsers([erin.userId], 'membership.decided', decided(6 + n)),
    );
    const second = await connecting;
    await Promise.all(racing);
    await second.caughtUp();
    await second.next((r) => r.payload.seq === 25);
    // Live after the last racing delivery.
    await instance.delivery.toUsers([erin.userId], 'membership.decided', decided(26));
    await second.next((r) => r.payload.seq === 26);

    // 3, 4 and 5 were sent while it was away, so only the replay can have brought them: in order,
    // before caughtUp, with live ones possibly in between.
    const untilCaughtUp = second.received.slice(
      0,
      second.received.findIndex((r) => r.event === 'realtime.caughtUp'),
    );
    const replayed = untilCaughtUp.map((r) => r.payload.seq as number).filter((seq) => seq <= 5);
    expect(replayed).toEqual([3, 4, 5]);
    // An event written while the replay was being read comes both live and replayed; the client
    // rule (ReceivedSeqs) handles it once. What the client handles: every seq after 2, once each.
    const handled = second.seqs.filter((seq) => seen.accept(seq));
    expect(handled.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, n) => n + 3));
    expect(seen.lastSeq).toBe(26);
    const caughtUp = await second.caughtUp();
    expect(caughtUp.complete).toBe(true);
    expect(caughtUp.seq).toBeGreaterThanOrEqual(5);
  });

  it('does not replay events older than 7 days and says the replay is incomplete', async () => {
    const frank = makeActor();
    const token = auth.issue(frank);
    await instance.delivery.toUsers([frank.userId], 'membership.decided', decided(1));
    clock.advance(INBOX_TTL_SECONDS * 1000 + 1000);
    await instance.delivery.toUsers([frank.userId], 'membership.decided', decided(2));

    const client = await connect({ token, lastSeq: 0 });
    expect(await client.caughtUp()).toEqual({ seq: 2, complete: false });
    expect(client.seqs).toEqual([2]);
  });

  it('keeps the inbox under a 7-day TTL index, so the store removes what replay no longer sends', async () => {
    const indexes = await instance.connection.collection('realtime_inbox').indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { createdAt: 1 }, expireAfterSeconds: 7 * 24 * 60 * 60 }),
        expect.objectContaining({ key: { user: 1, seq: 1 }, unique: true }),
      ]),
    );
  });

  it('tells a client that remembers more than the server has to reload', async () => {
    const grace = makeActor();
    const client = await connect({ token: auth.issue(grace), lastSeq: 40 });
    expect(await client.caughtUp()).toEqual({ seq: 0, complete: false });
  });
});
