/** A school's open issues for a term, from core's checkRecords over its stored rows. */
import { checkRecords, type CheckModel } from '../../../core/check';
import type { Rules } from '../../../core/rules';
import { SHEET_BY_KEY } from '../../../core/template';
import type { Severity } from '../../../core/types';
import { SYNC_TABLES } from '../tables';
import type { StoredRow } from './stored';

export interface SchoolInfo {
  code: string;
  name: string;
  county: string;
  town: string | null;
  level: string | null;
}

export interface WarningCount {
  code: string;
  severity: Severity;
  count: number;
}

/** Today in China (UTC+8): the schools' calendar decides whether a planned activity is past. */
export const todayInChina = (now = Date.now()) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

export function buildModel(school: SchoolInfo, term: string, rules: Rules, rows: Iterable<StoredRow>): CheckModel {
  const sheets: CheckModel['sheets'] = {};
  for (const t of SYNC_TABLES) sheets[t] = { name: SHEET_BY_KEY[t].zh, rows: [] };
  // Stable order (by id) so the same rows always give the same issues.
  const live = [...rows].filter((r) => !r.deleted).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of live) {
    // `raw` through a getter: a stored row's raw values are parsed only if a check reads them.
    sheets[r.table]!.rows.push({
      row: 0,
      values: r.vals,
      get raw() {
        return r.raw as never;
      },
      hasErrors: false,
    });
  }
  return {
    program: {
      school_code: school.code,
      school_name: school.name,
      county: school.county,
      town: school.town,
      school_level: school.level,
      term,
    },
    rules,
    sheets,
  };
}

export function countIssues(model: CheckModel, today: string): WarningCount[] {
  const counts = new Map<string, WarningCount>();
  for (const issue of checkRecords(model, { today })) {
    const c = counts.get(issue.code) ?? { code: issue.code, severity: issue.severity, count: 0 };
    c.count++;
    counts.set(issue.code, c);
  }
  return [...counts.values()].sort((a, b) => a.code.localeCompare(b.code));
}
