import type { CellValue, WorkbookInput } from '../types';
import type { FillResult } from './types';

/**
 * A copy of the input with the fill applied: what the workbook holds after the adapter writes it.
 * Lets one fill build on another (ids, then assessment, then summary) and lets tests check a fill.
 */
export function applyToInput(input: WorkbookInput, fill: FillResult): WorkbookInput {
  const sheets = input.sheets.map((s) => {
    const oRow = s.origin?.row ?? 1;
    const oCol = s.origin?.col ?? 1;
    // Re-based at A1 so writes above or left of the old origin have a place.
    const values: CellValue[][] = [];
    s.values.forEach((r, i) => {
      const row: CellValue[] = [];
      r.forEach((v, j) => (row[oCol - 1 + j] = v));
      values[oRow - 1 + i] = row;
    });
    return { name: s.name, values };
  });
  for (const ns of fill.newSheets) {
    if (sheets.some((s) => s.name === ns.name)) continue;
    sheets.push({ name: ns.name, values: [ns.headers.slice()] });
  }
  const byName = new Map(sheets.map((s) => [s.name, s]));
  for (const w of fill.writes) {
    const s = byName.get(w.sheetName);
    if (!s) throw new Error(`fill writes to an unknown sheet: ${w.sheetName}`);
    const row = (s.values[w.row - 1] ??= []);
    row[w.col - 1] = w.value;
  }
  for (const s of sheets) {
    for (let i = 0; i < s.values.length; i++) {
      const r = (s.values[i] ??= []);
      for (let j = 0; j < r.length; j++) if (r[j] === undefined) r[j] = null;
    }
  }
  return { sheets };
}
