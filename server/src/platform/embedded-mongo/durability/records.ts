/**
 * The framing shared by journal and snapshot files.
 *
 *   file   := magic(8 bytes) record*
 *   record := uint32le payloadLength | uint32le crc32(payload) | payload
 *   payload:= BSON document { m: [Mutation, ...] }        (snapshots also end with { end: true, count })
 *
 * The length comes first so a reader can skip to the next record; the CRC tells a torn or
 * corrupted record from a good one. A reader stops at the first record that fails either check:
 * everything before it is trustworthy, nothing after it can be located with certainty.
 */
import { deserialize, serialize, type Document } from 'bson';
import { FAITHFUL_DESERIALIZE } from '../wire/bson-options';
import { crc32 } from './crc32';

export const RECORD_HEADER_SIZE = 8;
export const MAGIC_SIZE = 8;
/** A single record never legitimately exceeds this (a batch is bounded by the 48 MB message size). */
const MAX_RECORD_SIZE = 256 * 1024 * 1024;

export function encodeRecord(payload: Document): Buffer {
  const body = serialize(payload);
  const out = Buffer.allocUnsafe(RECORD_HEADER_SIZE + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  out.set(body, RECORD_HEADER_SIZE);
  return out;
}

export interface ScanResult {
  payloads: Document[];
  /** Offset just past the last good record: where a torn tail is cut. */
  validEnd: number;
  /** Why scanning stopped before the end of the buffer, if it did. */
  problem?: string;
}

export function scanRecords(buf: Buffer, start: number): ScanResult {
  const payloads: Document[] = [];
  let offset = start;
  while (offset < buf.length) {
    if (offset + RECORD_HEADER_SIZE > buf.length) {
      return { payloads, validEnd: offset, problem: `torn record header at offset ${offset}` };
    }
    const length = buf.readUInt32LE(offset);
    const expectedCrc = buf.readUInt32LE(offset + 4);
    if (length < 5 || length > MAX_RECORD_SIZE) {
      return {
        payloads,
        validEnd: offset,
        problem: `impossible record length ${length} at offset ${offset}`,
      };
    }
    const bodyStart = offset + RECORD_HEADER_SIZE;
    if (bodyStart + length > buf.length) {
      return {
        payloads,
        validEnd: offset,
        problem: `torn record at offset ${offset} (${length} bytes announced)`,
      };
    }
    const body = buf.subarray(bodyStart, bodyStart + length);
    if (crc32(body) !== expectedCrc) {
      return { payloads, validEnd: offset, problem: `CRC mismatch in record at offset ${offset}` };
    }
    try {
      payloads.push(deserialize(body, FAITHFUL_DESERIALIZE));
    } catch (err) {
      return {
        payloads,
        validEnd: offset,
        problem: `undecodable record at offset ${offset}: ${(err as Error).message}`,
      };
    }
    offset = bodyStart + length;
  }
  return { payloads, validEnd: offset };
}
