/**
 * Open cursors. A cursor holds the stored documents its query matched (a snapshot: stored
 * documents are never changed in place) and projects each batch as it goes out.
 */
import { calculateObjectSize, Long, type Document } from 'bson';
import { ErrorCode, fail } from './errors';
import type { Projector } from './projection';

/** mongod's first-batch default. */
export const DEFAULT_BATCH_SIZE = 101;
/** Keep a reply under the 16 MiB document limit whatever the batch size asked for. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** mongod's cursorTimeoutMillis default. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
  project: Projector;
  lastUsed: number;
}

export interface CursorReply {
  id: Long;
  ns: string;
  batch: Document[];
}

export class Cursors {
  private readonly open = new Map<number, OpenCursor>();
  // Start somewhere arbitrary so ids from a previous process are unlikely to be accepted.
  private nextId = 1 + Math.floor(Math.random() * 1e9);

  constructor(private readonly now: () => number) {}

  /** The first batch; registers a cursor only when documents remain. */
  start(
    ns: string,
    docs: Document[],
    project: Projector,
    batchSize: number | undefined,
    single: boolean,
  ): CursorReply {
    const cursor: OpenCursor = { ns, docs, position: 0, project, lastUsed: this.now() };
    const batch = takeBatch(cursor, batchSize ?? DEFAULT_BATCH_SIZE);
    if (single || cursor.position >= docs.length) return { id: Long.ZERO, ns, batch };
    this.sweep();
    const id = this.nextId++;
    this.open.set(id, cursor);
    return { id: Long.fromNumber(id), ns, batch };
  }

  next(id: number, ns: string, batchSize: number | undefined): CursorReply {
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) fail(ErrorCode.CursorNotFound, `cursor id ${id} not found`);
    cursor.lastUsed = this.now();
    const batch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Infinity);
    if (cursor.position >= cursor.docs.length) {
      this.open.delete(id);
      return { id: Long.ZERO, ns, batch };
    }
    return { id: Long.fromNumber(id), ns, batch };
  }

  kill(id: number): boolean {
    return this.open.delete(id);
  }

  private sweep(): void {
    const cutoff = this.now() - IDLE_TIMEOUT_MS;
    for (const [id, cursor] of this.open) if (cursor.lastUsed < cutoff) this.open.delete(id);
  }
}

function takeBatch(cursor: OpenCursor, size: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (cursor.position < cursor.docs.length && batch.length < size) {
    const doc = cursor.project(cursor.docs[cursor.position]);
    bytes += calculateObjectSize(doc);
    if (bytes > MAX_BATCH_BYTES && batch.length > 0) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}
