/**
 * The upload service: takes an image in (store), hands it to a record (attach), shows it (present,
 * open) and lets it go (removeFor, removeByUploader, expire). Modules see only `UploadService`
 * (deps.uploads); the routes also use store and open.
 *
 * Deleting is two-phase so it can be retried and never races an attach: the record is first moved
 * to state 'deleting' (which attach does not match and open does not serve), then its blobs go,
 * then the record. A crash in between leaves a 'deleting' record that the next sweep finishes.
 */
import { ErrorCode, type UploadCreated } from '@linli/shared';
import { Types } from 'mongoose';
import type { Clock } from '../clock';
import type { Actor } from '../context';
import { AppError, NotFound } from '../errors';
import type { Logger } from '../logger';
import { API_V1 } from '../routes';
import type { Scheduler } from '../scheduler';
import type { BlobStorage } from './blob-storage';
import { processImage } from './image';
import { UploadLinkSigner, type UploadVariant } from './signed-links';
import { UploadModel, type UploadDoc, type UploadOwner } from './upload-model';

export interface UploadRef {
  id: string;
  width: number;
  height: number;
}

/** Signed, short-lived links (relative to the API origin): about an hour, see signed-links.ts. */
export interface UploadView extends UploadRef {
  url: string;
  thumbUrl: string;
}

export type UploadAccessCheck = (actor: Actor, recordId: string) => Promise<boolean>;

/** One upload in "download my data". */
export interface UploadExport {
  id: string;
  state: 'pending' | 'attached';
  owner: UploadOwner | null;
  width: number;
  height: number;
  bytes: number;
  createdAt: string;
}

/** What modules get as deps.uploads. */
export interface UploadService {
  /**
   * Attaches pending uploads the actor made to a record, all or none: 400 UPLOADS_NOT_ATTACHABLE
   * naming (details.uploadIds) every id that is unknown, not theirs, already attached elsewhere or
   * abandoned; then none is attached. Attaching again to the same record is a no-op that succeeds,
   * so a module may retry. Answers the refs in the order given, duplicates dropped.
   */
  attach(actor: Actor, uploadIds: readonly string[], owner: UploadOwner): Promise<UploadRef[]>;
  /** Who may see the uploads of records of a kind (checked when an upload is fetched with a bearer token). */
  registerAccess(kind: string, canSee: UploadAccessCheck): void;
  /** Signed URLs for a presenter, given to someone already allowed to see the record. */
  present(refs: readonly UploadRef[]): UploadView[];
  /** Deletes a record's uploads (retention, account deletion); safe to run again. */
  removeFor(owner: UploadOwner): Promise<void>;
  /**
   * Deletes some of a record's uploads (a photo taken off a record that keeps others); ids that are
   * not attached to this record are left alone. Safe to run again.
   */
  removeSome(owner: UploadOwner, uploadIds: readonly string[]): Promise<void>;
  /** Every upload a person made, for "download my data". */
  listByUploader(userId: string): Promise<UploadExport[]>;
  /** Deletes every upload a person made, attached or not (account deletion); safe to run again. */
  removeByUploader(userId: string): Promise<void>;
}

/** The part of the platform scheduler uploads use. */
export type UploadScheduler = Pick<Scheduler, 'handle' | 'schedule' | 'cancel'>;

/** A pending upload nobody attached within this long is deleted. */
export const ABANDON_AFTER_MS = 24 * 60 * 60 * 1000;
export const EXPIRE_JOB_KIND = 'upload.expire';
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const UploadsNotAttachable = (uploadIds: string[]) =>
  new AppError(ErrorCode.UPLOADS_NOT_ATTACHABLE, `uploads not attachable: ${uploadIds.join(', ')}`, {
    params: { count: uploadIds.length },
    details: { uploadIds },
  });

export const UploadLinkInvalid = () =>
  new AppError(ErrorCode.UPLOAD_LINK_INVALID, 'upload link signature is invalid or expired');

