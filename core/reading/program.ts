/** The Program sheet: label and value pairs (学校代码 | GH01), read once the workbook's language is known. */
import type { CellValue, Issue, Lang, SheetInput } from '../types';
import { SHEET_BY_KEY, type ColumnDef } from '../template';
import { cellAddress } from '../normalize';
import { isEmpty } from '../values';
import { makeIssue } from '../messages';
import { cellIssueParams, readCell } from './cells';
import { matchHeader } from './headers';
import { emptyProgram, type ProgramInfo, type SheetRead } from './model';

export interface ProgramRead {
  info: ProgramInfo;
  sheet: SheetRead;
  zh: number;
  en: number;
  /** Value cells to read once the language is known. */
  pending: { def: ColumnDef; label: string; v: CellValue; row: number; col: number }[];
}

export function locateProgram(input: SheetInput): ProgramRead {
  const originRow = input.origin?.row ?? 1;
  const originCol = input.origin?.col ?? 1;
  const values = Array.isArray(input.values) ? input.values : [];
  const fields: Record<string, { row: number; col: number }> = {};
  const sheet: SheetRead = {
    key: 'program',
    name: input.name,
    headerRow: 0,
    columns: {},
    extraColumns: [],
    lastColumn: 0,
    rows: [],
    fields,
  };
  const out: ProgramRead = { info: emptyProgram(), sheet, zh: 0, en: 0, pending: [] };
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    if (!Array.isArray(row)) continue;
    // The label is the first non-empty cell; the value is the cell right of it.
    let j = 0;
    while (j < row.length && isEmpty(row[j])) j++;
    if (j >= row.length) continue;
    const h = matchHeader('program', row[j]);
    if (!h || fields[h.key]) continue;
    if (h.lang === 'zh') out.zh++;
    else if (h.lang === 'en') out.en++;
    const def = SHEET_BY_KEY.program.columns.find((c) => c.key === h.key)!;
    const pos = { row: originRow + i, col: originCol + j + 1 };
    fields[h.key] = pos;
    sheet.lastColumn = Math.max(sheet.lastColumn, pos.col);
    out.pending.push({ def, label: String(row[j]).trim(), v: row[j + 1], ...pos });
  }
  return out;
}

/** Reads the Program's value cells into its one row and `info`; a missing school code or term is an issue. */
export function readProgram(program: ProgramRead, lang: Lang, issues: Issue[]): void {
  const { info, sheet } = program;
  const values: Record<string, unknown> = {};
  const raw: Record<string, CellValue> = {};
  let hasErrors = false;
  for (const p of program.pending) {
    const { value, code } = readCell({ ...p.def, required: false }, p.v);
    values[p.def.key] = value;
    raw[p.def.key] = p.v;
    (info as unknown as Record<string, unknown>)[p.def.key] = value;
    if (!code) continue;
    const at = { sheetName: sheet.name, row: p.row, col: p.col, column: p.def.key, cell: cellAddress(p.row, p.col) };
    const issue = makeIssue(code, 'program', cellIssueParams(code, p.def, p.label, p.v, lang), at);
    if (issue.severity === 'error') hasErrors = true;
    issues.push(issue);
  }
  const first = program.pending[0];
  if (first) sheet.rows.push({ row: first.row, values, raw, hasErrors });
  if (!info.school_code) {
    const at = sheet.fields?.school_code;
    issues.push(
      makeIssue(
        'program.school_code_missing',
        'program',
        {},
        {
          sheetName: sheet.name,
          ...(at ? { row: at.row, col: at.col, cell: cellAddress(at.row, at.col) } : {}),
          column: 'school_code',
        },
      ),
    );
  }
  if (!info.term) issues.push(makeIssue('program.term_missing', 'program', {}, { sheetName: sheet.name, column: 'term' }));
}
