/**
 * The pure part of a write: which cells Excel would change on the way in (formatted as text
 * first), which cells the product owns, which writes join a table below or right of it, and how
 * writes group into column runs. No Office call here: tested in node without the fake
 * (tests/addin/office-plan.test.ts).
 */
import { normalizeLabel } from '../../core/normalize';
import { readWorkbook, sheetKeyOf } from '../../core/read';
import { SHEETS, SHEET_BY_KEY } from '../../core/template';
import type { CellValue, CellWrite } from '../../core/types';
import { a1, type CellRef, type FillWrites } from './port';

/**
 * Whether Excel would change this text on the way in (Excel.Range values: a text that starts with
 * `=`, `+` or `-` is read as a formula, and a number-looking one becomes a number), so it is
 * written into a cell formatted as text ('@'). A text without a digit or a leading sign keeps as
 * it is. An ISO date (`2026-09-01`) is left General on purpose: the fill writes dates that way.
 */
export function needsTextFormat(v: CellValue): boolean {
  if (typeof v !== 'string' || v === '') return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  return /\d/.test(v) || /^[=+\-@]/.test(v) || /^\s*(true|false)\s*$/i.test(v);
}

/** The number formats of a block the add-in owns: '@' for the texts Excel would change, General elsewhere. */
export function formatsOf(rows: readonly (readonly CellValue[])[]): string[][] {
  return rows.map((r) => r.map((v) => (needsTextFormat(v) ? '@' : 'General')));
}

/** A write table.rows.add can carry: one Excel keeps as given (the others are written in place, formatted as text). */
export const plainValue = (w: CellWrite) => !needsTextFormat(w.value);

/** Rows read to find a sheet's header (core/read looks in the first 30 of the used range). */
export const HEADER_PROBE_ROWS = 60;

const TEMPLATE_NAMES = new Set(SHEETS.flatMap((s) => [s.zh, s.en, s.key, ...(s.aliases ?? [])].map(normalizeLabel)));

export function isTemplateSheetName(name: string): boolean {
  return TEMPLATE_NAMES.has(normalizeLabel(name));
}

/** Excel takes strings, numbers and booleans; a date goes in as its ISO text, which Excel reads as a date. */
export function toExcelValue(v: CellValue): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

