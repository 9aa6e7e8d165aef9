/**
 * Two API instances, one database, one Redis: what one instance delivers reaches a user's socket
 * on the other, once. Redis is a real redis-server child process on a free loopback port.
 */
import { Types } from 'mongoose';
import { ManualClock } from '../clock';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo';
import { buildingRoom } from './rooms';
import {
  FakeAuthenticator,
  connectClient,
  makeActor,
  startRealtimeInstance,
  type RealtimeInstance,
  type TestClient,
} from './testing';
import { startRedisServer, type RedisServer } from '../../test-support/instances';

let redis: RedisServer;
let store: EmbeddedMongo;
let a: RealtimeInstance;
let b: RealtimeInstance;
const auth = new FakeAuthenticator();
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  store = await startEmbeddedMongo({ dbPath: null });
  const shared = {
    mongoUri: store.uri,
    dbName: 'realtime-redis',
    authenticator: auth,
    clock: new ManualClock(),
    env: { REDIS_URL: redis.url },
  };
  [a, b] = await Promise.all([startRealtimeInstance(shared), startRealtimeInstance(shared)]);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await store?.close();
  await redis?.stop();
});

const decided = (householdId: string) => ({
  membershipId: new Types.ObjectId().toHexString(),
  householdId,
  status: 'approved' as const,
});

it('delivers through instance A to a socket on instance B exactly once', async () => {
  const resident = makeActor();
  const onB = await connectClient(b.url, { token: auth.issue(resident) });
  clients.push(onB);
  await onB.caughtUp();

  await a.delivery.toUsers([resident.userId], 'membership.decided', decided('first'));
  await a.delivery.toUsers([resident.userId], 'membership.decided', decided('second'));
  await onB.next((r) => r.payload.householdId === 'second');

  // A second copy of "first" would have arrived before "second".
  expect(onB.received.filter((r) => r.event === 'membership.decided').map((r) => r.payload)).toEqual([
    expect.objectContaining({ householdId: 'first', seq: 1 }),
    expect.objectContaining({ householdId: 'second', seq: 2 }),
  ]);
});

it('shares rooms: a building notice sent on B reaches residents on A and B, not another building', async () => {
  const community = new Types.ObjectId().toHexString();
  const home = (buildingId: string) => ({
    householdId: new Types.ObjectId().toHexString(),
    buildingId,
    communityId: community,
    relation: 'owner' as const,
  });
  const [east, west] = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
  const eastOnA = await connectClient(a.url, { token: auth.issue(makeActor({ homes: [home(east)] })) });
  const eastOnB = await connectClient(b.url, { token: auth.issue(makeActor({ homes: [home(east)] })) });
  const westOnA = await connectClient(a.url, { token: auth.issue(makeActor({ homes: [home(west)] })) });
  clients.push(eastOnA, eastOnB, westOnA);
  await Promise.all([eastOnA, eastOnB, westOnA].map((client) => client.caughtUp()));

  await b.delivery.toRoom(buildingRoom(east), 'membership.decided', decided('east'));
  await b.delivery.toRoom(buildingRoom(west), 'membership.decided', decided('west'));
  for (const client of [eastOnA, eastOnB]) await client.next((r) => r.payload.householdId === 'east');
  await westOnA.next((r) => r.payload.householdId === 'west');
  expect(
    westOnA.received.filter((r) => r.event === 'membership.decided').map((r) => r.payload.householdId),
  ).toEqual(['west']);
});

it('catches up on either instance: seqs are per user across instances', async () => {
  const resident = makeActor();
  const token = auth.issue(resident);
  await a.delivery.toUsers([resident.userId], 'membership.decided', decided('one'));
  await b.delivery.toUsers([resident.userId], 'membership.decided', decided('two'));
  const onB = await connectClient(b.url, { token, lastSeq: 0 });
  clients.push(onB);
  expect(await onB.caughtUp()).toEqual({ seq: 2, complete: true });
  expect(onB.seqs).toEqual([1, 2]);
});
