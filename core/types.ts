import type { READING_CODES } from './catalogue/reading';
import type { CHECK_CODES } from './catalogue/checks';
import type { FILL_SYNC_CODES } from './catalogue/fill-sync';
import type { SheetKey } from './template-types';

/** What a spreadsheet cell can hold, as Excel's `range.values` and ExcelJS give it. */
export type CellValue = string | number | boolean | Date | null | undefined;

export type Lang = 'zh' | 'en';
export type Severity = 'error' | 'warning' | 'info';

/** An issue code: a key of the catalogue (core/catalogue/, gathered in messages.ts's ISSUE_CODES). */
export type IssueCode = keyof typeof READING_CODES | keyof typeof CHECK_CODES | keyof typeof FILL_SYNC_CODES;

/** A code's severity and its message in Chinese and English. */
export interface IssueTemplate {
  severity: Severity;
  zh: string;
  en: string;
}

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
  code: IssueCode;
  severity: Severity;
  sheet: SheetKey;
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
