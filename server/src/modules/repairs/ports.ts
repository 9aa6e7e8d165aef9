/**
 * The platform pieces repairs needs: the scheduler (landed: re-exported) and uploads, declared here
 * to the letter of its BRIEF.md contract until platform/uploads lands; then this becomes a
 * re-export too and modules/index.ts passes deps.uploads. Until then uploads is optional: a report
 * with photos is refused (400), one without is taken.
 */
import type { Actor } from '../../platform/context';

export type { DueJob, Scheduler } from '../../platform/scheduler';

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
