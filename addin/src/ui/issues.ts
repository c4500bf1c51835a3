/** Grouping issues for the pane: by sheet, the sheets with errors first, errors first within a sheet. */
import { formatIssue } from '../../../core/messages';
import { SHEET_BY_KEY, SHEETS, type SheetKey } from '../../../core/template';
import type { Issue, Lang, Severity } from '../../../core/types';
import type { Mark } from '../port';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SHEET_ORDER = new Map(SHEETS.map((s, i) => [s.key as string, i]));

export interface IssueGroup {
  sheet: string;
  /** The sheet's name as in the workbook, or the template's name in the pane's language. */
  title: string;
  counts: Record<Severity, number>;
  issues: Issue[];
}

export function sheetTitle(issue: Issue, lang: Lang): string {
  if (issue.sheetName) return issue.sheetName;
  const def = SHEET_BY_KEY[issue.sheet as SheetKey];
  return def ? def[lang] : issue.sheet;
}

export function groupIssues(issues: Issue[], lang: Lang): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    const title = sheetTitle(i, lang);
    let g = groups.get(title);
    if (!g) {
      g = { sheet: i.sheet, title, counts: { error: 0, warning: 0, info: 0 }, issues: [] };
      groups.set(title, g);
    }
    g.counts[i.severity]++;
    g.issues.push(i);
  }
  const out = [...groups.values()];
  for (const g of out) g.issues.sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.row ?? 0) - (b.row ?? 0));
  const worst = (g: IssueGroup) => (g.counts.error ? 0 : g.counts.warning ? 1 : 2);
  out.sort((a, b) => worst(a) - worst(b) || (SHEET_ORDER.get(a.sheet) ?? 99) - (SHEET_ORDER.get(b.sheet) ?? 99));
  return out;
}

/** The marks a check leaves: every issue that names a cell of a sheet that exists. */
export function marksFor(issues: Issue[], lang: Lang): Mark[] {
  return issues
    .filter((i) => i.cell && i.sheetName)
    .map((i) => ({ sheetName: i.sheetName!, cell: i.cell!, severity: i.severity, message: formatIssue(i, lang) }));
}

export function countBySeverity(issues: Issue[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const i of issues) c[i.severity]++;
  return c;
}

/** The `summary` status's parameters: how many errors, warnings and notes a check found. */
export function summaryParams(issues: Issue[]): { errors: number; warnings: number; infos: number } {
  const c = countBySeverity(issues);
  return { errors: c.error, warnings: c.warning, infos: c.info };
}
