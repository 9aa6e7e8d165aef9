/**
 * Image uploads for every module: a record's photos are uploaded first (POST /api/v1/uploads),
 * attached when the record is created (deps.uploads.attach), and shown through signed links
 * (deps.uploads.present). See upload-service.ts for the rules and blob-storage.ts for where the
 * bytes live.
 */
import path from 'node:path';
import type { Authenticator } from '../auth';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ApiModule } from '../routes';
import { FileBlobStorage, type BlobStorage } from './blob-storage';
import { uploadsApiModule } from './routes';
import { Uploads, type UploadScheduler } from './upload-service';

export type { Blob, BlobStorage } from './blob-storage';
export { FileBlobStorage } from './blob-storage';
export { FULL_LONG_SIDE, MAX_INPUT_PIXELS, THUMB_LONG_SIDE } from './image';
export { LINK_TTL_SECONDS } from './signed-links';
export type { UploadOwner } from './upload-model';
export {
  ABANDON_AFTER_MS,
  EXPIRE_JOB_KIND,
  Uploads,
  type UploadAccessCheck,
  type UploadExport,
  type UploadRef,
  type UploadScheduler,
  type UploadService,
  type UploadView,
} from './upload-service';

/** Where FileBlobStorage keeps the images: DATA_DIR/uploads. */
export const uploadsDir = (config: Config) => path.join(config.database.dataDir, 'uploads');

export function createUploads(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  storage?: BlobStorage;
  scheduler?: UploadScheduler;
}): { service: Uploads; api: (authenticator: Authenticator) => ApiModule } {
  const { config } = deps;
  const service = new Uploads({
    storage: deps.storage ?? new FileBlobStorage(uploadsDir(config)),
    clock: deps.clock,
    logger: deps.logger,
    jwtSecret: config.auth.jwtSecret,
    scheduler: deps.scheduler,
  });
  return {
    service,
    api: (authenticator) =>
      uploadsApiModule({ uploads: service, authenticator, maxBytes: config.uploads.maxBytes }),
  };
}
