/** What every check gets: the model, the rules, lookups built once, and a way to locate an issue. */
import type { Issue, IssueCode, Lang } from '../types';
import type { Rules } from '../rules';
import { SHEET_BY_KEY, type SheetKey } from '../template';
import type { ProgramInfo } from '../reading/model';
import { RecordsView, type RowsView, type StoredRows, type TypedRow } from '../table';
import { cellAddress } from '../normalize';
import { idKey } from '../keys';
import { makeIssue } from '../messages';
import { numberTeacherIds, type TeacherIds } from './teacher-ids';

export interface ModelSheet {
  name: string;
  columns?: Record<string, number>;
  rows: TypedRow[];
  /** A read sheet's column store; the checks read it while its rows were never made. */
  readonly table?: StoredRows;
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
  /** Teacher ids numbered alike in every sheet that names teachers (made on first call). */
  teacherIds(): TeacherIds;
  /** normalised school codes of the Program school and every school in Partnerships. */
  knownSchools: Set<string>;
  view(sheet: SheetKey): RowsView;
  sheetName(sheet: SheetKey): string;
  /** Column label in the workbook's language. */
  label(sheet: SheetKey, column: string): string;
  /** Adds an issue located at row k of a sheet's view and (when known) a column. */
  add(code: IssueCode, sheet: SheetKey, params: Record<string, string | number>, k?: number, column?: string): void;
}

export { hasId, idKey } from '../keys';

const NO_ROWS = new RecordsView([]);

export function createContext(model: CheckModel, today: string): CheckContext {
  const lang: Lang = model.lang ?? 'zh';
  const issues: Issue[] = [];
  const views = new Map<SheetKey, RowsView>();
  const view = (sheet: SheetKey): RowsView => {
    let v = views.get(sheet);
    if (v) return v;
    const s = model.sheets[sheet];
    // Once a read's rows were made they are the data: a caller may have changed them.
    v = !s ? NO_ROWS : s.table && s.table.built === null ? s.table : new RecordsView(s.rows ?? []);
    views.set(sheet, v);
    return v;
  };
  const sheetName = (sheet: SheetKey) => model.sheets[sheet]?.name ?? SHEET_BY_KEY[sheet][lang];
  const label = (sheet: SheetKey, column: string) => SHEET_BY_KEY[sheet].columns.find((c) => c.key === column)?.[lang] ?? column;

  let numbered: TeacherIds | null = null;
  const teacherIds = () => (numbered ??= numberTeacherIds(view));
  const knownSchools = new Set<string>();
  const own = idKey(model.program.school_code);
  if (own) knownSchools.add(own);
  const p = view('partnerships');
  for (const c of ['supporting_school_code', 'aided_school_code']) {
    const col = p.column(c);
    for (let k = 0; k < p.n; k++) {
      const key = idKey(col.value(k));
      if (key) knownSchools.add(key);
    }
  }

  const add: CheckContext['add'] = (code, sheet, params, k, column) => {
    const at: Parameters<typeof makeIssue>[3] = { sheetName: sheetName(sheet) };
    const row = k === undefined ? 0 : view(sheet).rowOf(k);
    if (row > 0) at.row = row;
    if (column) {
      at.column = column;
      const col = model.sheets[sheet]?.columns?.[column];
      if (col && row > 0) {
        at.col = col;
        at.cell = cellAddress(row, col);
      }
    }
    issues.push(makeIssue(code, sheet, params, at));
  };

  return { model, rules: model.rules, program: model.program, today, lang, issues, teacherIds, knownSchools, view, sheetName, label, add };
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