/** How a GET proves it may see the image: a signed link, or a signed-in actor. */
export type UploadProof = { expiresAt: number; signature: string } | { actor: Actor };

export interface UploadsDeps {
  storage: BlobStorage;
  clock: Clock;
  logger: Logger;
  /** The key of signed links is derived from it (config auth.jwtSecret). */
  jwtSecret: string;
  /** Runs each upload's expiry job (EXPIRE_JOB_KIND, key = upload id, due 24 h after the upload). */
  scheduler?: UploadScheduler;
}

export class Uploads implements UploadService {
  private readonly access = new Map<string, UploadAccessCheck>();
  private readonly signer: UploadLinkSigner;
  private readonly log: Logger;

  constructor(private readonly deps: UploadsDeps) {
    this.signer = new UploadLinkSigner(deps.jwtSecret);
    this.log = deps.logger.child({ component: 'uploads' });
    deps.scheduler?.handle(EXPIRE_JOB_KIND, async (job) => {
      await this.expire(job.key);
    });
  }

  /** Checks and re-encodes the image, stores both encodings, and records it as the actor's pending upload. */
  async store(actor: Actor, input: Buffer): Promise<UploadCreated> {
    const image = await processImage(input);
    const id = new Types.ObjectId();
    const keys = keysOf(String(id));
    const { storage, clock } = this.deps;
    const createdAt = clock.now();
    // The expiry job first: whatever happens after it, an upload nobody attaches is deleted in
    // time (for an upload never recorded the job finds nothing and does nothing).
    await this.scheduleExpiry(String(id), createdAt);
    try {
      await storage.put(keys.full, { data: image.full.data, contentType: image.full.contentType });
      await storage.put(keys.thumb, { data: image.thumb.data, contentType: image.thumb.contentType });
      await UploadModel.create({
        _id: id,
        uploaderId: actor.userId,
        state: 'pending',
        keys,
        width: image.full.width,
        height: image.full.height,
        bytes: image.full.data.length,
        thumbWidth: image.thumb.width,
        thumbHeight: image.thumb.height,
        thumbBytes: image.thumb.data.length,
        contentType: image.full.contentType,
        createdAt,
      });
    } catch (err) {
      // Nothing half-stored stays: no record without files, no files without a record.
      await Promise.allSettled([
        storage.delete(keys.full),
        storage.delete(keys.thumb),
        this.deps.scheduler?.cancel(EXPIRE_JOB_KIND, String(id)),
      ]);
      throw err;
    }
    return {
      id: String(id),
      width: image.full.width,
      height: image.full.height,
      bytes: image.full.data.length,
      contentType: image.full.contentType,
    };
  }

  async attach(actor: Actor, uploadIds: readonly string[], owner: UploadOwner): Promise<UploadRef[]> {
    const ids = [...new Set(uploadIds)];
    if (ids.length === 0) return [];
    const malformed = new Set(ids.filter((id) => !OBJECT_ID.test(id)));

    const now = this.deps.clock.now();
    const notAbandoned = { createdAt: { $gt: new Date(now.getTime() - ABANDON_AFTER_MS) } };
    // One conditional update each: only the actor's own, still pending (or already this record's).
    const before = await Promise.all(
      ids.map((id) =>
        malformed.has(id)
          ? null
          : UploadModel.findOneAndUpdate(
              {
                _id: id,
                uploaderId: actor.userId,
                $or: [
                  { state: 'pending', ...notAbandoned },
                  { state: 'attached', 'owner.kind': owner.kind, 'owner.recordId': owner.recordId },
                ],
              },
              {
                $set: {
                  state: 'attached',
                  owner: { kind: owner.kind, recordId: owner.recordId },
                  attachedAt: now,
                },
              },
              { returnDocument: 'before' },
            ).lean<UploadDoc>(),
      ),
    );
    const missing = ids.filter((_, i) => before[i] === null);
    if (missing.length > 0) {
      // All or none: give back the ones this call took (not those that were this record's before).
      const taken = before.filter((doc): doc is UploadDoc => doc !== null && doc.state === 'pending');
      await Promise.all(
        taken.map(async (doc) => {
          await UploadModel.updateOne(
            { _id: doc._id, state: 'attached', 'owner.kind': owner.kind, 'owner.recordId': owner.recordId },
            { $set: { state: 'pending' }, $unset: { owner: 1, attachedAt: 1 } },
          );
          // Its expiry job may have run (and let it be) while it looked attached: put it back.
          await this.scheduleExpiry(String(doc._id), doc.createdAt);
        }),
      );
      throw UploadsNotAttachable(missing);
    }
    if (this.deps.scheduler) {
      const scheduler = this.deps.scheduler;
      await Promise.all(ids.map((id) => scheduler.cancel(EXPIRE_JOB_KIND, id)));
    }
    return before.map((doc) => ({ id: String(doc!._id), width: doc!.width, height: doc!.height }));
  }

