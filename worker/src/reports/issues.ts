/**
 * A school's open issues of a term, each on its row (table and id) and, where the check names one,
 * its column, in words: what the bureau's review list offers to pick as return items (the items a
 * school then sees marked on its cells). Checked from the stored rows with the county's rules, as
 * the sync derives its warnings (the compliance list's counts are these issues counted by code).
 */
import { checkRecords } from '../../../core/check';
import { formatIssue } from '../../../core/messages';
import type { Rules } from '../../../core/rules';
import type { Lang, Severity } from '../../../core/types';
import { SYNC_TABLES, type SyncTable } from '../tables';
import type { StoredRow } from '../sync/stored';
import { liveRows, modelOf, type SchoolInfo } from '../sync/warnings';

/** Issues an answer lists at most (as many as a return may carry); past it, `omitted` says how many. */
export const MAX_PICKABLE = 500;

export interface PickableIssue {
  table: SyncTable;
  /** The row's id; absent for an issue of a whole sheet (such as a month with too few activities). */
  id?: string;
  column?: string;
  code: string;
  severity: Severity;
  text: string;
}

const SEVERITY: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const TABLE_ORDER = new Map<string, number>(SYNC_TABLES.map((t, i) => [t, i]));

export function pickableIssues(school: SchoolInfo, term: string, rules: Rules, rows: Iterable<StoredRow>, today: string, lang: Lang) {
  const live = liveRows(rows);
  const { model, records } = modelOf(school, term, rules, live);
  model.lang = lang;
  // Stored rows have no sheet row: number each table's rows (from 2, as under a header) to find
  // the row an issue is on again, and its id.
  const idAt = new Map<string, string>();
  const next = new Map<string, number>();
  live.forEach((r, i) => {
    const n = (next.get(r.table) ?? 1) + 1;
    next.set(r.table, n);
    records[i].row = n;
    idAt.set(`${r.table}:${n}`, r.id);
  });
  const issues: PickableIssue[] = [];
  for (const issue of checkRecords(model, { today })) {
    if (issue.severity === 'info' || !TABLE_ORDER.has(issue.sheet)) continue;
    const table = issue.sheet as SyncTable;
    const id = issue.row === undefined ? undefined : idAt.get(`${table}:${issue.row}`);
    // "already in row N" names the other row by its id, the only name a stored row has.
    const first = issue.params.first_row;
    const params =
      typeof first === 'number' && idAt.has(`${table}:${first}`)
        ? { ...issue.params, first_row: idAt.get(`${table}:${first}`)! }
        : issue.params;
    issues.push({
      table,
      ...(id ? { id } : {}),
      ...(issue.column ? { column: issue.column } : {}),
      code: issue.code,
      severity: issue.severity,
      text: formatIssue({ ...issue, params }, lang),
    });
  }
  issues.sort(
    (a, b) =>
      SEVERITY[a.severity] - SEVERITY[b.severity] ||
      TABLE_ORDER.get(a.table)! - TABLE_ORDER.get(b.table)! ||
      (a.id ?? '').localeCompare(b.id ?? '') ||
      (a.column ?? '').localeCompare(b.column ?? ''),
  );
  return { issues: issues.slice(0, MAX_PICKABLE), omitted: Math.max(0, issues.length - MAX_PICKABLE) };
}
