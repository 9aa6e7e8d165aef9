/**
 * Where a conformance suite runs: the embedded store by default (on a temp dbPath, so the journal
 * and fsync path are exercised too), or the real MongoDB named by MONGODB_URI. Either way each run
 * gets a database of its own, dropped afterwards, so the same tests can tell whether the two agree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../index';

export interface Target {
  /** 'embedded' or 'mongodb' (a real server). */
  kind: 'embedded' | 'mongodb';
  conn: mongoose.Connection;
  uri: string;
  dbName: string;
  /** True when the target is a replica set (transactions then work, so some tests differ). */
  replicaSet: boolean;
  stop(): Promise<void>;
}

export const REAL_MONGODB_URI = process.env.MONGODB_URI;

export async function startTarget(label: string): Promise<Target> {
  const dbName = `conformance_${label}_${process.pid}_${Date.now().toString(36)}`;
  let store: EmbeddedMongo | null = null;
  let dbPath: string | null = null;
  let uri = REAL_MONGODB_URI;
  if (!uri) {
    dbPath = fs.mkdtempSync(path.join(os.tmpdir(), `emdb-${label}-`));
    store = await startEmbeddedMongo({ dbPath });
    uri = store.uri;
  }
  // autoIndex off: tests call init()/syncIndexes themselves, and background index builds racing a
  // dropDatabase make teardown flaky on real servers.
  const conn = await mongoose
    .createConnection(uri, { dbName, autoIndex: false, serverSelectionTimeoutMS: 5000 })
    .asPromise();
  const hello = await conn.db!.admin().command({ hello: 1 });
  return {
    kind: store ? 'embedded' : 'mongodb',
    conn,
    uri,
    dbName,
    replicaSet: typeof hello.setName === 'string',
    stop: async () => {
      try {
        await conn.dropDatabase();
      } finally {
        await conn.close();
        await store?.close();
        if (dbPath) fs.rmSync(dbPath, { recursive: true, force: true });
      }
    },
  };
}
