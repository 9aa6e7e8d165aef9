/**
 * Production runs with autoIndex off: without `npm run db:indexes` the unique indexes that carry
 * rules (one booking per elder per meal…) would not exist. The check lists them, the script
 * creates them, and afterwards the rules hold.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded-mongo';
import { missingIndexes } from './indexes';
import { inboxModels } from './realtime/inbox.model';
import '../modules';
import { BookingModel } from '../modules/meals/booking-model';

const serverDir = path.resolve(__dirname, '../..');
let store: EmbeddedMongo;
let uri: string;

beforeAll(async () => {
  store = await startEmbeddedMongo({ dbPath: null, host: '127.0.0.1', port: 0 });
  uri = `${store.uri.replace(/\/+$/, '')}/linli`;
  await mongoose.connect(uri, { autoIndex: false, autoCreate: false });
  inboxModels(mongoose.connection);
});
afterAll(async () => {
  await mongoose.disconnect();
  await store.close();
});

it('finds the missing indexes, and `npm run db:indexes` creates them so the unique rules hold', async () => {
  const before = await missingIndexes(mongoose.connection);
  const bookings = before.find((r) => r.model === 'MealBooking');
  expect(bookings?.indexes).toContain(JSON.stringify({ menuId: 1, elderId: 1 }));
  expect(before.find((r) => r.model === 'RealtimeInboxEntry')?.collection).toBe('realtime_inbox');

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve('tsx/cli'), 'src/scripts/create-indexes.ts'],
    { cwd: serverDir, env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: uri, LOG_LEVEL: 'error' } },
  );
  expect(stdout).toContain('mealbookings: created');
  expect(await missingIndexes(mongoose.connection)).toEqual([]);

  const booking = {
    menuId: new mongoose.Types.ObjectId(),
    elderId: new mongoose.Types.ObjectId(),
    active: true,
  };
  await BookingModel.collection.insertOne({ ...booking, pickupCode: '000001' });
  await expect(BookingModel.collection.insertOne({ ...booking, pickupCode: '000002' })).rejects.toMatchObject(
    {
      code: 11000,
    },
  );
});
