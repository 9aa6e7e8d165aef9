/**
 * CRC-32 (IEEE) over journal and snapshot records. zlib's native implementation is used because
 * start-up replays every record through it: a JS table loop would cost ~1 s per 100 MB.
 */
import zlib from 'node:zlib';

export function crc32(data: Uint8Array): number {
  return zlib.crc32(data) >>> 0;
}
