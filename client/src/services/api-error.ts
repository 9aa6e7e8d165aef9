/**
 * Errors as the app shows them: always a sentence a person can read, never a bare code.
 */
import { ERROR_MESSAGES, ErrorBodySchema, ErrorCode } from '@linli/shared/errors';
import { formatMessage } from '@linli/shared/i18n';
import { getLocale, t } from '../i18n';

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The server's error code, when it sent one: for logic, never for display. */
    readonly code?: ErrorCode,
    readonly requestId?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Turns a failed answer into an ApiError. The server already words its message in the language we
 * asked for (Accept-Language); if the body has no usable message we render the catalogue's text for
 * the code, and failing that a generic sentence with the status.
 */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    const fields = (details as { fields?: { path?: string; message?: string }[] } | undefined)?.fields;
    let text =
      message && message !== code
        ? message
        : formatMessage(ERROR_MESSAGES[code][getLocale()], {}, getLocale());
    if (
      Array.isArray(fields) &&
      fields.length > 0 &&
      !fields.every((f) => f.message && text.includes(f.message))
    ) {
      const list = fields
        .filter((f) => f.message)
        .map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))
        .join('; ');
      if (list) text = `${text} (${list})`;
    }
    return new ApiError(text, status, code, requestId, details);
  }
  return new ApiError(t('errorUnknown', { status }), status);
}

export function networkError(): ApiError {
  return new ApiError(t('errorNetwork'), 0);
}

/** Any thrown value → a message for a toast or an inline error line. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t('errorUnknown', { status: 0 });
}

export { ErrorCode };

/**
 * A 400's field problems by body path ('servingHours.lunch.to' → its message), so a form can show
 * each next to its field; empty for any other failure.
 */
export function fieldMessagesOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const fields = (error.details as { fields?: { location?: string; path?: string; message?: string }[] })
    ?.fields;
  const messages: Record<string, string> = {};
  for (const field of Array.isArray(fields) ? fields : [])
    if (field.location === 'body' && field.path && field.message) messages[field.path] ??= field.message;
  return messages;
}
