/**
 * Checking: every cross-row rule of DOMAIN.md over typed rows. `checkRecords` works on any model
 * (a read workbook, or rows the worker stored); `checkWorkbook` reads and checks a whole workbook.
 * `today` comes in from outside: the core never reads the clock.
 */
import type { Issue, WorkbookInput } from './types';
import type { Rules } from './rules';
import { SHEETS } from './template';
import { readWorkbook, type WorkbookRead } from './read';
import { createContext, type CheckModel } from './checks/context';
import { checkIds } from './checks/ids';
import { checkDateRanges } from './checks/dates';
import { checkTeacherNames, checkTeachers } from './checks/teachers';
import { checkPairings } from './checks/pairings';
import { checkSchedule } from './checks/schedule';
import { checkSupport } from './checks/support';
import { checkAssessment } from './checks/assessment';
import { checkSchoolRefs } from './checks/schools';

export type { CheckModel, ModelSheet } from './checks/context';

export function checkRecords(model: CheckModel, opts: { today: string }): Issue[] {
  const ctx = createContext(model, opts.today);
  checkIds(ctx);
  checkDateRanges(ctx);
  checkTeachers(ctx);
  checkTeacherNames(ctx);
  checkPairings(ctx);
  checkSchedule(ctx);
  checkSupport(ctx);
  checkSchoolRefs(ctx);
  checkAssessment(ctx);
  return ctx.issues;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };
const SHEET_ORDER = new Map<string, number>(SHEETS.map((s, i) => [s.key, i]));

/** Errors first, then warnings, then infos; within each by sheet order, row and column. */
export function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (SHEET_ORDER.get(a.sheet) ?? 99) - (SHEET_ORDER.get(b.sheet) ?? 99) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0),
  );
}

export function checkWorkbook(
  input: WorkbookInput,
  opts: { today: string; bureauRules?: Partial<Rules> },
): { read: WorkbookRead; issues: Issue[] } {
  const read = readWorkbook(input, { bureauRules: opts.bureauRules });
  const issues = read.issues.concat(checkRecords(read, { today: opts.today }));
  return { read, issues: sortIssues(issues) };
}
