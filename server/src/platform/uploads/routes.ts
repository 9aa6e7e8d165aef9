/**
 * Upload routes: send an image (POST /uploads, multipart field `file`) and fetch it back, full size
 * or as a thumbnail, with a signed link or a bearer token.
 *
 * Multipart is parsed here and nowhere else: the app's body parser reads only JSON and forms and
 * leaves a multipart stream alone, and this handler runs the parser after authentication, so a
 * stranger cannot make the server buffer megabytes. The file is held in memory (at most
 * UPLOAD_MAX_BYTES), re-encoded, and only then written to storage.
 */
// The types of @koa/multer live beside this file; the reference brings them along to every
// project that compiles this file through an import (the test/ project does), not only server/.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./koa-multer.d.ts" />
import multer from '@koa/multer';
import {
  ErrorCode,
  UPLOAD_FIELD,
  UploadCreatedSchema,
  UploadLinkQuerySchema,
  UploadParamsSchema,
} from '@linli/shared';
import type { Middleware } from 'koa';
import type { Authenticator } from '../auth';
import { authorizeRoute } from '../auth';
import { BadRequest, ValidationFailed, type FieldProblem } from '../errors';
import { API_V1, route, type ApiModule, type RouteContext } from '../routes';
import type { InputSchemas } from '../validate';
import { UploadTooLarge } from './image';
import type { UploadVariant } from './signed-links';
import type { UploadProof, Uploads } from './upload-service';

interface MulterFailure extends Error {
  name: 'MulterError';
  code: string;
  field?: string;
}

const isMulterFailure = (err: unknown): err is MulterFailure =>
  err instanceof Error && err.name === 'MulterError' && typeof (err as { code?: unknown }).code === 'string';

const fileProblem = (reason: FieldProblem['reason'], params?: FieldProblem['params']): FieldProblem => ({
  location: 'body',
  path: UPLOAD_FIELD,
  reason,
  ...(params ? { params } : {}),
});

