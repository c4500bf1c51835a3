import { makeIssue } from '../messages';
import { SHEET_BY_KEY, type SheetKey } from '../template';
import type { WorkbookRead } from '../read';
import type { CellValue, CellWrite, Issue } from '../types';
import type { FillResult, NewSheet } from './types';

/**
 * Where a fill writes on one sheet: its name, the column of each key it writes, and the first
 * free row after the sheet's last row. A sheet that is absent is created (a NewSheet with every
 * template column, header row 1); a column that is absent is added right of the last column.
 */
export interface SheetTarget {
  key: SheetKey;
  name: string;
  headerRow: number;
  columns: Record<string, number>;
  nextRow: number;
  /** Header writes for added columns, or the new sheet to create. */
  setup: FillResult;
  /**
   * Why nothing may be written to the sheet: its header row was not recognised, or it lacks a
   * column that says which of its cells are whose. Writing would land on a person's rows.
   */
  refused?: Issue;
}

/**
 * The sheet a fill writes to. `required`: the columns without which writing is unsafe; by default
 * every required column of the sheet (rows appended to a sheet whose data sits in columns the
 * reader did not recognise would mix with it).
 */
export function sheetTarget(read: WorkbookRead, key: SheetKey, needed: string[], required?: string[]): SheetTarget {
  const def = SHEET_BY_KEY[key];
  const lang = read.lang;
  const sheet = read.sheets[key];
  const setup: FillResult = { writes: [], newSheets: [], refused: [] };
  const labels = (keys: string[]) => keys.map((k) => def.columns.find((c) => c.key === k)?.[lang] ?? k).join(lang === 'zh' ? '、' : ', ');
  if (sheet && sheet.headerRow < 1 && !read.issues.some((i) => i.code === 'header.not_found' && i.sheetName === sheet.name)) {
    // A blank sheet (the reader found nothing in it): the template's header goes in row 1, as in a new sheet.
    const columns: Record<string, number> = {};
    def.columns.forEach((c, i) => {
      columns[c.key] = i + 1;
      setup.writes.push({ sheetName: sheet.name, row: 1, col: i + 1, value: c[lang] });
    });
    return { key, name: sheet.name, headerRow: 1, columns, nextRow: 2, setup };
  }
  if (sheet && sheet.headerRow < 1) {
    const shown = needed.length > 0 ? needed : def.columns.map((c) => c.key);
    const refused = makeIssue(
      'fill.header_not_found',
      key,
      { sheetName: sheet.name, columns: labels(shown.slice(0, 5)) },
      { sheetName: sheet.name },
    );
    return { key, name: sheet.name, headerRow: 0, columns: {}, nextRow: 0, setup, refused };
  }
  if (sheet) {
    const missing = (required ?? def.columns.filter((c) => c.required).map((c) => c.key)).filter((k) => !sheet.columns[k]);
    if (missing.length > 0) {
      const refused = makeIssue(
        'fill.columns_missing',
        key,
        { sheetName: sheet.name, columns: labels(missing) },
        { sheetName: sheet.name, row: sheet.headerRow },
      );
      return { key, name: sheet.name, headerRow: sheet.headerRow, columns: {}, nextRow: 0, setup, refused };
    }
  }
  if (!sheet) {
    const ns: NewSheet = { key, name: def[lang], headers: def.columns.map((c) => c[lang]) };
    setup.newSheets.push(ns);
    const columns: Record<string, number> = {};
    def.columns.forEach((c, i) => (columns[c.key] = i + 1));
    return { key, name: ns.name, headerRow: 1, columns, nextRow: 2, setup };
  }
  const columns = { ...sheet.columns };
  let last = Math.max(sheet.lastColumn, ...Object.values(columns), 0);
  for (const k of needed) {
    if (columns[k]) continue;
    const c = def.columns.find((x) => x.key === k);
    if (!c) continue;
    columns[k] = ++last;
    setup.writes.push({ sheetName: sheet.name, row: sheet.headerRow, col: last, value: c[lang] });
  }
  const lastRow = sheet.rows.reduce((m, r) => Math.max(m, r.row), sheet.headerRow);
  return { key, name: sheet.name, headerRow: sheet.headerRow, columns, nextRow: lastRow + 1, setup };
}

/** The fill refused because its sheet cannot be written safely. */
export function refusedFill(t: SheetTarget): FillResult {
  return { writes: [], newSheets: [], refused: t.refused ? [t.refused] : [] };
}

/** Writes one record (values by column key) as a row of the target. */
export function rowWrites(t: SheetTarget, row: number, values: Record<string, CellValue>): CellWrite[] {
  const out: CellWrite[] = [];
  for (const [k, v] of Object.entries(values)) {
    const col = t.columns[k];
    if (col && v !== null && v !== undefined && v !== '') out.push({ sheetName: t.name, row, col, value: v });
  }
  return out;
}

export function mergeFills(...fills: FillResult[]): FillResult {
  // concat, not push(...spread): a 100k-row fill overflows the call stack with spread arguments.
  const out: FillResult = { writes: [], newSheets: [], refused: [] };
  for (const f of fills) {
    out.writes = out.writes.concat(f.writes);
    for (const ns of f.newSheets) if (!out.newSheets.some((x) => x.name === ns.name)) out.newSheets.push(ns);
    out.refused = out.refused.concat(f.refused);
    if (f.suggestions) out.suggestions = (out.suggestions ?? []).concat(f.suggestions);
  }
  return out;
}
