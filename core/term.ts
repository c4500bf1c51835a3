/** Term arithmetic: a term id `2026-2027-1` and the term-date rules give the term's dates and months. */
import type { Rules } from './rules';
import { daysInMonth } from './values';

const TERM_ID = /^(\d{4})-(\d{4})-([12])$/;

export interface TermParts {
  startYear: number;
  endYear: number;
  term: 1 | 2;
}

export function parseTermId(termId: string): TermParts | null {
  const m = TERM_ID.exec(termId);
  if (!m) return null;
  const startYear = Number(m[1]);
  const endYear = Number(m[2]);
  if (endYear !== startYear + 1) return null;
  return { startYear, endYear, term: m[3] === '1' ? 1 : 2 };
}

const MONTH_DAY = /^(\d{1,2})-(\d{1,2})$/;

/** Reads an `MM-DD` rule value; null when it is not a real month-day (02-29 counts as real). */
export function parseMonthDay(s: string): { month: number; day: number } | null {
  const m = MONTH_DAY.exec(s.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
  return { month, day };
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

function dateIn(year: number, md: string, fallback: string): { iso: string; month: number } {
  const p = parseMonthDay(md) ?? parseMonthDay(fallback)!;
  // 02-29 in a common year becomes 02-28 rather than an impossible date.
  const day = Math.min(p.day, daysInMonth(year, p.month));
  return { iso: `${year}-${pad2(p.month)}-${pad2(day)}`, month: p.month };
}

/**
 * ISO start and end of a term. Term 1 starts in the first year and ends in the second when its end
 * month comes before its start month (09-01 .. 01-31); term 2 lies in the second year.
 * Throws RangeError for a malformed id: callers pass ids that readTerm accepted.
 */
export function termRange(termId: string, rules: Rules): { start: string; end: string } {
  const t = parseTermId(termId);
  if (!t) throw new RangeError(`not a term id: ${termId}`);
  if (t.term === 1) {
    const start = dateIn(t.startYear, rules.term1_start, '09-01');
    const endMd = parseMonthDay(rules.term1_end) ?? parseMonthDay('01-31')!;
    const endYear = endMd.month < start.month ? t.endYear : t.startYear;
    return { start: start.iso, end: dateIn(endYear, rules.term1_end, '01-31').iso };
  }
  const start = dateIn(t.endYear, rules.term2_start, '02-01');
  return { start: start.iso, end: dateIn(t.endYear, rules.term2_end, '06-30').iso };
}

/** 'YYYY-MM' of every calendar month the term touches, in order. */
export function termMonths(termId: string, rules: Rules): string[] {
  const { start, end } = termRange(termId, rules);
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  const endKey = end.slice(0, 7);
  const out: string[] = [];
  // A bound of 24 months keeps bad rules (end before start) from looping long.
  for (let i = 0; i < 24; i++) {
    const key = `${y}-${pad2(m)}`;
    if (key > endKey) break;
    out.push(key);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Whole weeks in the term (floor of days / 7), the basis of practice-lesson counts. */
export function termWeeks(termId: string, rules: Rules): number {
  const { start, end } = termRange(termId, rules);
  const days = (Date.parse(end + 'T00:00:00Z') - Date.parse(start + 'T00:00:00Z')) / 86_400_000 + 1;
  return Math.max(0, Math.floor(days / 7));
}

/** '2026-2027' of '2026-2027-1'; null for a malformed id. */
export function schoolYearOf(termId: string): string | null {
  const t = parseTermId(termId);
  return t ? `${t.startYear}-${t.endYear}` : null;
}
