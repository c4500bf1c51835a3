/**
 * The byte and cell budgets of the port's syncs, and the pure sums they are kept with: what a value,
 * a row, a response costs in UTF-8 JSON, and rows cut into chunks that fit. No Office call here.
 */
import type { CellValue } from '../../core/types';
import { utf8Length } from '../../core/utf8';
import { toExcelValue } from './office-plan';

/**
 * The budget of a read's syncs. Excel on the web refuses a request or response over 5 MB of UTF-8,
 * where a Chinese character is 3 bytes. A sheet's first values are read at `cellsPerSync` cells a
 * sync, sized for the worst case: a cell of five Chinese characters (a name, a label, a short
 * theme) is 18 bytes of JSON, so 200,000 such cells are 3.6 MB. Once some of a sheet's values are
 * in, its bytes per cell are known (the most seen in any of its chunks), and its next chunks are
 * sized so a sync carries about `bytesPerSync`: this template's sheets weigh about 9 bytes a cell
 * (ids, dates as serial numbers, two- to four-character labels; Assessment's small numbers 4), so
 * a sync then holds ~390,000 to ~860,000 cells where 200,000 were safe. What one sheet taught is
 * not used for another (a sheet of long Chinese text may follow a sheet of ids). A sync that still
 * fails for size is retried with half the budget, both numbers halved.
 */
export const READ_LIMITS = { cellsPerSync: 200_000, bytesPerSync: 3_500_000, maxCellsPerRange: 5_000_000 };

/** Cells of a sheet read before its bytes per cell are trusted alone; until then the worst case counts too. */
export const READ_SAMPLE_CELLS = 10_000;

/**
 * UTF-8 bytes of cell values per sync for writes: under Excel on the web's 5 MB per request with
 * room for the commands around the values (a few hundred bytes per range, counted as RANGE_BYTES).
 */
export const WRITE_LIMITS = { bytesPerSync: 3_000_000 };

/**
 * The sync-state sheet's rows per sync, by UTF-8 bytes. Reading, a row's size is known only after
 * the first chunk: until then it is taken as `rowBytesGuess` (a state row is 50 to 80 bytes; 100
 * leaves room for long ids, and a chunk refused for size is read again at half the budget).
 */
export const STATE_LIMITS = { bytesPerSync: 3_000_000, rowBytesGuess: 100 };

/** What a range write costs in a request besides its values: the range's path and the action. */
export const RANGE_BYTES = 300;

/** A cell's '@' in a numberFormat array: the text, its quotes, brackets and comma. */
export const TEXT_FORMAT_BYTES = 6;

export function isPayloadTooLarge(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  const msg = String((e as { message?: string })?.message ?? '');
  return /PayloadTooLarge|RequestPayloadSizeLimitExceeded|ResponsePayloadSizeLimitExceeded/i.test(code + ' ' + msg);
}

/**
 * The UTF-8 bytes of values as JSON in a response, counted without building the JSON: a string's
 * characters with quotes and comma, a number's or a boolean's digits or letters and comma, a row's
 * brackets. JSON's escapes are left out (rare in cells; the budget leaves 1.5 MB of room). Exact
 * otherwise (one byte over a row), and ~4 times cheaper than `utf8Length(JSON.stringify(rows))`:
 * ~35 ms against ~130 ms over the 2.95 million cells of a 100,000-teacher workbook.
 */
export function responseBytes(rows: readonly (readonly unknown[])[]): number {
  let n = 2;
  for (const row of rows) {
    n += 3;
    for (const v of row) n += typeof v === 'string' ? utf8Length(v) + 3 : String(v).length + 1;
  }
  return n;
}

/**
 * A value's UTF-8 bytes in a request's JSON, with quotes, brackets and comma: what Excel counts.
 * JSON's escapes (quotes, backslashes, control characters) are left out: rare in cells, and the
 * budget leaves 2 MB of room.
 */
export function valueBytes(v: CellValue): number {
  const x = toExcelValue(v);
  return (typeof x === 'string' ? utf8Length(x) + 2 : String(x).length) + 3;
}

export function rowBytes(row: readonly CellValue[], width: number): number {
  let n = 3 + 3 * Math.max(0, width - row.length);
  for (const v of row) n += valueBytes(v);
  return n;
}

/** Consecutive rows in chunks of at most `budget` bytes (at least one row each). */
export function chunkRows<T extends CellValue>(rows: T[][], width: number, budget: number): { rows: T[][]; bytes: number }[] {
  const out: { rows: T[][]; bytes: number }[] = [];
  let start = 0;
  let bytes = RANGE_BYTES;
  for (let i = 0; i < rows.length; i++) {
    const b = rowBytes(rows[i], width);
    if (i > start && bytes + b > budget) {
      out.push({ rows: rows.slice(start, i), bytes });
      start = i;
      bytes = RANGE_BYTES;
    }
    bytes += b;
  }
  if (rows.length > start) out.push({ rows: rows.slice(start), bytes });
  return out;
}

/** The widest row, at least 1. A loop: spreading 130,000 rows into Math.max overflows the stack. */
export function widthOf(rows: readonly (readonly unknown[])[]): number {
  let w = 1;
  for (const r of rows) if (r.length > w) w = r.length;
  return w;
}
