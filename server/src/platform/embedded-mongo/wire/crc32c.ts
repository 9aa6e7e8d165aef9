/**
 * CRC-32C (Castagnoli), the checksum an OP_MSG carries when its `checksumPresent` flag is set.
 * Node's zlib only offers the IEEE polynomial, so this one is table-driven here. It runs only on
 * messages that ask for it; the stock driver never sets the flag, so speed hardly matters.
 */
const POLY_REVERSED = 0x82f63b78;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REVERSED : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
