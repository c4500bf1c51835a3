import ExcelJS from 'exceljs';
import type { CellValue, SheetInput, WorkbookInput } from '../core/types';
import { normalizeCellValue } from './cell-value';
import { decodeRange, type CellRange } from './ranges';

interface LoadedTable {
  table: { tableRef?: string; ref?: string; totalsRow?: boolean };
}

/** The tables of a loaded sheet, with their ranges (ExcelJS keeps them untyped). */
export function sheetTables(ws: ExcelJS.Worksheet): { range: CellRange; totalsRow: boolean; table: LoadedTable['table'] }[] {
  const tables = (ws as unknown as { tables?: Record<string, LoadedTable> }).tables ?? {};
  const out: { range: CellRange; totalsRow: boolean; table: LoadedTable['table'] }[] = [];
  for (const t of Object.values(tables)) {
    const ref = t.table.tableRef ?? t.table.ref;
    const range = ref ? decodeRange(ref) : null;
    if (range) out.push({ range, totalsRow: t.table.totalsRow === true, table: t.table });
  }
  return out;
}

/** One cell as the core reads it. A formula's error result in a date-formatted cell comes from ExcelJS as an invalid date. */
function cellValue(cell: ExcelJS.Cell): CellValue {
  const v = cell.value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && 'formula' in v) {
    const result = (v as { result?: unknown }).result;
    // The error's own code is lost by then; #VALUE! says what kind of value it is.
    if (result instanceof Date && Number.isNaN(result.getTime())) return '#VALUE!';
  }
  return normalizeCellValue(v);
}

/**
 * The workbook's sheets as the core reads them: every sheet from A1, values normalised. As in
 * Excel's range.values, a merged range has its value in its top-left cell only (ExcelJS gives every
 * cell of it the value), and a table's totals row is left out: it is not a record.
 */
export function workbookToInput(wb: ExcelJS.Workbook): WorkbookInput {
  const sheets: SheetInput[] = [];
  wb.eachSheet((ws) => {
    const values: CellValue[][] = [];
    const lastRow = ws.actualRowCount > 0 ? ws.rowCount : 0;
    for (let r = 1; r <= lastRow; r++) {
      const row = ws.getRow(r);
      const out: CellValue[] = [];
      // cellCount is the last used column of this row; empty rows give []
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        out.push(cell.type === ExcelJS.ValueType.Merge ? null : cellValue(cell));
      }
      values.push(out);
    }
    for (const t of sheetTables(ws)) {
      if (!t.totalsRow) continue;
      const cells = values[t.range.bottom - 1];
      if (cells) for (let c = t.range.left; c <= Math.min(t.range.right, cells.length); c++) cells[c - 1] = null;
    }
    sheets.push({ name: ws.name, values });
  });
  return { sheets };
}
