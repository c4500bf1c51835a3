/** What every check gets: the model, the rules, lookups built once, and a way to locate an issue. */
import type { Issue, Lang } from '../types';
import type { Rules } from '../rules';
import { SHEET_BY_KEY, type SheetKey } from '../template';
import type { ProgramInfo, TypedRow } from '../read';
import { cellAddress, normalizeLabel } from '../normalize';
import { makeIssue } from '../messages';

export interface ModelSheet {
  name: string;
  columns?: Record<string, number>;
  rows: TypedRow[];
}

export interface CheckModel {
  program: ProgramInfo;
  rules: Rules;
  sheets: Partial<Record<SheetKey, ModelSheet>>;
  /** Language for labels put into params (column headers, enum labels); defaults to Chinese. */
  lang?: Lang;
}

export interface CheckContext {
  model: CheckModel;
  rules: Rules;
  program: ProgramInfo;
  today: string;
  lang: Lang;
  issues: Issue[];
  /** normalised teacher id -> the first Teachers row with it. */
  teachers: Map<string, TypedRow>;
  /** normalised school codes of the Program school and every school in Partnerships. */
  knownSchools: Set<string>;
  rows(sheet: SheetKey): TypedRow[];
  sheetName(sheet: SheetKey): string;
  /** Column label in the workbook's language. */
  label(sheet: SheetKey, column: string): string;
  /** Adds an issue located at a row and (when known) a column of a sheet. */
  add(code: string, sheet: SheetKey, params: Record<string, string | number>, tr?: TypedRow, column?: string): void;
}

/** Ids and codes match despite case, spaces and full-width forms, as people type them. */
export function idKey(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : normalizeLabel(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function createContext(model: CheckModel, today: string): CheckContext {
  const lang: Lang = model.lang ?? 'zh';
  const issues: Issue[] = [];
  const rows = (sheet: SheetKey) => model.sheets[sheet]?.rows ?? [];
  const sheetName = (sheet: SheetKey) => model.sheets[sheet]?.name ?? SHEET_BY_KEY[sheet][lang];
  const label = (sheet: SheetKey, column: string) =>
    SHEET_BY_KEY[sheet].columns.find((c) => c.key === column)?.[lang] ?? column;

  const teachers = new Map<string, TypedRow>();
  for (const tr of rows('teachers')) {
    const k = idKey(tr.values.teacher_id);
    if (k !== null && !teachers.has(k)) teachers.set(k, tr);
  }
  const knownSchools = new Set<string>();
  const own = idKey(model.program.school_code);
  if (own) knownSchools.add(own);
  for (const tr of rows('partnerships')) {
    for (const c of ['supporting_school_code', 'aided_school_code']) {
      const k = idKey(tr.values[c]);
      if (k) knownSchools.add(k);
    }
  }

  const add: CheckContext['add'] = (code, sheet, params, tr, column) => {
    const at: Parameters<typeof makeIssue>[3] = { sheetName: sheetName(sheet) };
    if (tr && tr.row > 0) at.row = tr.row;
    if (column) {
      at.column = column;
      const col = model.sheets[sheet]?.columns?.[column];
      if (col && tr && tr.row > 0) {
        at.col = col;
        at.cell = cellAddress(tr.row, col);
      }
    }
    issues.push(makeIssue(code, sheet, params, at));
  };

  return { model, rules: model.rules, program: model.program, today, lang, issues, teachers, knownSchools, rows, sheetName, label, add };
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
