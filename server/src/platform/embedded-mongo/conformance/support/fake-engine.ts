/**
 * A stand-in engine just big enough to drive the wire and durability layers on their own:
 * hello/isMaster, ping, insert, find (one batch), delete-all, and the Mutation contract. It keeps
 * documents per namespace in insertion order. Not a model of MongoDB semantics.
 */
import { Long, type Document } from 'bson';
import type { Mutation, Persistence } from '../../engine/mutations';

export class FakeEngine {
  readonly collections = new Map<string, Map<string, Document>>();
  readonly commands: Document[] = [];

  constructor(private readonly persistence: Persistence) {}

  private coll(ns: string): Map<string, Document> {
    let c = this.collections.get(ns);
    if (!c) this.collections.set(ns, (c = new Map()));
    return c;
  }

  applyMutation(m: Mutation): void {
    if (m.kind === 'put') this.coll(`${m.db}.${m.coll}`).set(String(m.doc._id), m.doc);
    else if (m.kind === 'remove') this.coll(`${m.db}.${m.coll}`).delete(String(m.id));
    else if (m.kind === 'dropCollection') this.collections.delete(`${m.db}.${m.coll}`);
  }

  *exportMutations(): Iterable<Mutation> {
    for (const [ns, docs] of this.collections) {
      const [db, coll] = [ns.slice(0, ns.indexOf('.')), ns.slice(ns.indexOf('.') + 1)];
      for (const doc of docs.values()) yield { kind: 'put', db, coll, doc };
    }
  }

  async runCommand(cmd: Document, ctx: { connectionId?: number } = {}): Promise<Document> {
    this.commands.push(cmd);
    const name = Object.keys(cmd)[0];
    const db = String(cmd.$db);
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return {
          isWritablePrimary: true,
          ismaster: true,
          maxBsonObjectSize: 16 * 1024 * 1024,
          maxMessageSizeBytes: 48_000_000,
          maxWriteBatchSize: 100_000,
          localTime: new Date(),
          logicalSessionTimeoutMinutes: 30,
          connectionId: ctx.connectionId ?? 0,
          minWireVersion: 0,
          maxWireVersion: 21,
          readOnly: false,
          ok: 1,
        };
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'echo':
        return { echo: cmd, ok: 1 };
      case 'insert': {
        const docs = cmd.documents as Document[];
        const mutations: Mutation[] = docs.map((doc) => ({ kind: 'put', db, coll: String(cmd.insert), doc }));
        for (const m of mutations) this.applyMutation(m);
        await this.persistence.record(mutations);
        return { n: docs.length, ok: 1 };
      }
      case 'find': {
        const docs = [...this.coll(`${db}.${String(cmd.find)}`).values()];
        return {
          cursor: { firstBatch: docs, id: Long.fromNumber(0), ns: `${db}.${String(cmd.find)}` },
          ok: 1,
        };
      }
      case 'delete': {
        const coll = this.coll(`${db}.${String(cmd.delete)}`);
        const mutations: Mutation[] = [...coll.keys()].map((id) => ({
          kind: 'remove',
          db,
          coll: String(cmd.delete),
          id,
        }));
        for (const m of mutations) this.applyMutation(m);
        await this.persistence.record(mutations);
        return { n: mutations.length, ok: 1 };
      }
      default:
        return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
  }
}
