/**
 * Staff passwords: argon2id. A sign-in for an unknown username still verifies against a dummy
 * hash, so the answer takes as long as a wrong password and does not reveal which names exist.
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/** Verifies `password` against `passwordHash`, or burns the same time and fails when there is none. */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
