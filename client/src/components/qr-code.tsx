import { useMemo } from 'react';
import { View } from '@tarojs/components';
import { darkRuns, qrMatrix } from '../services/qr';

/** Light modules around the code, as the QR standard asks, so scanners find its edges. */
const QUIET_ZONE = 4;

/**
 * A QR code drawn with Views (no canvas, no native component): the same in the mini-program and
 * h5. `cell` is the width of one module in px.
 */
export function QrCode({ text, cell = 5, label }: { text: string; cell?: number; label: string }) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const side = (matrix.length + QUIET_ZONE * 2) * cell;
  return (
    <View
      className="qr"
      role="img"
      ariaLabel={label}
      data-testid="pickup-qr"
      data-modules={matrix.length}
      style={{ width: `${side}px`, padding: `${QUIET_ZONE * cell}px`, boxSizing: 'border-box' }}
    >
      {matrix.map((row, r) => (
        <View key={r} className="qr-row" style={{ height: `${cell}px` }}>
          {darkRuns(row).map((run) => (
            <View
              key={run.start}
              className="qr-dark"
              style={{ left: `${run.start * cell}px`, width: `${run.length * cell}px` }}
            />
          ))}
        </View>
      ))}
    </View>
  );
}
