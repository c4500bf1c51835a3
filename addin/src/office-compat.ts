/// <reference types="office-js" />
/**
 * The Office.js calls that differ by host: the newer member where the host has it, the ExcelApi 1.1
 * way (Excel 2016) where it does not. Each takes the runner flag that says which (office-apis.ts
 * GUARDS); a flag left undefined counts as present, as every host the tests' mocks stand for has it.
 */

/** A column number (1-based) as letters: 1 → A, 28 → AB. */
export function colLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A 0-based block as an A1 address: (0, 0, 2, 3) → A1:C2. */
export function blockAddress(row: number, col: number, rows: number, cols: number): string {
  const first = `${colLetters(col + 1)}${row + 1}`;
  return rows === 1 && cols === 1 ? first : `${first}:${colLetters(col + cols)}${row + rows}`;
}

export const has = (flag: boolean | undefined): boolean => flag !== false;

/** `getRangeByIndexes` (ExcelApi 1.7), or `getRange` with the block's address (1.1). */
export function rangeAt(
  ws: Excel.Worksheet,
  byIndexes: boolean | undefined,
  row: number,
  col: number,
  rows: number,
  cols: number,
): Excel.Range {
  return has(byIndexes) ? ws.getRangeByIndexes(row, col, rows, cols) : ws.getRange(blockAddress(row, col, rows, cols));
}

/**
 * A sheet's used range, null (after the sync) where nothing is used: `getUsedRangeOrNullObject`
 * (ExcelApi 1.4), or `getUsedRange()` (1.1), which answers A1 for an empty sheet: that A1 is read
 * as one empty cell, which every reader takes for nothing.
 */
export function usedRange(ws: Excel.Worksheet, nullObjects: boolean | undefined): Excel.Range {
  return has(nullObjects) ? ws.getUsedRangeOrNullObject(true) : ws.getUsedRange();
}

/** Whether a used range from `usedRange` is missing (only a null object can be). */
export const isMissing = (r: { isNullObject?: boolean }): boolean => r.isNullObject === true;

/**
 * Sheets by name, each null where the workbook has none: `getItemOrNullObject` (ExcelApi 1.4), or
 * the loaded `worksheets.items` looked up by name (1.1). Either way one sync: call `found()` after it.
 */
export function lookupSheets(
  ctx: Excel.RequestContext,
  nullObjects: boolean | undefined,
  names: string[],
  props = 'name',
): { found(): (Excel.Worksheet | null)[] } {
  const sheets = ctx.workbook.worksheets;
  if (has(nullObjects)) {
    const ws = names.map((n) => sheets.getItemOrNullObject(n).load(props));
    return { found: () => ws.map((w) => (w.isNullObject ? null : w)) };
  }
  sheets.load('items/name');
  return { found: () => names.map((n) => sheets.items.find((w) => w.name === n) ?? null) };
}

/** The document's settings through the Common API (Office.context.document.settings, Excel 2016 on). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  /** Writes them into the document (saveAsync). */
  save(): Promise<void>;
}

/** Reached only when used: a host at ExcelApi 1.4 or later never asks for them. */
export function officeDocumentSettings(): DocumentSettings {
  const settings = () => Office.context.document.settings;
  return {
    get: (n) => settings().get(n),
    set: (n, v) => settings().set(n, v),
    save: () =>
      new Promise((ok, fail) => settings().saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? ok() : fail(r.error)))),
  };
}
