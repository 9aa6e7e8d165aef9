/**
 * The staff sign-in throttle counts failures in the database, so API instances share one count:
 * two throttles on one database behave as one, and racing failures are all counted.
 */
import mongoose from 'mongoose';
import { ManualClock } from '../../platform/clock';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../platform/embedded-mongo';
import { createSignInThrottle } from './sign-in-throttle';

let store: EmbeddedMongo;
const clock = new ManualClock();
const MINUTE = 60_000;

beforeAll(async () => {
  store = await startEmbeddedMongo({ dbPath: null, host: '127.0.0.1', port: 0 });
  await mongoose.connect(store.uri, { dbName: 'throttle' });
});
afterAll(async () => {
  await mongoose.disconnect();
  await store.close();
});

it('locks a name after 5 failures spread over two instances, until the window ends', async () => {
  const [a, b] = [createSignInThrottle({ clock }), createSignInThrottle({ clock })];
  for (let i = 0; i < 3; i++) await a.recordFailure('committee');
  for (let i = 0; i < 2; i++) await b.recordFailure('committee');
  expect(await a.retryAfterSeconds('committee')).toBe(15 * 60);
  expect(await b.retryAfterSeconds('committee')).toBe(15 * 60);
  expect(await a.retryAfterSeconds('canteen')).toBe(0);

  clock.advance(15 * MINUTE);
  expect(await b.retryAfterSeconds('committee')).toBe(0);
  // A failure after the window starts a fresh count of one.
  await b.recordFailure('committee');
  expect(await a.retryAfterSeconds('committee')).toBe(0);
});

it('counts every one of many simultaneous failures, the first ones racing to open the window', async () => {
  const throttles = Array.from({ length: 4 }, () => createSignInThrottle({ clock }));
  await Promise.all(Array.from({ length: 5 }, (_, i) => throttles[i % 4].recordFailure('admin')));
  expect(await throttles[0].retryAfterSeconds('admin')).toBeGreaterThan(0);
});

it('a successful sign-in clears the count everywhere', async () => {
  const [a, b] = [createSignInThrottle({ clock }), createSignInThrottle({ clock })];
  for (let i = 0; i < 4; i++) await a.recordFailure('repair');
  await b.reset('repair');
  await a.recordFailure('repair');
  expect(await b.retryAfterSeconds('repair')).toBe(0);
});
