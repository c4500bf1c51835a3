import { formatIssue } from '../core/messages';
import { SHEET_BY_KEY, type SheetKey } from '../core/template';
import type { WorkbookRead } from '../core/read';
import type { Issue, Lang } from '../core/types';

export interface JsonIssue {
  sheet: string;
  cell?: string;
  row?: number;
  column?: string;
  code: string;
  severity: Issue['severity'];
  message: string;
}

export interface JsonReport {
  file: string;
  issues: JsonIssue[];
  summary: { errors: number; warnings: number; infos: number };
}

/** The sheet's name as it stands in the workbook; the template's name when the sheet is absent. */
function sheetName(issue: Issue, read: WorkbookRead, lang: Lang): string {
  if (issue.sheetName) return issue.sheetName;
  const key = issue.sheet as SheetKey;
  return read.sheets[key]?.name ?? SHEET_BY_KEY[key]?.[lang] ?? issue.sheet;
}

export function toJsonReport(file: string, read: WorkbookRead, issues: Issue[], lang: Lang): JsonReport {
  const out: JsonIssue[] = issues.map((i) => {
    // Keys in the documented order; absent ones are left out rather than null.
    const j: JsonIssue = { sheet: sheetName(i, read, lang) } as JsonIssue;
    if (i.cell) j.cell = i.cell;
    if (i.row) j.row = i.row;
    if (i.column) j.column = i.column;
    j.code = i.code;
    j.severity = i.severity;
    j.message = formatIssue(i, lang);
    return j;
  });
  return {
    file,
    issues: out,
    summary: {
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      infos: issues.filter((i) => i.severity === 'info').length,
    },
  };
}

const SEVERITY: Record<Lang, Record<Issue['severity'], string>> = {
  zh: { error: '错误', warning: '警告', info: '提示' },
  en: { error: 'error', warning: 'warning', info: 'info' },
};

/** East Asian characters take two terminal columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function toTextReport(r: JsonReport, lang: Lang): string {
  const head = lang === 'zh' ? ['级别', '工作表', '单元格', '说明'] : ['Severity', 'Sheet', 'Cell', 'Message'];
  const rows = r.issues.map((i) => [SEVERITY[lang][i.severity], i.sheet, i.cell ?? '', i.message]);
  const w = [0, 1, 2].map((k) => Math.max(width(head[k]), ...rows.map((x) => width(x[k]))));
  const line = (x: string[]) => `${pad(x[0], w[0])}  ${pad(x[1], w[1])}  ${pad(x[2], w[2])}  ${x[3]}`.trimEnd();
  const s = r.summary;
  const total =
    lang === 'zh'
      ? `${r.file}：${s.errors} 个错误，${s.warnings} 个警告，${s.infos} 个提示`
      : `${r.file}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s)`;
  if (rows.length === 0) return `${total}\n`;
  return [line(head), line(w.map((n) => '-'.repeat(n)).concat('-'.repeat(8)) as string[]), ...rows.map(line), '', total, ''].join('\n');
}
