/**
 * Errors as mongod reports them. Drivers and mongoose branch on `code` and `codeName`, so both must
 * be mongod's own.
 */
import type { Document } from 'bson';

export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  DuplicateKey: 11000,
  ChangeStreamNotSupported: 40573,
  UnknownPipelineStage: 40324,
} as const;

const names = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));
// Assertion codes without a symbolic name are reported by mongod as `Location<code>`.
names.set(ErrorCode.ChangeStreamNotSupported, 'Location40573');
names.set(ErrorCode.UnknownPipelineStage, 'Location40324');

export function codeNameOf(code: number): string {
  return names.get(code) ?? `Location${code}`;
}

export class MongoCommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra reply fields, e.g. keyPattern/keyValue of a duplicate key. */
    readonly extra: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeNameOf(this.code), ...this.extra };
  }

  /** The shape of one entry of `writeErrors`. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export function fail(code: number, message: string, extra?: Document): never {
  throw new MongoCommandError(code, message, extra);
}

/** Anything thrown while running a command, as a mongod reply. mingo throws plain Errors. */
export function toCommandError(e: unknown): MongoCommandError {
  if (e instanceof MongoCommandError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new MongoCommandError(ErrorCode.BadValue, message);
}
