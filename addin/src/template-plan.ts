/**
 * The template laid out for Excel (Office.js) without ExcelJS: sheets, header rows, widths and
 * dropdown lists, from core/template. It follows xlsx/build-template.ts (the file the CLI writes),
 * which cannot be imported here because it pulls ExcelJS into the task pane.
 */
import { ruleSheetRows } from '../../core/rule-rows';
import { ENUMS, SHEETS, YES_NO, type SheetKey } from '../../core/template';
import type { Lang } from '../../core/types';

export interface PlannedSheet {
  key: SheetKey;
  name: string;
  /** Header row then data rows, from A1. */
  rows: (string | number)[][];
  widths: number[];
  /** An Excel table over the header (and one blank row when empty) for table sheets. */
  table: string | null;
  /** Dropdowns: a column's data rows, or the one cell at `row` (Program's school level). */
  lists: { col: number; values: string[]; strict: boolean; row?: number }[];
}

/** Rows that carry dropdown lists; the same as the CLI's template. */
export const VALIDATED_ROWS = 2000;

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

export function templatePlan(lang: Lang): PlannedSheet[] {
  const yesNo = lang === 'zh' ? [YES_NO.yes[0], YES_NO.no[0]] : ['Yes', 'No'];
  return SHEETS.map((s) => {
    if (s.kind === 'keyvalue') {
      const level = s.columns.findIndex((c) => c.key === 'school_level');
      return {
        key: s.key,
        name: s[lang],
        rows: [lang === 'zh' ? ['字段', '值'] : ['Field', 'Value'], ...s.columns.map((c) => [c[lang], ''])],
        widths: [16, 24],
        table: null,
        lists: level >= 0 ? [{ col: 2, values: ENUMS.level.values.map((v) => v[lang]), strict: true, row: level + 2 }] : [],
      };
    }
    const headers = s.columns.map((c) => c[lang]);
    const rows: (string | number)[][] = [headers];
    if (s.key === 'rules') rows.push(...ruleSheetRows(lang));
    const lists = s.columns.flatMap((c, i) => {
      if (c.type === 'yesno') return [{ col: i + 1, values: yesNo, strict: true }];
      if (c.type === 'enum' && c.enum)
        return [{ col: i + 1, values: ENUMS[c.enum].values.map((v) => v[lang]), strict: !ENUMS[c.enum].open }];
      return [];
    });
    return {
      key: s.key,
      name: s[lang],
      rows,
      widths: s.columns.map((c) => Math.max(c.width ?? 12, width(c[lang]) + 4, 10)),
      table: `tbl${s.en.replace(/[^A-Za-z]/g, '')}`,
      lists,
    };
  });
}
