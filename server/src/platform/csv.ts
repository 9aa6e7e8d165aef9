/** Spreadsheet exports, shared by the modules that offer one (meals' roster and settlement, repairs). */

/**
 * CSV for spreadsheets: a BOM so Excel reads UTF-8 Chinese, quoting where needed, and cells that a
 * spreadsheet would run as a formula (=, +, -, @) prefixed with an apostrophe.
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number) => {
    if (typeof value === 'number') return String(value);
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
