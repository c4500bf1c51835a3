/**
 * Normalisation of labels people type (headers, sheet names, enum labels), and A1 addresses.
 * NFKC folds full-width forms (ＡＢＣ, ２０, （）) onto their ASCII twins, so one Map lookup
 * matches every spelling.
 */

// The zero-width joiner sits outside the class: inside one, eslint takes it for a joined sequence.
const WHITESPACE = /(?:[\s\u3000\u200b\u200c\ufeff]|\u200d)+/g;

export function normalizeLabel(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(WHITESPACE, '');
}

/** Column letters for a 1-based column: 1 -> A, 27 -> AA. */
export function columnLetters(col: number): string {
  let n = Math.max(1, Math.floor(col));
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A1 notation of a 1-based row and column. */
export function cellAddress(row: number, col: number): string {
  return columnLetters(col) + String(row);
}
