/**
 * Small schemas every service uses: ids, paging, and the health answer.
 */
import { z } from 'zod';

/**
 * A MongoDB ObjectId as it travels in JSON and URLs. The regex's message is a VALUE_KINDS key: the
 * validation layer turns it into "is not a valid 24-character hex id" in the reader's language.
 */
export const ObjectIdSchema = z
  .string()
  // No regex flags: OpenAPI patterns are flagless ECMA-262 text, so the document carries this as is.
  .regex(/^[0-9a-fA-F]{24}$/, 'objectId')
  .meta({ description: 'Record id (24 hex characters)', example: '665f1c2ab7e4a1d2c3b4a5f6' });

/** Paging for list endpoints; query strings are coerced by the validation layer. */
export const PageQuerySchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/** A page of items plus the total, for list responses. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });
}

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    db: z.enum(['embedded', 'mongodb']),
    version: z.string(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** Liveness: the process serves HTTP. It says nothing about the database (that is readiness). */
export const LivenessSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
  })
  .meta({ id: 'Liveness' });
export type Liveness = z.infer<typeof LivenessSchema>;

/**
 * One move in a workflow record's history as the API shows it: the view counterpart of the server's
 * `workflowHistorySchema()` (platform/workflow.ts). `at` is an ISO time; who made the move is left to
 * each service, which knows whether the viewer may see it. Services extend or narrow this rather than
 * define their own copy.
 */
export const WorkflowHistoryEntryView = z.object({
  action: z.string(),
  from: z.string(),
  to: z.string(),
  role: z.string(),
  at: z.string(),
  note: z.string().optional(),
});
export type WorkflowHistoryEntryView = z.infer<typeof WorkflowHistoryEntryView>;
