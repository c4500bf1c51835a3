/** What every check gets: the model, the rules, lookups built once, and a way to locate an issue. */
import type { Issue, IssueCode, Lang } from '../types';
import type { Rules } from '../rules';
import { SHEET_BY_KEY, type SheetKey } from '../template';
import type { ProgramInfo } from '../reading/model';
import { RecordsView, type RowsView, type StoredRows, type TypedRow } from '../table';
import { columnLetters } from '../normalize';
import { idKey } from '../keys';
import { severityOf } from '../messages';
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
    const row = k === undefined ? 0 : view(sheet).rowOf(k);
    const col = column && row > 0 ? model.sheets[sheet]?.columns?.[column] : undefined;
    issues.push(locatedIssue(code, sheet, params, sheetName(sheet), row, column, col));
  };

  return { model, rules: model.rules, program: model.program, today, lang, issues, teacherIds, knownSchools, view, sheetName, label, add };
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Column letters by 1-based column, worked out once each: an issue a row asks for its cell's address. */
const LETTERS: string[] = [];
const lettersOf = (col: number): string => (LETTERS[col] ??= columnLetters(col));

/**
 * `makeIssue` located at a sheet row and column, written out: a check may raise an issue on most
 * of 100k rows, and this is a third of what the spread of a location costs. The keys are in
 * `makeIssue`'s order, and a key is there only when known.
 */
function locatedIssue(
  code: IssueCode,
  sheet: SheetKey,
  params: Record<string, string | number>,
  sheetName: string,
  row: number,
  column: string | undefined,
  col: number | undefined,
): Issue {
  const issue: Issue = { code, severity: severityOf(code), sheet, sheetName } as Issue;
  if (row > 0) issue.row = row;
  if (column) issue.column = column;
  if (col) {
    issue.col = col;
    issue.cell = lettersOf(col) + row;
  }
  issue.params = params;
  return issue;
}
