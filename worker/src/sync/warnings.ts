/** A school's open issues for a term, from core's checkRecords over its stored rows. */
import { checkRecords, type CheckModel } from '../../../core/check';
import { chinaDate } from '../../../core/china-time';
import type { Rules } from '../../../core/rules';
import { SHEET_BY_KEY } from '../../../core/template';
import type { TypedRow } from '../../../core/read';
import type { Issue, Severity } from '../../../core/types';
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

/** Today in China (UTC+8): the schools' calendar decides whether a planned activity is past (core/china-time.ts). */
export const todayInChina = (now = Date.now()) => chinaDate(now);

export function buildModel(school: SchoolInfo, term: string, rules: Rules, rows: Iterable<StoredRow>): CheckModel {
  return modelOf(school, term, rules, liveRows(rows)).model;
}

/** The live rows in a stable order (by id), so the same rows always give the same issues. */
export function liveRows(rows: Iterable<StoredRow>): StoredRow[] {
  return [...rows].filter((r) => !r.deleted).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The check model of the given live rows, in their order, and per row (same index) the model's
 * record of it: a check that finds an error on a row marks that record (`hasErrors`).
 */
export function modelOf(
  school: SchoolInfo,
  term: string,
  rules: Rules,
  live: readonly StoredRow[],
): { model: CheckModel; records: TypedRow[] } {
  const sheets: CheckModel['sheets'] = {};
  for (const t of SYNC_TABLES) sheets[t] = { name: SHEET_BY_KEY[t].zh, rows: [] };
  const records = live.map((r) => {
    // `raw` through a getter: a stored row's raw values are parsed only if a check reads them.
    const record: TypedRow = {
      row: 0,
      values: r.vals,
      get raw() {
        return r.raw as never;
      },
      hasErrors: false,
    };
    sheets[r.table]!.rows.push(record);
    return record;
  });
  const model: CheckModel = {
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
  return { model, records };
}

export function countIssues(model: CheckModel, today: string): WarningCount[] {
  return countOf(checkRecords(model, { today }));
}

/** Issues counted by code. */
export function countOf(issues: Iterable<Issue>): WarningCount[] {
  const counts = new Map<string, WarningCount>();
  for (const issue of issues) {
    const c = counts.get(issue.code) ?? { code: issue.code, severity: issue.severity, count: 0 };
    c.count++;
    counts.set(issue.code, c);
  }
  return [...counts.values()].sort((a, b) => a.code.localeCompare(b.code));
}
