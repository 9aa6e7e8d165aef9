/**
 * Ballot receipts. The voter gets a random code once (80 bits, shown as XXXX-XXXX-XXXX-XXXX);
 * the server keeps only sha256(consultation, code) and a seal, sha256(code, choices), made when
 * the ballot was cast. After close the list of (hash, seal) pairs is published: anyone can see how
 * many ballots were counted, nobody can tell a choice from a seal without its code, and the holder
 * of a code can check that their ballot is in the list and that its choices are still those sealed.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read aloud from a slip

export function newReceiptCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Codes are typed back by people: case, spaces and dashes do not matter. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const receiptHashOf = (consultationId: string, code: string) =>
  sha256(`linli-receipt:${consultationId}:${normaliseCode(code)}`);

export const sealOf = (code: string, choices: readonly string[]) =>
  sha256(`linli-seal:${normaliseCode(code)}:${[...choices].sort().join(',')}`);
