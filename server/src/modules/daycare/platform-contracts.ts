/**
 * The scheduler and uploads as BRIEF.md promises them (server/src/platform/scheduler/ and
 * platform/uploads/, being built beside this module). Daycare codes against these shapes; once the
 * platform pieces land on main this file goes and the imports point at them.
 */
import type { Actor } from '../../platform/context';

export interface DueJob {
  kind: string;
  key: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}
export interface Scheduler {
  handle(kind: string, handler: (job: DueJob) => Promise<void>): void;
  schedule(job: { kind: string; key: string; dueAt: Date; payload?: Record<string, unknown> }): Promise<void>;
  cancel(kind: string, key: string): Promise<void>;
  runDue(): Promise<number>;
}

export interface UploadRef {
  id: string;
  width: number;
  height: number;
}
export interface UploadView extends UploadRef {
  url: string;
  thumbUrl: string;
}
export interface UploadService {
  attach(actor: Actor, uploadIds: readonly string[], owner: { kind: string; recordId: string }): Promise<UploadRef[]>;
  registerAccess(kind: string, canSee: (actor: Actor, recordId: string) => Promise<boolean>): void;
  present(refs: readonly UploadRef[]): UploadView[];
  removeFor(owner: { kind: string; recordId: string }): Promise<void>;
}
