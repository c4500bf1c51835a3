import ExcelJS from 'exceljs';
import { ENUMS, SHEETS, YES_NO, type ColumnDef, type SheetDef } from '../core/template';
import { ruleSheetRows } from '../core/rule-rows';
import type { Lang } from '../core/types';

/** Rows that carry dropdown lists: enough for a term's records without bloating the file. */
export const VALIDATED_ROWS = 2000;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Header label of the Program sheet's key/value columns (the reader accepts it as an optional header). */
export const PROGRAM_HEADER: Record<Lang, [string, string]> = { zh: ['字段', '值'], en: ['Field', 'Value'] };

/** Excel table names: letters only, unique in the workbook, never shaped like a cell address. */
export function tableName(sheet: SheetDef): string {
  return `tbl${sheet.en.replace(/[^A-Za-z]/g, '')}`;
}

export function yesNoLabels(lang: Lang): [string, string] {
  return lang === 'zh' ? [YES_NO.yes[0], YES_NO.no[0]] : ['Yes', 'No'];
}

/** The dropdown of a column, or null when the column takes free values (enum lists take several). */
export function listFor(col: ColumnDef, lang: Lang): { values: string[]; strict: boolean } | null {
  if (col.type === 'yesno') return { values: yesNoLabels(lang), strict: true };
  if (col.type !== 'enum' || !col.enum) return null;
  const def = ENUMS[col.enum];
  return { values: def.values.map((v) => v[lang]), strict: !def.open };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function addDropdowns(ws: ExcelJS.Worksheet, sheet: SheetDef, lang: Lang, firstRow: number): void {
  sheet.columns.forEach((col, i) => {
    const list = listFor(col, lang);
    if (!list) return;
    const letter = columnLetter(i + 1);
    // ExcelJS keeps range validations in `dataValidations` but its typings omit it
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}${firstRow}:${letter}${VALIDATED_ROWS}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.values.join(',')}"`],
        // an open list (subjects) still lets a school type its local subject
        showErrorMessage: list.strict,
        errorStyle: 'stop',
        errorTitle: lang === 'zh' ? '请从列表中选择' : 'Pick from the list',
        error: lang === 'zh' ? `可选：${list.values.join('、')}` : `Allowed: ${list.values.join(', ')}`,
      },
    );
  });
}

function addProgram(wb: ExcelJS.Workbook, sheet: SheetDef, lang: Lang): void {
  const ws = wb.addWorksheet(sheet[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(PROGRAM_HEADER[lang]);
  for (const c of sheet.columns) ws.addRow([c[lang], null]);
  ws.getColumn(1).width = 16;
  ws.getColumn(2).width = 24;
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).eachCell((cell) => (cell.fill = HEADER_FILL));
  const level = sheet.columns.findIndex((c) => c.key === 'school_level');
  const list = listFor(sheet.columns[level], lang)!;
  ws.getCell(level + 2, 2).dataValidation = {
    type: 'list',
    allowBlank: true,
    formulae: [`"${list.values.join(',')}"`],
  };
}

function addTableSheet(wb: ExcelJS.Workbook, sheet: SheetDef, lang: Lang, rows: unknown[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  const blank = sheet.columns.map(() => null);
  // Dates typed as ISO text become real dates, as they would be after typing them into Excel.
  const dateCols = sheet.columns.map((c) => c.type === 'date');
  rows = rows.map((r) => r.map((v, i) => (dateCols[i] ? asDate(v) : v)));
  ws.addTable({
    name: tableName(sheet),
    ref: 'A1',
    headerRow: true,
    totalsRow: false,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: sheet.columns.map((c) => ({ name: c[lang], filterButton: true })),
    // Excel repairs a table without a data row, so an empty table keeps one blank row
    rows: rows.length > 0 ? rows : [blank],
  });
  sheet.columns.forEach((c, i) => {
    const header = c[lang];
    ws.getColumn(i + 1).width = Math.max(c.width ?? 12, displayWidth(header) + 4, 10);
  });
  rows.forEach((r, ri) =>
    r.forEach((v, ci) => {
      if (v instanceof Date) ws.getCell(ri + 2, ci + 1).numFmt = 'yyyy-mm-dd';
    }),
  );
  addDropdowns(ws, sheet, lang, 2);
  return ws;
}

function asDate(v: unknown): unknown {
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : v;
}

/** East Asian characters take two columns of width. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Default rule rows: key, name in the template's language, value, how a value is written (core/rule-rows.ts). */
export function ruleRows(lang: Lang): unknown[][] {
  return ruleSheetRows(lang);
}

/**
 * The shared template: every sheet in the language chosen, each data sheet one Excel table with a
 * frozen header, dropdowns on enum and yes/no columns, and the Rules sheet holding the defaults.
 * `rows` pre-fills tables (the demo workbook); Program values come as `program`.
 */
export function buildTemplate(
  lang: Lang,
  data: { rows?: Partial<Record<string, unknown[][]>>; program?: Partial<Record<string, unknown>> } = {},
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jiedui';
  for (const sheet of SHEETS) {
    if (sheet.kind === 'keyvalue') {
      addProgram(wb, sheet, lang);
      const ws = wb.getWorksheet(sheet[lang])!;
      sheet.columns.forEach((c, i) => {
        const v = data.program?.[c.key];
        if (v !== undefined && v !== null) ws.getCell(i + 2, 2).value = v as ExcelJS.CellValue;
      });
      continue;
    }
    const rows = sheet.key === 'rules' ? (data.rows?.rules ?? ruleRows(lang)) : (data.rows?.[sheet.key] ?? []);
    addTableSheet(wb, sheet, lang, rows);
  }
  return wb;
}
