import ExcelJS from 'exceljs';
import type { CellValue, SheetInput, WorkbookInput } from '../core/types';
import { normalizeCellValue } from './cell-value';

/**
 * Reads an .xlsx row by row without building ExcelJS's full object model, so validating a large
 * file holds only the values the core needs. Node only (reads a path).
 */
export async function streamToInput(path: string): Promise<WorkbookInput> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: SheetInput[] = [];
  for await (const ws of reader) {
    const values: CellValue[][] = [];
    for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
      const out: CellValue[] = [];
      const rv = row.values as unknown[];
      // row.values is 1-based (index 0 unused) and sparse
      for (let c = 1; c < rv.length; c++) out.push(normalizeCellValue(rv[c]));
      while (values.length < row.number - 1) values.push([]);
      values[row.number - 1] = out;
    }
    sheets.push({ name: (ws as unknown as { name: string }).name, values });
  }
  return { sheets };
}
