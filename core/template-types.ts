/** The template's vocabulary: column types, enums, columns and sheets as data types, and the bounds on numbers. */

export const TEMPLATE_VERSION = 1;

export type ColumnType =
  | 'text' // free text
  | 'id' // an identifier; filled by the product when empty (sheet.idColumn)
  | 'ref' // a reference to another row's id (teacher id, school code)
  | 'int' // whole number >= 0, may carry a unit (20节)
  | 'number' // number >= 0, may carry a unit (5000元)
  | 'date'
  | 'yesno'
  | 'enum'
  | 'enum_list'
  | 'term'; // a term id like 2026-2027-1

export interface EnumValue {
  code: string;
  zh: string;
  en: string;
  /** Other spellings people type; matched after normalisation. */
  aliases?: string[];
}

export interface EnumDef {
  key: string;
  values: EnumValue[];
  /** A value outside the list is a warning, not an error (local subjects). */
  open?: boolean;
}

export interface ColumnDef {
  key: string;
  zh: string;
  en: string;
  aliases?: string[];
  type: ColumnType;
  enum?: string;
  required?: boolean;
  /** The product writes this column (Assessment results, Summary); a person's value there may be replaced. */
  filled?: boolean;
  /** Character width in the template. */
  width?: number;
  /** The largest value that can be true (DOMAIN "Numbers people type are bounded"); above it is an error. */
  max?: number;
}

/** DOMAIN's bounds of typed numbers: no sum of them can overflow or become infinite. */
export const BOUNDS = {
  /** Teachers or students taking part in one activity. */
  participants: 100_000,
  years_teaching: 70,
  /** Lessons and classes of one teacher in a term. */
  lessons: 1_000,
  /** Yuan, one Support row. */
  amount: 100_000_000,
  beneficiaries: 100_000,
} as const;

export interface SheetDef {
  key: SheetKey;
  zh: string;
  en: string;
  aliases?: string[];
  /** `table`: header row then rows; `keyvalue`: a list of field/value pairs (Program, Rules). */
  kind: 'table' | 'keyvalue';
  columns: ColumnDef[];
  /** The column the product fills with a stable id when empty. */
  idColumn?: string;
  /** The whole sheet is written by the product (Summary, Totals). */
  filled?: boolean;
  /** Only Program must exist; any other sheet may be absent. */
  required?: boolean;
}

export type SheetKey =
  'program' | 'partnerships' | 'teachers' | 'pairings' | 'schedule' | 'assessment' | 'support' | 'summary' | 'rules' | 'totals';
