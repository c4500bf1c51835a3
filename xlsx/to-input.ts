import type ExcelJS from 'exceljs';
import type { CellValue, SheetInput, WorkbookInput } from '../core/types';
import { normalizeCellValue } from './cell-value';

/** The workbook's sheets as the core reads them: every sheet from A1, values normalised. */
export function workbookToInput(wb: ExcelJS.Workbook): WorkbookInput {
  const sheets: SheetInput[] = [];
  wb.eachSheet((ws) => {
    const values: CellValue[][] = [];
    const lastRow = ws.actualRowCount > 0 ? ws.rowCount : 0;
    for (let r = 1; r <= lastRow; r++) {
      const row = ws.getRow(r);
      const out: CellValue[] = [];
      // cellCount is the last used column of this row; empty rows give []
      for (let c = 1; c <= row.cellCount; c++) out.push(normalizeCellValue(row.getCell(c).value));
      values.push(out);
    }
    sheets.push({ name: ws.name, values });
  });
  return { sheets };
}
