/**
 * Two API instances, one database, one Redis: what one instance delivers reaches a user's socket
 * on the other, once. Redis is a real redis-server child process on a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
import { freePort } from '../../test-support/free-port';

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

let redis: ChildProcess;
let store: EmbeddedMongo;
let a: RealtimeInstance;
let b: RealtimeInstance;
const auth = new FakeAuthenticator();
const clients: TestClient[] = [];

beforeAll(async () => {
  const port = await freePort();
  redis = await startRedis(port);
  store = await startEmbeddedMongo({ dbPath: null });
  const shared = {
    mongoUri: store.uri,
    dbName: 'realtime-redis',
    authenticator: auth,
    clock: new ManualClock(),
    env: { REDIS_URL: `redis://127.0.0.1:${port}` },
  };
  [a, b] = await Promise.all([startRealtimeInstance(shared), startRealtimeInstance(shared)]);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await store?.close();
  if (redis && redis.exitCode === null) {
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGTERM');
    await exited;
  }
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

/** Resolves once redis-server says it accepts connections. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    );
  });
}
