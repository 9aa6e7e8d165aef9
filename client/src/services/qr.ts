/**
 * QR codes without native code or a canvas: qrcode-generator (pure JS) computes the module matrix,
 * and the app draws each row's dark runs as Views, which work the same in the mini-program and h5.
 * Drawing runs instead of single modules keeps a 29×29 code to a few hundred Views.
 */
import qrcode from 'qrcode-generator';

export type QrMatrix = boolean[][];

/**
 * The modules of `text` as rows of dark (true) / light (false), without the quiet zone. Error
 * correction M survives a scratched or glare-washed phone screen; the version grows with the text.
 */
export function qrMatrix(text: string): QrMatrix {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => qr.isDark(row, col)),
  );
}

export interface Run {
  start: number;
  length: number;
}

/** The dark runs of one row: [true, true, false, true] → [{0, 2}, {3, 1}]. */
export function darkRuns(row: readonly boolean[]): Run[] {
  const runs: Run[] = [];
  let start = -1;
  row.forEach((dark, index) => {
    if (dark && start < 0) start = index;
    if (!dark && start >= 0) {
      runs.push({ start, length: index - start });
      start = -1;
    }
  });
  if (start >= 0) runs.push({ start, length: row.length - start });
  return runs;
}
