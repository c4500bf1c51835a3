/** What reading a workbook gives: typed rows per sheet, the Program's facts, the rules and the issues. */
import type { Issue, Lang } from '../types';
import type { Rules } from '../rules';
import type { SheetKey } from '../template';
import type { TypedRow } from '../table';
import type { SheetTable } from './store';

export type { TypedRow } from '../table';

export interface SheetRead {
  key: SheetKey;
  name: string;
  headerRow: number;
  /** column key -> 1-based sheet column; only columns found. */
  columns: Record<string, number>;
  extraColumns: number[];
  lastColumn: number;
  rows: TypedRow[];
  /** Key/value sheets (Program): where each field's value cell is. */
  fields?: Record<string, { row: number; col: number }>;
  /** Table sheets: the column store the rows are made from, which the checks read (not enumerable). */
  readonly table?: SheetTable;
}

export interface ProgramInfo {
  school_code: string | null;
  school_name: string | null;
  county: string | null;
  town: string | null;
  school_level: string | null;
  term: string | null;
}

export interface WorkbookRead {
  lang: Lang;
  sheets: Partial<Record<SheetKey, SheetRead>>;
  program: ProgramInfo;
  rules: Rules;
  issues: Issue[];
}

export const emptyProgram = (): ProgramInfo => ({
  school_code: null,
  school_name: null,
  county: null,
  town: null,
  school_level: null,
  term: null,
});
