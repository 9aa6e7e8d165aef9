/**
 * Where upload bytes live, behind the smallest interface an object store can also implement
 * (S3, OSS, MinIO: put/get/delete by key). The database keeps only the keys, so moving the files
 * to an object store is a new BlobStorage and a copy, not a change to the upload service.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface Blob {
  data: Buffer;
  contentType: string;
}

export interface BlobStorage {
  /** Stores the bytes under key, all or nothing: a reader never sees a half-written blob. */
  put(key: string, blob: Blob): Promise<void>;
  /** The blob, or undefined when there is none under key. */
  get(key: string): Promise<Blob | undefined>;
  /** Removes the blob; nothing happens when there is none (deletions are retried). */
  delete(key: string): Promise<void>;
}

/** Keys are relative paths of plain segments: no '..', no leading slash, nothing a shell would mind. */
const KEY_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/i;

export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
}

/** Content types the files on disk can have, by extension (the key names the type). */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/**
 * Blobs as files under one folder (DATA_DIR/uploads). Each put writes a temporary file in the same
 * folder and renames it into place: a rename is atomic on one filesystem, so a crash mid-write
 * leaves at most a `.tmp-*` file (never served, never listed by a key) and never a truncated image.
 */
export class FileBlobStorage implements BlobStorage {
  constructor(readonly root: string) {}

  async put(key: string, blob: Blob): Promise<void> {
    const file = this.fileOf(key);
    const expected = TYPES_BY_EXTENSION[path.extname(file)];
    if (expected !== blob.contentType) {
      throw new Error(
        `blob ${key} is ${blob.contentType}; its key's extension says ${expected ?? 'nothing'}`,
      );
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = path.join(path.dirname(file), `.tmp-${crypto.randomBytes(8).toString('hex')}`);
    try {
      await fs.writeFile(temp, blob.data, { flag: 'wx', mode: 0o600 });
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Blob | undefined> {
    const file = this.fileOf(key);
    try {
      const data = await fs.readFile(file);
      return { data, contentType: TYPES_BY_EXTENSION[path.extname(file)] ?? 'application/octet-stream' };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}