  registerAccess(kind: string, canSee: UploadAccessCheck): void {
    if (this.access.has(kind)) throw new Error(`upload access for kind "${kind}" registered twice`);
    this.access.set(kind, canSee);
  }

  present(refs: readonly UploadRef[]): UploadView[] {
    const expiresAt = this.signer.expiryFor(this.deps.clock.now());
    return refs.map((ref) => ({
      id: ref.id,
      width: ref.width,
      height: ref.height,
      url: this.linkTo(ref.id, 'full', expiresAt),
      thumbUrl: this.linkTo(ref.id, 'thumb', expiresAt),
    }));
  }

  /** The signed path of one variant; exposed for tests that need a link expiring at a given time. */
  linkTo(uploadId: string, variant: UploadVariant, expiresAt: number): string {
    const sig = this.signer.sign(uploadId, variant, expiresAt);
    const path = `${API_V1}/uploads/${uploadId}${variant === 'thumb' ? '/thumb' : ''}`;
    return `${path}?exp=${expiresAt}&sig=${sig}`;
  }

  /**
   * The image, if the proof allows: a valid unexpired signature for this id and variant (403
   * otherwise), or an actor who is the uploader of a pending upload or whom the owner kind's check
   * allows. Anyone else gets 404, the same as for an id that does not exist.
   */
  async open(
    uploadId: string,
    variant: UploadVariant,
    proof: UploadProof,
  ): Promise<{ data: Buffer; contentType: string; maxAgeSeconds: number }> {
    const now = this.deps.clock.now();
    if ('signature' in proof) {
      if (!this.signer.verify(uploadId, variant, proof.expiresAt, proof.signature, now)) {
        throw UploadLinkInvalid();
      }
    }
    const doc = await UploadModel.findById(uploadId).lean<UploadDoc>();
    if (!doc || doc.state === 'deleting') throw NotFound('upload');
    if ('actor' in proof && !(await this.canSee(proof.actor, doc))) throw NotFound('upload');
    const blob = await this.deps.storage.get(variant === 'thumb' ? doc.keys.thumb : doc.keys.full);
    if (!blob) {
      this.log.error({ uploadId, variant }, 'upload record has no blob');
      throw NotFound('upload');
    }
    // A signed link's image may be kept until the link expires; one fetched by token is asked again.
    const maxAgeSeconds =
      'signature' in proof ? Math.max(0, proof.expiresAt - Math.floor(now.getTime() / 1000)) : 0;
    return { ...blob, maxAgeSeconds };
  }

  private async canSee(actor: Actor, doc: UploadDoc): Promise<boolean> {
    if (doc.state === 'pending') return doc.uploaderId === actor.userId;
    if (doc.state !== 'attached' || !doc.owner) return false;
    const check = this.access.get(doc.owner.kind);
    // A kind nobody registered shows its photos to nobody by token (signed links still work).
    return check ? check(actor, doc.owner.recordId) : false;
  }

  async removeFor(owner: UploadOwner): Promise<void> {
    await this.removeWhere({ 'owner.kind': owner.kind, 'owner.recordId': owner.recordId });
  }

