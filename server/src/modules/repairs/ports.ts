/**
 * The platform pieces repairs needs that are being built beside it (BRIEF.md contracts): the
 * scheduler and uploads. Declared here to the letter of those contracts, so the module is written
 * and tested against them now; when platform/scheduler and platform/uploads land, these become
 * re-exports of the platform's types and modules/index.ts passes deps.scheduler / deps.uploads.
 * Until then both are optional: without a scheduler no deadline or auto-close job is planned;
 * without uploads a report with photos is refused (400), one without is taken.
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
  attach(
    actor: Actor,
    uploadIds: readonly string[],
    owner: { kind: string; recordId: string },
  ): Promise<UploadRef[]>;
  registerAccess(kind: string, canSee: (actor: Actor, recordId: string) => Promise<boolean>): void;
  present(refs: readonly UploadRef[]): UploadView[];
  removeFor(owner: { kind: string; recordId: string }): Promise<void>;
}

/** The upload owner kind of repair tickets (their photos, and the photos on their history). */
export const TICKET_UPLOAD_KIND = 'repairTicket';