/** "8 MB", "500 KB": how a person reads the limit. */
export function describeBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function uploadsApiModule({
  uploads,
  authenticator,
  maxBytes,
}: {
  uploads: Uploads;
  authenticator: Authenticator;
  maxBytes: number;
}): ApiModule {
  const parseFile = multer({
    storage: multer.memoryStorage(),
    // One file, a few small text fields at most (clients may add their own), nothing else.
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  }).single(UPLOAD_FIELD);

  const receiveFile = async (ctx: RouteContext<InputSchemas>): Promise<Buffer> => {
    if (!ctx.is('multipart')) {
      throw ValidationFailed([
        fileProblem('custom', {
          text: {
            'zh-CN': '请以 multipart/form-data 提交，图片放在 file 字段',
            en: 'send multipart/form-data with the image in the field "file"',
          },
        }),
      ]);
    }
    try {
      await (parseFile as Middleware)(ctx as never, async () => undefined);
    } catch (err) {
      if (!isMulterFailure(err)) {
        // busboy's own complaints (no boundary, the body ends mid-part): the client's body is broken.
        throw BadRequest(
          {
            'zh-CN': '上传的内容不完整或格式有误，请重新选择图片上传',
            en: 'the upload is incomplete or not valid multipart/form-data; choose the image and send it again',
          },
          { field: UPLOAD_FIELD },
        );
      }
      if (err.code === 'LIMIT_FILE_SIZE') {
        throw UploadTooLarge(describeBytes(maxBytes), { limitBytes: maxBytes, field: UPLOAD_FIELD });
      }
      if (err.code === 'LIMIT_UNEXPECTED_FILE' && err.field === UPLOAD_FIELD) {
        throw ValidationFailed([fileProblem('too_big_array', { maximum: 1 })]);
      }
      if (err.code === 'LIMIT_UNEXPECTED_FILE') {
        throw ValidationFailed([
          {
            location: 'body',
            path: err.field ?? '',
            reason: 'unrecognized_keys',
            params: { keys: err.field ?? '' },
          },
        ]);
      }
      throw ValidationFailed([fileProblem('invalid')]);
    }
    const file = (ctx as unknown as { file?: { buffer: Buffer; size: number } }).file;
    if (!file) throw ValidationFailed([fileProblem('required')]);
    if (file.size === 0) {
      throw ValidationFailed([
        fileProblem('custom', {
          text: {
            'zh-CN': '文件是空的（0 字节），请重新选择图片',
            en: 'the file is empty (0 bytes); choose the image again',
          },
        }),
      ]);
    }
    return file.buffer;
  };

  const serve =
    (variant: UploadVariant) =>
    async (ctx: RouteContext<{ params: typeof UploadParamsSchema; query: typeof UploadLinkQuerySchema }>) => {
      const { uploadId } = ctx.input.params;
      const { exp, sig } = ctx.input.query;
      let proof: UploadProof;
      if (exp !== undefined || sig !== undefined) {
        // A link that carries a proof is judged by it alone; half a proof is a broken link.
        proof = { expiresAt: exp ?? 0, signature: sig ?? '' };
      } else {
        const actor = await authorizeRoute('signedIn', ctx.get('Authorization') || undefined, authenticator);
        proof = { actor: actor! };
      }
      const image = await uploads.open(uploadId, variant, proof);
      ctx.type = image.contentType;
      ctx.set({
        // Photos of people's homes: no shared cache (proxy, CDN) keeps them.
        'Cache-Control':
          image.maxAgeSeconds > 0 ? `private, max-age=${image.maxAgeSeconds}` : 'private, no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'inline',
      });
      ctx.body = image.data;
    };

  const fetchErrors = [ErrorCode.UNAUTHORIZED, ErrorCode.UPLOAD_LINK_INVALID, ErrorCode.NOT_FOUND] as const;
  const fetchDescription =
    "With `exp` and `sig` from a presenter's signed URL, no token is needed (a tampered or expired link answers 403). " +
    'Without them, a bearer token of the uploader (while the upload is pending) or of someone allowed to see the record it is attached to; anyone else gets 404.';

  return {
    name: 'uploads',
    basePath: `${API_V1}/uploads`,
    routes: [
      route({
        method: 'post',
        path: '/',
        summary: 'Upload an image (JPEG, PNG or WebP) to attach to a record afterwards',
        description:
          `At most ${describeBytes(maxBytes)}. The format is read from the bytes. The image is turned upright, ` +
          'stripped of all metadata (EXIF, GPS position), shrunk to at most 2560 px on its long side and stored as JPEG, ' +
          'with a 320 px thumbnail. It stays pending until a record is created with its id; one left unattached for 24 h is deleted.',
        auth: 'signedIn',
        fileUpload: { field: UPLOAD_FIELD, description: 'The image: JPEG, PNG or WebP' },
        responses: { 201: UploadCreatedSchema },
        errors: [
          ErrorCode.VALIDATION_FAILED,
          ErrorCode.UPLOAD_TOO_LARGE,
          ErrorCode.UPLOAD_UNSUPPORTED_TYPE,
          ErrorCode.UPLOAD_DAMAGED,
        ],
        handler: async (ctx) => uploads.store(ctx.state.actor, await receiveFile(ctx)),
      }),
      route({
        method: 'get',
        path: '/:uploadId',
        summary: 'Fetch an uploaded image (JPEG)',
        description: fetchDescription,
        auth: 'public',
        input: { params: UploadParamsSchema, query: UploadLinkQuerySchema },
        responses: { 200: { description: 'The image, image/jpeg', schema: null } },
        errors: fetchErrors,
        handler: serve('full'),
      }),
      route({
        method: 'get',
        path: '/:uploadId/thumb',
        summary: 'Fetch the thumbnail of an uploaded image (JPEG, 320 px long side)',
        description: fetchDescription,
        auth: 'public',
        input: { params: UploadParamsSchema, query: UploadLinkQuerySchema },
        responses: { 200: { description: 'The thumbnail, image/jpeg', schema: null } },
        errors: fetchErrors,
        handler: serve('thumb'),
      }),
    ],
  };
}
