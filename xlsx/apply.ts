import ExcelJS from 'exceljs';
import type { FillResult } from '../core/fill';
import type { CellValue, CellWrite } from '../core/types';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO days become real Excel dates, so a written date looks and sorts like one a person typed. */
function excelValue(v: CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') {
    const m = ISO_DAY.exec(v);
    if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  }
  return v === undefined ? null : (v as ExcelJS.CellValue);
}

interface LoadedTable {
  table: { tableRef?: string; ref?: string; autoFilterRef?: string; name?: string; columns?: unknown[]; rows?: unknown[] };
}

function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref);
  if (!m) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { top: +m[2], left: col(m[1]), bottom: +(m[4] ?? m[2]), right: col(m[3] ?? m[1]) };
}

function encodeRange(r: { top: number; left: number; bottom: number; right: number }): string {
  const letter = (n: number) => {
    let s = '';
    for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
    return s;
  };
  return `${letter(r.left)}${r.top}:${letter(r.right)}${r.bottom}`;
}

/**
 * Rows appended just below a table join it: its range grows to the last written row, so filters,
 * banding and structured references cover the new rows.
 */
function growTables(ws: ExcelJS.Worksheet, writes: CellWrite[]): void {
  const tables = (ws as unknown as { tables?: Record<string, LoadedTable> }).tables ?? {};
  for (const t of Object.values(tables)) {
    const ref = t.table.tableRef ?? t.table.ref;
    const r = ref ? decodeRange(ref) : null;
    if (!r) continue;
    let bottom = r.bottom;
    for (const w of writes) {
      if (w.col >= r.left && w.col <= r.right && w.row > bottom && w.row <= bottom + 1 + writes.length) bottom = Math.max(bottom, w.row);
    }
    if (bottom === r.bottom) continue;
    const grown = encodeRange({ ...r, bottom });
    t.table.tableRef = grown;
    if (t.table.ref) t.table.ref = grown.split(':')[0];
    if (t.table.autoFilterRef) t.table.autoFilterRef = grown;
  }
}

/** Copies the number format of the row above, so appended dates and numbers look like their column. */
function inheritFormat(ws: ExcelJS.Worksheet, w: CellWrite, cell: ExcelJS.Cell): void {
  if (w.row <= 2) return;
  const above = ws.getCell(w.row - 1, w.col);
  if (above.numFmt && !cell.numFmt) cell.numFmt = above.numFmt;
}

/** Applies a fill to an ExcelJS workbook: creates the new sheets as tables, writes every cell. */
export function applyFill(wb: ExcelJS.Workbook, fill: FillResult): void {
  const bySheet = new Map<string, CellWrite[]>();
  for (const w of fill.writes) {
    const list = bySheet.get(w.sheetName) ?? [];
    list.push(w);
    bySheet.set(w.sheetName, list);
  }
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
  }
  for (const [name, writes] of bySheet) {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`Fill writes to sheet "${name}", which is not in the workbook`);
    for (const w of writes) {
      const cell = ws.getCell(w.row, w.col);
      const v = excelValue(w.value);
      cell.value = v;
      if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      else inheritFormat(ws, w, cell);
    }
    growTables(ws, writes);
  }
}
