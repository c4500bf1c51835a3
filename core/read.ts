/**
 * Reading a workbook: find each sheet by name (reading/sheets.ts), its header row and columns
 * (reading/headers.ts), and type every cell of every row (reading/records.ts, reading/cells.ts);
 * the Program's label and value pairs (reading/program.ts) and the Rules sheet (reading/rules-sheet.ts).
 * Everything a person could have typed wrong becomes a located issue; nothing throws.
 */
import type { Issue, Lang, WorkbookInput } from './types';
import type { Rules } from './rules';
import { SHEET_BY_KEY, type SheetKey } from './template';
import { makeIssue } from './messages';
import { locateTable, sheetHasContent, type Located } from './reading/headers';
import { locateProgram, readProgram, type ProgramRead } from './reading/program';
import { readTableRows } from './reading/records';
import { mergeRules, readRulesSheet } from './reading/rules-sheet';
import { emptyProgram, type SheetRead, type WorkbookRead } from './reading/model';
import { sheetKeyOf } from './reading/sheets';

export type { ProgramInfo, SheetRead, TypedRow, WorkbookRead } from './reading/model';
export { columnLabel, sheetKeyOf } from './reading/sheets';
export { ColumnReader, readCell, readCellValue, readRecord, type CellOutcome } from './reading/cells';
export { mergeRules, readRuleValue } from './reading/rules-sheet';

interface LocatedSheets {
  program: ProgramRead | null;
  tables: Located[];
}

/** Each sheet the template knows, by name; a second sheet for one template sheet is ignored, with a warning. */
function locateSheets(input: WorkbookInput, issues: Issue[]): LocatedSheets {
  const firstName = new Map<SheetKey, string>();
  const out: LocatedSheets = { program: null, tables: [] };
  for (const si of Array.isArray(input?.sheets) ? input.sheets : []) {
    if (!si || typeof si.name !== 'string') continue;
    const key = sheetKeyOf(si.name);
    if (!key) continue;
    const first = firstName.get(key);
    if (first !== undefined) {
      issues.push(makeIssue('sheet.duplicate', key, { name: si.name, first }, { sheetName: si.name }));
      continue;
    }
    firstName.set(key, si.name);
    const def = SHEET_BY_KEY[key];
    if (def.kind === 'keyvalue') out.program = locateProgram(si);
    else out.tables.push(locateTable(def, si));
  }
  return out;
}

/** The workbook's language is the one most of its headers are written in; ties go to Chinese. */
function workbookLang({ program, tables }: LocatedSheets): Lang {
  let zh = program?.zh ?? 0;
  let en = program?.en ?? 0;
  for (const t of tables) {
    zh += t.zh;
    en += t.en;
  }
  return en > zh ? 'en' : 'zh';
}

/** A table sheet whose header row was not found: an issue when it has content, and no rows. */
function headerless(t: Located, lang: Lang, issues: Issue[]): SheetRead {
  if (sheetHasContent(t.input)) {
    const cols = t.def.columns
      .slice(0, 3)
      .map((c) => c[lang])
      .join(lang === 'zh' ? '、' : ', ');
    issues.push(makeIssue('header.not_found', t.def.key, { sheetName: t.input.name, columns: cols }, { sheetName: t.input.name }));
  }
  return { key: t.def.key, name: t.input.name, headerRow: 0, columns: {}, extraColumns: [], lastColumn: 0, rows: [] };
}

export function readWorkbook(input: WorkbookInput, opts: { bureauRules?: Partial<Rules> } = {}): WorkbookRead {
  const issues: Issue[] = [];
  const rules = mergeRules(opts.bureauRules);
  const sheets: Partial<Record<SheetKey, SheetRead>> = {};
  const located = locateSheets(input, issues);
  const lang = workbookLang(located);
  const { program } = located;
  if (!program) issues.push(makeIssue('sheet.missing_program', 'program', {}));
  else {
    readProgram(program, lang, issues);
    sheets.program = program.sheet;
  }
  const info = program?.info ?? emptyProgram();
  for (const t of located.tables) {
    if (t.headerIndex < 0 && t.def.key !== 'rules') {
      sheets[t.def.key] = headerless(t, lang, issues);
      continue;
    }
    if (t.headerIndex < 0) {
      // A Rules sheet without headers is still two columns: rule, value.
      t.colIndex.set('rule', 0);
      t.colIndex.set('value', 1);
      t.lastIndex = 1;
    }
    sheets[t.def.key] = readTableRows(t, lang, issues, { termId: info.term });
  }
  if (sheets.rules) readRulesSheet(sheets.rules, lang, rules, issues);
  return { lang, sheets, program: info, rules, issues };
}
