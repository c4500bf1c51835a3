import ExcelJS from 'exceljs';
import type { FillResult } from '../core/fill';
import type { CellValue, CellWrite, Issue } from '../core/types';
import { blockedByTotals, bySheet as writesBySheet, rowFree, totalsTarget } from './fill-rows';
import { encodeRange, type CellRange } from './ranges';
import { sheetTables } from './to-input';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO days become real Excel dates, so a written date looks and sorts like one a person typed. */
function excelValue(v: CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') {
    const m = ISO_DAY.exec(v);
    if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  }
  return v === undefined ? null : (v as ExcelJS.CellValue);
}

type TableModel = ReturnType<typeof sheetTables>[number]['table'] & {
  headerRow?: boolean;
  style?: unknown;
  autoFilterRef?: string;
  columns?: { name?: string; filterButton?: boolean }[];
  name?: string;
};

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
};

/**
 * Makes the tables ExcelJS loaded writable as they were. A table saved without a style (LibreOffice
 * writes no tableStyleInfo) loads with style null, on which ExcelJS's writer throws; it gets an
 * empty style, which writes as "no style". A table whose part leaves out headerRowCount (its default
 * is 1: Excel leaves it out) loads as having no header row, and would be written back with
 * headerRowCount="0"; when its first row holds its column names, it has a header row. A column
 * with no filterColumn in its table's autoFilter (Excel writes one only for a filtered column)
 * loads with no filter button and would be written with its button hidden; it shows its button.
 */
export function prepareTables(wb: ExcelJS.Workbook): void {
  for (const ws of wb.worksheets) {
    for (const { range, table } of sheetTables(ws)) {
      const t = table as TableModel;
      if (t.style === null || typeof t.style !== 'object') t.style = {};
      if (t.headerRow === false && Array.isArray(t.columns) && t.columns.length === range.right - range.left + 1) {
        const named = t.columns.every(
          (c, i) => cellText(ws.getCell(range.top, range.left + i).value).trim() === String(c.name ?? '').trim(),
        );
        if (named || t.autoFilterRef) t.headerRow = true;
      }
      if (t.autoFilterRef && Array.isArray(t.columns)) for (const c of t.columns) if (c.filterButton === undefined) c.filterButton = true;
    }
  }
}

/**
 * Rows appended just below a table join it: its range grows to the last written row, so filters,
 * banding and structured references cover the new rows.
 */
function growTables(ws: ExcelJS.Worksheet, writes: CellWrite[]): void {
  for (const { range: r, totalsRow, table } of sheetTables(ws)) {
    if (totalsRow) continue; // moved down by makeRoomAboveTotals
    let bottom = r.bottom;
    for (const w of writes) {
      if (w.col >= r.left && w.col <= r.right && w.row > bottom && w.row <= bottom + 1 + writes.length) bottom = Math.max(bottom, w.row);
    }
    if (bottom === r.bottom) continue;
    setBottom(table as TableModel, r, bottom, false);
  }
}

function setBottom(t: TableModel, r: CellRange, bottom: number, totalsRow: boolean): void {
  const grown = encodeRange({ ...r, bottom });
  t.tableRef = grown;
  if (t.ref) t.ref = grown.split(':')[0];
  // the filter covers the header and the data, not the totals row
  if (t.autoFilterRef) t.autoFilterRef = encodeRange({ ...r, bottom: totalsRow ? bottom - 1 : bottom });
}

/**
 * A table with a totals row: the reader leaves that row out, so rows a fill appends start on it.
 * As Excel does when a row is added to such a table, the totals row moves down below the new rows
 * and the table grows; never is a totals row written over. When the cells it would move onto are
 * not empty, the rows are not written (a refused issue says so).
 */
function makeRoomAboveTotals(ws: ExcelJS.Worksheet, writes: CellWrite[], refused: Issue[]): CellWrite[] {
  let out = writes;
  for (const { range: r, totalsRow, table } of sheetTables(ws)) {
    if (!totalsRow) continue;
    const totals = r.bottom;
    const target = totalsTarget(out, r);
    if (target === null) continue;
    if (!rowFree(r, target, (row, col) => ws.getCell(row, col).value)) {
      out = blockedByTotals(out, { sheetName: ws.name, table: (table as TableModel).name ?? '', range: r, target }, refused);
      continue;
    }
    for (let c = r.left; c <= r.right; c++) {
      const from = ws.getCell(totals, c);
      const to = ws.getCell(target, c);
      to.value = from.value;
      to.style = JSON.parse(JSON.stringify(from.style ?? {})) as Partial<ExcelJS.Style>;
      from.value = null;
      // the freed row looks like the data rows above it
      const above = totals > r.top + 1 ? ws.getCell(totals - 1, c) : null;
      from.style = above ? (JSON.parse(JSON.stringify(above.style ?? {})) as Partial<ExcelJS.Style>) : {};
    }
    setBottom(table as TableModel, r, target, true);
  }
  return out;
}

/** Copies the number format of the row above, so appended dates and numbers look like their column. */
function inheritFormat(ws: ExcelJS.Worksheet, w: CellWrite, cell: ExcelJS.Cell): void {
  if (w.row <= 2) return;
  const above = ws.getCell(w.row - 1, w.col);
  if (above.numFmt && !cell.numFmt) cell.numFmt = above.numFmt;
}

/**
 * Applies a fill to an ExcelJS workbook: creates the new sheets as tables, writes every cell.
 * Returns the writes not made, each with why (rows that would have gone over a table's totals row).
 */
export function applyFill(wb: ExcelJS.Workbook, fill: FillResult): { written: number; refused: Issue[] } {
  prepareTables(wb);
  const refused: Issue[] = [];
  let written = 0;
  const bySheet = writesBySheet(fill.writes);
  for (const ns of fill.newSheets) {
    if (wb.getWorksheet(ns.name)) continue;
    const ws = wb.addWorksheet(ns.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const writes = bySheet.get(ns.name) ?? [];
    bySheet.delete(ns.name);
    const last = writes.reduce((m, w) => Math.max(m, w.row), 1);
    const rows: ExcelJS.CellValue[][] = [];
    for (let r = 2; r <= Math.max(last, 2); r++) rows.push(ns.headers.map(() => null));
    for (const w of writes) if (w.row >= 2 && w.col <= ns.headers.length) rows[w.row - 2][w.col - 1] = excelValue(w.value);
    ws.addTable({
      name: `tbl${ns.key[0].toUpperCase()}${ns.key.slice(1)}`,
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: ns.headers.map((h) => ({ name: h, filterButton: true })),
      rows,
    });
    ns.headers.forEach((h, i) => (ws.getColumn(i + 1).width = Math.max(12, [...h].length * 2 + 4)));
    for (const w of writes) if (w.row < 2 || w.col > ns.headers.length) ws.getCell(w.row, w.col).value = excelValue(w.value);
    written += writes.length;
  }
  for (const [name, all] of bySheet) {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`Fill writes to sheet "${name}", which is not in the workbook`);
    const writes = makeRoomAboveTotals(ws, all, refused);
    for (const w of writes) {
      const cell = ws.getCell(w.row, w.col);
      const v = excelValue(w.value);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      else inheritFormat(ws, w, cell);
    }
    growTables(ws, writes);
    written += writes.length;
  }
  return { written, refused };
}
