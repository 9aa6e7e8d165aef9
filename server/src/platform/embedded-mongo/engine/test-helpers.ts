/** Shared by the engine's tests: an engine on database `app` and a recording fake persistence. */
import type { Document } from 'bson';
import { Engine } from './engine';
import type { Mutation, Persistence } from './mutations';

export class RecordingPersistence implements Persistence {
  readonly calls: Mutation[][] = [];
  /** When set, record() waits for this before resolving (to observe replies waiting on it). */
  gate: Promise<void> | undefined;

  record(mutations: Mutation[]): Promise<void> {
    this.calls.push([...mutations]);
    return this.gate ?? Promise.resolve();
  }
}

export function makeEngine(persistence: Persistence = new RecordingPersistence()) {
  const engine = new Engine({ persistence });
  const run = (cmd: Document): Promise<Document> =>
    engine.runCommand({ ...cmd, $db: cmd.$db ?? 'app', lsid: { id: 'x' } });
  /** All documents of a find, after any getMores. */
  const findAll = async (coll: string, filter: Document = {}, extra: Document = {}): Promise<Document[]> => {
    const reply = await run({ find: coll, filter, ...extra });
    if (reply.ok !== 1) throw new Error(`find failed: ${reply.errmsg}`);
    const out = [...reply.cursor.firstBatch];
    let id = reply.cursor.id;
    while (!id.isZero()) {
      const more = await run({ getMore: id, collection: coll });
      out.push(...more.cursor.nextBatch);
      id = more.cursor.id;
    }
    return out;
  };
  return { engine, run, findAll };
}
