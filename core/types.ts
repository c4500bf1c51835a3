/** What a spreadsheet cell can hold, as Excel's `range.values` and ExcelJS give it. */
export type CellValue = string | number | boolean | Date | null | undefined;

export type Lang = 'zh' | 'en';
export type Severity = 'error' | 'warning' | 'info';

/** One sheet as the adapters hand it to the core: a block of values and where it starts. */
export interface SheetInput {
  /** The sheet's name as it stands in the workbook. */
  name: string;
  /** Rows of cell values; row 0 is the sheet row `origin.row`. */
  values: CellValue[][];
  /** 1-based sheet row and column of `values[0][0]`; defaults to A1. */
  origin?: { row: number; col: number };
}

export interface WorkbookInput {
  sheets: SheetInput[];
}

/**
 * A problem found in a workbook, located as precisely as it can be.
 * `sheet` is the template sheet key; `sheetName` the name in the workbook.
 * Rows and columns are 1-based sheet coordinates; `cell` is A1 notation.
 */
export interface Issue {
  code: string;
  severity: Severity;
  sheet: string;
  sheetName?: string;
  row?: number;
  col?: number;
  column?: string;
  cell?: string;
  params: Record<string, string | number>;
}

/** A value the core asks an adapter to write. Coordinates are 1-based sheet coordinates. */
export interface CellWrite {
  sheetName: string;
  row: number;
  col: number;
  value: CellValue;
}
