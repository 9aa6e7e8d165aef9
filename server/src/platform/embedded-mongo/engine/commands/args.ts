/** Reading a command's fields with mongod's errors for missing or mistyped ones. */
import type { Document } from 'bson';
import { ErrorCode, fail } from '../errors';
import { isPlainObject, toNumber } from '../values';
import type { CommandContext } from './context';

export function collectionName(ctx: CommandContext): string {
  const name = ctx.cmd[ctx.name];
  if (typeof name !== 'string' || name.length === 0) {
    fail(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalDoc(ctx: CommandContext, field: string): Document | undefined {
  const v = ctx.cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v))
    fail(
      ErrorCode.TypeMismatch,
      `BSON field '${ctx.name}.${field}' is the wrong type '${typeof v}', expected type 'object'`,
    );
  return v;
}

export function optionalNumber(ctx: CommandContext, field: string): number | undefined {
  const v = ctx.cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = toNumber(v);
  if (n === undefined)
    fail(ErrorCode.TypeMismatch, `BSON field '${ctx.name}.${field}' is the wrong type, expected a number`);
  return n;
}
