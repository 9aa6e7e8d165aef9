/**
 * Image uploads, as client and server agree on them. A photo is sent once (POST /uploads, multipart
 * field `file`) and answered with its id; a record (a repair ticket, a consultation) is then created
 * with that id, and its presenter shows the photo as signed, short-lived URLs (UploadView), because
 * `<img>` and Taro's `<Image>` cannot send a bearer header.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';

/** The multipart field that carries the image. */
export const UPLOAD_FIELD = 'file';

/** What the server stores and serves: every upload is re-encoded to this. */
export const UPLOAD_CONTENT_TYPE = 'image/jpeg';

/** Formats accepted on upload, recognised from the bytes (never from the name or declared type). */
export const UPLOAD_ACCEPTED_FORMATS = ['jpeg', 'png', 'webp'] as const;

export const UploadCreatedSchema = z
  .object({
    id: ObjectIdSchema,
    width: z.number().int().positive().meta({ description: 'Of the stored (re-encoded) image, in px' }),
    height: z.number().int().positive(),
    bytes: z.number().int().positive().meta({ description: 'Size of the stored image' }),
    contentType: z.literal(UPLOAD_CONTENT_TYPE),
  })
  .meta({ id: 'UploadCreated' });
export type UploadCreated = z.infer<typeof UploadCreatedSchema>;

/** What a record keeps of an attached upload. */
export const UploadRefSchema = z
  .object({ id: ObjectIdSchema, width: z.number().int().positive(), height: z.number().int().positive() })
  .meta({ id: 'UploadRef' });

/** An attached photo as a presenter shows it: URLs that work without a bearer token, for about an hour. */
export const UploadViewSchema = UploadRefSchema.extend({
  url: z.string().meta({ description: 'Signed path of the full image, relative to the API origin' }),
  thumbUrl: z.string().meta({ description: 'Signed path of the thumbnail (320 px long side)' }),
}).meta({ id: 'UploadView' });

/** Ids of uploads a create-record request attaches (a body field of the module's own schema). */
export const UploadIdsSchema = z.array(ObjectIdSchema).max(9).default([]);

export const UploadParamsSchema = z.object({ uploadId: ObjectIdSchema });

/** A signed link's proof: expiry (unix seconds) and signature. Absent → a bearer token is needed. */
export const UploadLinkQuerySchema = z.object({
  exp: z.number().int().positive().optional(),
  sig: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/)
    .optional(),
});
