import { darkRuns, qrMatrix } from './qr';

/** A booking's payload as the API builds it: 'linli:meal:<bookingId>:<pickupCode>' (42 bytes). */
const PAYLOAD = 'linli:meal:65f0c2a1b3d4e5f601234567:042917';

/** The 15 format-information bits (LSB first) read from the two places ISO/IEC 18004 puts them. */
function formatBits(m: boolean[][]): [number, number] {
  const n = m.length;
  let vertical = 0;
  let horizontal = 0;
  for (let i = 0; i < 15; i += 1) {
    const v = i < 6 ? m[i][8] : i < 8 ? m[i + 1][8] : m[n - 15 + i][8];
    const h = i < 8 ? m[8][n - i - 1] : i < 9 ? m[8][15 - i] : m[8][14 - i];
    vertical |= Number(v) << i;
    horizontal |= Number(h) << i;
  }
  return [vertical, horizontal];
}

/** BCH(15,5) remainder with the QR generator polynomial x^10+x^8+x^5+x^4+x^2+x+1. */
function bchRemainder(data: number): number {
  let value = data << 10;
  for (let bit = 14; bit >= 10; bit -= 1) if (value & (1 << bit)) value ^= 0x537 << (bit - 10);
  return value;
}

function finderAt(m: boolean[][], top: number, left: number): boolean {
  for (let r = 0; r < 7; r += 1)
    for (let c = 0; c < 7; c += 1) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      // 7×7 dark ring, 5×5 light ring, 3×3 dark centre.
      if (m[top + r][left + c] !== (ring !== 2)) return false;
    }
  return true;
}

describe('qrMatrix', () => {
  const m = qrMatrix(PAYLOAD);

  it('is a square of a QR version size: 29×29 (version 3) for a booking payload', () => {
    expect(m).toHaveLength(29);
    for (const row of m) expect(row).toHaveLength(29);
    const longer = qrMatrix(`${PAYLOAD}:${'x'.repeat(40)}`);
    expect((longer.length - 17) % 4).toBe(0);
    expect(longer.length).toBeGreaterThan(29);
  });

  it('has the three finder patterns and the timing patterns a scanner locks on to', () => {
    const n = m.length;
    expect(finderAt(m, 0, 0)).toBe(true);
    expect(finderAt(m, 0, n - 7)).toBe(true);
    expect(finderAt(m, n - 7, 0)).toBe(true);
    expect(finderAt(m, n - 7, n - 7)).toBe(false);
    for (let i = 8; i < n - 8; i += 1) {
      expect(m[6][i]).toBe(i % 2 === 0);
      expect(m[i][6]).toBe(i % 2 === 0);
    }
  });

  it('carries valid format information for error correction level M, twice', () => {
    const [vertical, horizontal] = formatBits(m);
    expect(vertical).toBe(horizontal);
    const unmasked = vertical ^ 0x5412;
    const data = unmasked >> 10;
    expect(unmasked & 0x3ff).toBe(bchRemainder(data));
    expect(data >> 3).toBe(0b00); // M
  });

  it('differs for a different pickup code', () => {
    expect(qrMatrix(PAYLOAD.replace('042917', '042918'))).not.toEqual(m);
  });
});

describe('darkRuns', () => {
  it('turns a row into the dark stretches to draw', () => {
    expect(darkRuns([true, true, false, true])).toEqual([
      { start: 0, length: 2 },
      { start: 3, length: 1 },
    ]);
    expect(darkRuns([false, false])).toEqual([]);
    expect(darkRuns([false, true, true, true])).toEqual([{ start: 1, length: 3 }]);
  });

  it('redraws every row of a real code exactly', () => {
    for (const row of qrMatrix(PAYLOAD)) {
      const redrawn = row.map(() => false);
      for (const run of darkRuns(row)) for (let i = 0; i < run.length; i += 1) redrawn[run.start + i] = true;
      expect(redrawn).toEqual(row);
    }
  });
});
