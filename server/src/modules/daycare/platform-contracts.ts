/**
 * Uploads as BRIEF.md promises them (server/src/platform/uploads/, being built beside this module).
 * Daycare codes against this shape; once the platform piece lands on main this file goes and the
 * imports point at it.
 */
import type { Actor } from '../../platform/context';

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