  async removeSome(owner: UploadOwner, uploadIds: readonly string[]): Promise<void> {
    const ids = uploadIds.filter((id) => OBJECT_ID.test(id));
    if (ids.length === 0) return;
    await this.removeWhere({ _id: { $in: ids }, 'owner.kind': owner.kind, 'owner.recordId': owner.recordId });
  }

  async listByUploader(userId: string): Promise<UploadExport[]> {
    const docs = await UploadModel.find({ uploaderId: userId, state: { $ne: 'deleting' } })
      .sort({ createdAt: 1, _id: 1 })
      .lean<UploadDoc[]>();
    return docs.map((doc) => ({
      id: String(doc._id),
      state: doc.state === 'attached' ? 'attached' : 'pending',
      owner: doc.owner ? { kind: doc.owner.kind, recordId: doc.owner.recordId } : null,
      width: doc.width,
      height: doc.height,
      bytes: doc.bytes,
      createdAt: doc.createdAt.toISOString(),
    }));
  }

  async removeByUploader(userId: string): Promise<void> {
    await this.removeWhere({ uploaderId: userId });
  }

  /**
   * Deletes one upload if it is still pending and older than ABANDON_AFTER_MS (the expiry job's
   * handler): an upload attached meanwhile, or already gone, is left alone.
   */
  async expire(uploadId: string): Promise<boolean> {
    if (!OBJECT_ID.test(uploadId)) return false;
    const cutoff = new Date(this.deps.clock.now().getTime() - ABANDON_AFTER_MS);
    const claimed = await UploadModel.findOneAndUpdate(
      { _id: uploadId, $or: [{ state: 'pending', createdAt: { $lte: cutoff } }, { state: 'deleting' }] },
      { $set: { state: 'deleting' } },
      { returnDocument: 'after' },
    ).lean<UploadDoc>();
    if (!claimed) return false;
    await this.purge(claimed);
    return true;
  }

  /**
   * Deletes every pending upload past ABANDON_AFTER_MS, and finishes deletions a crash interrupted,
   * without the scheduler: for a server built without one, and for an operator's one-off cleanup.
   * With a scheduler each upload's own job does this.
   */
  async expireAbandoned(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - ABANDON_AFTER_MS);
    const due = await UploadModel.find(
      { $or: [{ state: 'pending', createdAt: { $lte: cutoff } }, { state: 'deleting' }] },
      { _id: 1 },
    )
      .sort({ createdAt: 1 })
      .limit(1000)
      .lean<Pick<UploadDoc, '_id'>[]>();
    let deleted = 0;
    for (const { _id } of due) if (await this.expire(String(_id))) deleted++;
    return deleted;
  }

  private async removeWhere(filter: Record<string, unknown>): Promise<void> {
    await UploadModel.updateMany(filter, { $set: { state: 'deleting' } });
    const docs = await UploadModel.find({ ...filter, state: 'deleting' }).lean<UploadDoc[]>();
    for (const doc of docs) await this.purge(doc);
  }

  /** Blobs first, then the record: a retry still finds the record and so the files. */
  private async purge(doc: UploadDoc): Promise<void> {
    await this.deps.storage.delete(doc.keys.full);
    await this.deps.storage.delete(doc.keys.thumb);
    await UploadModel.deleteOne({ _id: doc._id, state: 'deleting' });
    if (this.deps.scheduler) await this.deps.scheduler.cancel(EXPIRE_JOB_KIND, String(doc._id));
  }

  private async scheduleExpiry(uploadId: string, createdAt: Date): Promise<void> {
    await this.deps.scheduler?.schedule({
      kind: EXPIRE_JOB_KIND,
      key: uploadId,
      dueAt: new Date(createdAt.getTime() + ABANDON_AFTER_MS),
    });
  }
}

/** Where an upload's two encodings live: fanned out by the id's last two hex digits. */
function keysOf(id: string): { full: string; thumb: string } {
  const folder = id.slice(-2);
  return { full: `${folder}/${id}.jpg`, thumb: `${folder}/${id}.thumb.jpg` };
}
