import mongoose from 'mongoose';

/**
 * Reading the store's answers. Rules such as "one booking per elder per meal" live in unique
 * indexes; a write that breaks one comes back as MongoDB's duplicate-key error (code 11000), the
 * same from the embedded store and from a real server.
 */
export function isDuplicateKey(err: unknown, field?: string): boolean {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== 11000) return false;
  if (!field) return true;
  const { keyPattern, message } = err as { keyPattern?: Record<string, unknown>; message?: string };
  return keyPattern ? field in keyPattern : String(message).includes(field);
}

const {
  MongoNetworkError,
  MongoServerSelectionError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
  MongoServerClosedError,
  MongoUnexpectedServerResponseError,
} = mongoose.mongo;

/**
 * The database could not be reached: the driver found no server within serverSelectionTimeoutMS,
 * a connection broke mid-operation (the store was killed, the network dropped), or mongoose gave up
 * waiting for a connection. Such a request is answered 503, not 500: nothing is wrong with it, and
 * the same request can succeed once the database is back. A write that failed this way may or may
 * not have been applied (its outcome is unknown), but it was never acknowledged.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (
    err instanceof MongoNetworkError || // includes timeouts and a cleared connection pool
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    // The server the operation was sent to was marked closed while it waited (the store died).
    err instanceof MongoServerClosedError ||
    // A reply cut short or garbled because the store was killed while sending it.
    err instanceof MongoUnexpectedServerResponseError ||
    // Mongoose's own wrapper of a failed server selection (not a subclass of the driver's).
    err instanceof mongoose.Error.MongooseServerSelectionError
  ) {
    return true;
  }
  if (err instanceof mongoose.Error && /buffering timed out/.test(err.message)) return true;
  // Mongoose sometimes wraps the driver's error (e.g. in a bulk write or a validation step).
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err && isDatabaseUnavailable(cause);
}
