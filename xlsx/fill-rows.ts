/**
 * What both fill writers (ExcelJS's, apply.ts; the package patch, fill-package.ts) decide the same
 * way: a fill's writes by sheet, and what rows written onto a table's totals row do. The reader
 * leaves a totals row out, so rows a fill appends start on it; as Excel does when a row is added to
 * such a table, the totals row moves down below the new rows, and when the cells it would move onto
 * are not empty the rows are not written (a refused issue says so). Pure.
 */
import { makeIssue } from '../core/messages';
import { cellAddress } from '../core/normalize';
import { sheetKeyOf } from '../core/read';
import type { SheetKey } from '../core/template';
import type { CellWrite, Issue } from '../core/types';
import type { CellRange } from './ranges';

/** Items by their sheet's name (a fill's writes, a check's marks), each sheet's in their order; sheets in the order they first come. */
export function bySheet<T extends { sheetName: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const list = out.get(it.sheetName);
    if (list) list.push(it);
    else out.set(it.sheetName, [it]);
  }
  return out;
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Whether row `row` is empty in the columns of range `r` (where a totals row would move to). */
export function rowFree(r: CellRange, row: number, valueAt: (row: number, col: number) => unknown): boolean {
  return Array.from({ length: r.right - r.left + 1 }, (_, i) => valueAt(row, r.left + i)).every(isBlank);
}

/**
 * The row a table's totals row (its range's bottom row) moves down to, below the rows `writes`
 * puts from it down in the table's columns; null when nothing is written on the totals row.
 */
export function totalsTarget(writes: readonly CellWrite[], r: CellRange): number | null {
  const totals = r.bottom;
  let first = Infinity;
  let last = 0;
  for (const w of writes) {
    if (w.row < totals || w.col < r.left || w.col > r.right) continue;
    first = Math.min(first, w.row);
    last = Math.max(last, w.row);
  }
  // nothing on the totals row: rows written further down do not touch the table
  if (first !== totals) return null;
  return totals + (last - totals + 1);
}

/**
 * The writes left when the totals row of `table` (range `r`) cannot move to `target`: none from the
 * totals row down; the issue saying so goes into `refused`.
 */
export function blockedByTotals(
  writes: CellWrite[],
  at: { sheetName: string; table: string; range: CellRange; target: number },
  refused: Issue[],
): CellWrite[] {
  const { sheetName, range: r, target } = at;
  const totals = r.bottom;
  const key = (sheetKeyOf(sheetName) ?? sheetName) as SheetKey;
  refused.push(
    makeIssue(
      'fill.totals_row_blocked',
      key,
      { sheetName, table: at.table, cell: cellAddress(target, r.left) },
      { sheetName, row: totals, cell: cellAddress(totals, r.left) },
    ),
  );
  return writes.filter((w) => w.row < totals);
}