export interface TableBox {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * The rows of `writes` that fall right below a table (within its columns), as full-width rows
 * for `table.rows.add`: `lastRow` is the 1-based last row the table must reach, `taken` the
 * writes those rows carry. Null when nothing is written below the table.
 */
export function tableGrowth(
  writes: FillWrites['writes'],
  sheetName: string,
  box: TableBox,
  carry: (w: CellWrite) => boolean = () => true,
): { lastRow: number; values: CellValue[][]; taken: Set<FillWrites['writes'][number]> } | null {
  const end = box.row + box.rows - 1;
  const below = writes.filter((w) => w.sheetName === sheetName && w.row > end && w.col >= box.col && w.col < box.col + box.cols);
  if (below.length === 0) return null;
  // Only a run that starts right under the table joins it; rows further down are a person's own.
  const rows = new Set(below.map((w) => w.row));
  let last = end;
  while (rows.has(last + 1)) last++;
  if (last === end) return null;
  const values: CellValue[][] = Array.from({ length: last - end }, () => Array<CellValue>(box.cols).fill(''));
  const taken = new Set<FillWrites['writes'][number]>();
  for (const w of below) {
    if (w.row > last || !carry(w)) continue;
    values[w.row - end - 1][w.col - box.col] = w.value;
    taken.add(w);
  }
  return { lastRow: last, values, taken };
}

/**
 * The header cells a fill writes in a table's header row right of it, from the next column on and
 * without a gap: core/fill adds missing columns there (core/fill/target.ts).
 */
export function tableNewColumns(writes: CellWrite[], sheetName: string, box: TableBox): CellWrite[] {
  const byCol = new Map<number, CellWrite>();
  const next = box.col + box.cols;
  for (const w of writes) {
    if (w.sheetName === sheetName && w.row === box.row && w.col >= next && typeof w.value === 'string' && w.value.trim() !== '')
      byCol.set(w.col, w);
  }
  const out: CellWrite[] = [];
  for (let c = next; byCol.has(c); c++) out.push(byCol.get(c)!);
  return out;
}

function templateSheet(name: string) {
  const key = sheetKeyOf(name);
  return key ? SHEET_BY_KEY[key] : undefined;
}

/** A sheet where some columns, not all, are the product's: only its header says which. */
export function hasOwnedColumns(name: string): boolean {
  const def = templateSheet(name);
  return Boolean(def && !def.filled && def.columns.some((c) => c.filled));
}

/**
 * Which cells of a sheet the product owns, as core/fill does: every cell of a sheet it writes whole
 * (Summary), the cells under the header in the columns the template marks `filled` (Assessment's
 * role, score, result, missing), found by reading the header as core/read does; nothing else.
 */
export function ownedCells(name: string, top: CellValue[][] | null): (row: number, col: number) => boolean {
  const def = templateSheet(name);
  if (!def) return () => false;
  if (def.filled) return () => true;
  const first = top ? top.findIndex((r) => r.some((v) => !isBlank(v))) : -1;
  if (!top || first < 0) return () => false;
  const read = readWorkbook({ sheets: [{ name, values: top.slice(first), origin: { row: first + 1, col: 1 } }] }).sheets[def.key];
  if (!read) return () => false;
  const cols = new Set(def.columns.filter((c) => c.filled && read.columns[c.key]).map((c) => read.columns[c.key]));
  return (row, col) => row > read.headerRow && cols.has(col);
}

export const isBlank = (v: unknown) => v === '' || v === null || v === undefined;

export const cellId = (sheetName: string, row: number, col: number) => `${sheetName}\u0000${row}\u0000${col}`;

/** Runs cut to at most `cells` each, so one long run can be spread over syncs. */
export function splitRuns(runs: ColumnRun[], cells: number): ColumnRun[] {
  const out: ColumnRun[] = [];
  for (const r of runs) {
    for (let i = 0; i < r.values.length; i += cells) out.push({ ...r, row: r.row + i, values: r.values.slice(i, i + cells) });
  }
  return out;
}

export interface ColumnRun {
  sheetName: string;
  row: number;
  col: number;
  values: CellValue[];
}

/** Groups writes into runs of consecutive rows in one column, so a fill is a handful of ranges. */
export function columnRuns(writes: FillWrites['writes']): ColumnRun[] {
  const sorted = [...writes].sort((a, b) => a.sheetName.localeCompare(b.sheetName) || a.col - b.col || a.row - b.row);
  const runs: ColumnRun[] = [];
  for (const w of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.sheetName === w.sheetName && last.col === w.col && last.row + last.values.length === w.row) {
      last.values.push(w.value);
    } else if (last && last.sheetName === w.sheetName && last.col === w.col && last.row + last.values.length - 1 === w.row) {
      last.values[last.values.length - 1] = w.value; // the same cell twice: the later write wins
    } else {
      runs.push({ sheetName: w.sheetName, row: w.row, col: w.col, values: [w.value] });
    }
  }
  return runs;
}

/**
 * The writes left once the cells a person typed into since the read (`typed`, by cellId) are taken
 * out, and those cells, each once. A write that joins a table above its total row goes whatever
 * the cell shows: the read took the total row for empty.
 */
export function withoutTyped(
  writes: CellWrite[],
  typed: Set<string>,
  aboveTotals: Set<CellWrite>,
): { writes: CellWrite[]; skipped: CellRef[] } {
  const skipped: CellRef[] = [];
  if (typed.size === 0) return { writes, skipped };
  const seen = new Set<string>();
  const kept = writes.filter((w) => {
    const id = cellId(w.sheetName, w.row, w.col);
    if (!typed.has(id) || aboveTotals.has(w)) return true;
    if (!seen.has(id)) skipped.push({ sheetName: w.sheetName, cell: a1(w.row, w.col) });
    seen.add(id);
    return false;
  });
  return { writes: kept, skipped };
}
