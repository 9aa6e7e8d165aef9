/** Handshake, diagnostics and session commands: what a standalone mongod 7.0 answers. */
import { createHash } from 'node:crypto';
import { serialize, type Document } from 'bson';
import { compareValues } from '../values';
import type { CommandContext, CommandHandler } from './context';

const VERSION = '7.0.0';

function hello(ctx: CommandContext): Document {
  // No setName (we are a standalone) and no topologyVersion (it switches the driver to streaming
  // hello over exhaust cursors): see FACTS.md.
  return {
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: 16777216,
    maxMessageSizeBytes: 48000000,
    maxWriteBatchSize: 100000,
    localTime: ctx.now(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    // mongod echoes helloOk to a legacy isMaster that offers it: the driver then monitors with hello.
    ...(ctx.cmd.helloOk === true ? { helloOk: true } : {}),
    ok: 1,
  };
}

function buildInfo(): Document {
  return {
    version: VERSION,
    gitVersion: 'embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16777216,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  };
}

function serverStatus(ctx: CommandContext): Document {
  return {
    host: 'embedded',
    version: VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(process.uptime()),
    localTime: ctx.now(),
    connections: { current: 0, available: 1000 },
    storageEngine: { name: 'embedded' },
    ok: 1,
  };
}

function listDatabases(ctx: CommandContext): Document {
  const databases = [...ctx.catalog.dbs.keys()].map((name) => ({
    name,
    sizeOnDisk: 0,
    empty: ctx.catalog.collections(name).every((c) => c.docs.size === 0),
  }));
  if (ctx.cmd.nameOnly) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
}

function dbStats(ctx: CommandContext): Document {
  const colls = ctx.catalog.collections(ctx.db);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects: colls.reduce((n, c) => n + c.docs.size, 0),
    indexes: colls.reduce((n, c) => n + c.indexes.size + 1, 0),
    dataSize: 0,
    storageSize: 0,
    indexSize: 0,
    ok: 1,
  };
}

/**
 * mongod's dbHash: an md5 per collection over its documents in _id order, and one over those. Tests
 * that must prove a request wrote nothing (the API fuzz walk) compare two of these: one command
 * instead of reading every collection, and the same command works against a real mongod.
 */
function dbHash(ctx: CommandContext): Document {
  const started = Date.now();
  const only = Array.isArray(ctx.cmd.collections) ? new Set(ctx.cmd.collections as unknown[]) : undefined;
  const colls = ctx.catalog
    .collections(ctx.db)
    .filter((c) => only === undefined || only.has(c.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const collections: Document = {};
  const all = createHash('md5');
  for (const coll of colls) {
    const hash = createHash('md5');
    const docs = [...coll.docs.values()].sort((a, b) => compareValues(a._id, b._id));
    for (const doc of docs) hash.update(serialize(doc));
    collections[coll.name] = hash.digest('hex');
    all.update(collections[coll.name] as string);
  }
  return {
    numCollections: colls.length,
    host: 'embedded',
    collections,
    capped: [],
    uuids: {},
    md5: all.digest('hex'),
    timeMillis: Date.now() - started,
    ok: 1,
  };
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  buildinfo: buildInfo,
  getparameter: () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
  getcmdlineopts: () => ({ argv: ['mongod'], parsed: {}, ok: 1 }),
  serverstatus: serverStatus,
  hostinfo: () => ({ system: { hostname: 'embedded' }, os: {}, extra: {}, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  connectionstatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getlog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  listdatabases: listDatabases,
  dbstats: dbStats,
  dbhash: dbHash,
  endsessions: () => ({ ok: 1 }),
  killallsessions: () => ({ ok: 1 }),
  refreshsessions: () => ({ ok: 1 }),
  startsession: () => ({ ok: 1 }),
  getlasterror: () => ({ n: 0, err: null, ok: 1 }),
  logout: () => ({ ok: 1 }),
};
