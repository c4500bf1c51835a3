/**
 * Normalisation of labels people type (headers, sheet names, enum labels), and A1 addresses.
 * NFKC folds full-width forms (ＡＢＣ, ２０, （）) onto their ASCII twins, so one Map lookup
 * matches every spelling.
 */

// The zero-width joiner sits outside the class: inside one, eslint takes it for a joined sequence.
const WHITESPACE = /(?:[\s\u3000\u200b\u200c\ufeff]|\u200d)+/g;

/**
 * Printable ASCII and common CJK ideographs (U+4E00..U+9FFF, no NFKC mapping and no case): NFKC
 * keeps them and none is white space, so normalising a label made only of them just lower-cases it.
 * The first has no capital letter either: such a label is its own normal form.
 */
const PLAIN_LOWER = /^[\x21-\x40\x5b-\x7e\u4e00-\u9fff]*$/;
const PLAIN = /^[\x21-\x7e\u4e00-\u9fff]*$/;

/**
 * Most labels, ids and codes are plain: for them lower-casing alone gives the same result, far
 * cheaper. Tested with two regular expressions rather than a loop over charCodeAt: the loop's
 * optimised code depends on the strings the process handed it before (after the module tables
 * were built it ran 7.0 ms for the bench's 100k lead teachers), the expressions do not (1.5 ms).
 */
export function normalizeLabel(s: string): string {
  if (PLAIN_LOWER.test(s)) return s;
  return PLAIN.test(s) ? s.toLowerCase() : normalizeLabelFull(s);
}

/** NFKC of a string; ASCII, which NFKC never changes, is returned as it is without the costly call. */
export function nfkc(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return s.normalize('NFKC');
  return s;
}

/** The definition of normalizeLabel, without its shortcut (exported so tests can compare the two). */
export function normalizeLabelFull(s: string): string {
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
