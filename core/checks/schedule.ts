/**
 * Schedule: dates in the term, per-month and per-term counts, and what each kind of activity must
 * name. Each rule is one small function: a row rule looks at one activity (`Activity`) with what
 * the sheet knows (`ScheduleSheet`), a term rule at the activities the term counts. A new rule is
 * a function here and its name in ROW_RULES or TERM_RULES.
 */
import { enumLabel, SHEET_BY_KEY } from '../template';
import { termMonths, termRange } from '../term';
import { HOLIDAY_NAMES, restDay } from '../calendar';
import type { IssueCode } from '../messages';
import { firstOfEqualPair, Numbering, type ColumnView, type RowsView } from '../table';
import { hasId, idKey, str, type CheckContext } from './context';

/** One row of the Schedule as the rules see it. */
interface Activity {
  k: number;
  date: string | null;
  /** The number of the row's day in `ScheduleSheet.dates`, -1 when it has no date. */
  day: number;
  type: string | null;
  status: string | null;
  /** Dated, in the term (or no term to judge by) and not cancelled: what the term's counts count. */
  counted: boolean;
}

/** What the rules know of the sheet. */
interface ScheduleSheet {
  ctx: CheckContext;
  rows: RowsView;
  term: string | null;
  range: { start: string; end: string } | null;
  /** The term's months (2026-09 ...), when its dates are known. */
  months: string[];
  /** Each day the rows are on, once, by number: a log repeats its dates, so a rule about a date works it out once. */
  dates: string[];
  /** Per row: the number of its day in `dates`, or -1 when it has no date. */
  dayOf: Int32Array;
  /** Per row: the first earlier row of that day with the same lead teacher, or -1. */
  firstOfDay: Int32Array;
  /** Every column of the sheet, by key. */
  col: Record<string, ColumnView>;
  add(code: IssueCode, params: Record<string, string | number>, k?: number, column?: string): void;
  /** `restParams` of a day (its number in `dates`), worked out once per day. */
  restOf(day: number): Record<string, string> | null;
}

type RowRule = (s: ScheduleSheet, a: Activity) => void;
/** A term rule gets the rows the term counts (`Activity.counted`). */
type TermRule = (s: ScheduleSheet, counted: readonly number[]) => void;

const inTerm = (s: ScheduleSheet, date: string) => !s.range || (date >= s.range.start && date <= s.range.end);

function outsideTerm(s: ScheduleSheet, a: Activity): void {
  if (a.date === null || inTerm(s, a.date)) return;
  s.add('schedule.outside_term', { date: a.date, term: s.term!, start: s.range!.start, end: s.range!.end }, a.k, 'date');
}

/** DOMAIN "The calendar": an activity on a weekend or a public holiday is an info. */
function onRestDay(s: ScheduleSheet, a: Activity): void {
  if (!a.counted) return;
  const r = s.restOf(a.day);
  if (r) s.add('schedule.rest_day', r, a.k, 'date');
}

const NEEDS_LEAD = new Set(['demo_class', 'lecture', 'famous_teacher_lecture']);

function leadTeacherMissing(s: ScheduleSheet, a: Activity): void {
  if (a.type === null || !NEEDS_LEAD.has(a.type) || hasId(s.col.lead_teacher.value(a.k))) return;
  s.add('schedule.lead_teacher_missing', { type: enumLabel('activity_type', a.type, s.ctx.lang) }, a.k, 'lead_teacher');
}

function studentsMissing(s: ScheduleSheet, a: Activity): void {
  if (a.type !== 'student_exchange' || a.status === 'cancelled') return;
  const students = s.col.students.value(a.k);
  if (!(typeof students === 'number' && students > 0)) s.add('schedule.students_missing', {}, a.k, 'students');
}

function noEvidence(s: ScheduleSheet, a: Activity): void {
  if (a.status === 'done' && !hasId(s.col.evidence.value(a.k))) s.add('schedule.no_evidence', {}, a.k, 'evidence');
}

function plannedPast(s: ScheduleSheet, a: Activity): void {
  const today = s.ctx.today;
  if (a.status === 'planned' && a.date !== null && a.date < today) s.add('schedule.planned_past', { date: a.date, today }, a.k, 'status');
}

/** A lead teacher on two activities of one day, unless the two rows are one activity written twice. */
function leadTeacherClash(s: ScheduleSheet, a: Activity): void {
  const f = s.firstOfDay[a.k];
  if (f === -1 || sameActivity(s, f, a.k)) return;
  s.add(
    'schedule.lead_teacher_clash',
    { teacher: str(s.col.lead_teacher.value(a.k)), date: a.date!, first_row: s.rows.rowOf(f) },
    a.k,
    'lead_teacher',
  );
}

/** Same host, type and theme on one day is one activity written on two rows, not a clash. */
function sameActivity(s: ScheduleSheet, a: number, b: number): boolean {
  const { host_school: host, type, theme } = s.col;
  return idKey(host.value(a)) === idKey(host.value(b)) && type.value(a) === type.value(b) && str(theme.value(a)) === str(theme.value(b));
}

const ROW_RULES: readonly RowRule[] = [
  outsideTerm,
  onRestDay,
  leadTeacherMissing,
  studentsMissing,
  noEvidence,
  plannedPast,
  leadTeacherClash,
];

function monthWithoutActivity(s: ScheduleSheet, counted: readonly number[]): void {
  const min = s.ctx.rules.min_activities_per_month;
  // Counted per day, then per month: no string is cut per row.
  const perDay = new Int32Array(s.dates.length);
  for (const k of counted) perDay[s.dayOf[k]]++;
  const perMonth = new Map<string, number>();
  s.dates.forEach((date, day) => perMonth.set(date.slice(0, 7), (perMonth.get(date.slice(0, 7)) ?? 0) + perDay[day]));
  for (const month of s.months) {
    const count = perMonth.get(month) ?? 0;
    if (count < min) s.add('schedule.month_without_activity', { month, count, min });
  }
}

function leadersMeetingsShort(s: ScheduleSheet, counted: readonly number[]): void {
  const count = counted.filter((k) => s.col.type.value(k) === 'leaders_meeting').length;
  const min = s.ctx.rules.min_leaders_meetings_per_term;
  if (count < min) s.add('schedule.leaders_meetings_short', { count, min, term: s.term! });
}

function fieldVisitsShort(s: ScheduleSheet, counted: readonly number[]): void {
  const count = counted.filter((k) => s.col.type.value(k) === 'field_visit').length;
  const min = s.ctx.rules.min_field_visits_per_term;
  if (count < min) s.add('schedule.field_visits_short', { count, min, term: s.term! });
}

const TERM_RULES: readonly TermRule[] = [monthWithoutActivity, leadersMeetingsShort, fieldVisitsShort];

export function checkSchedule(ctx: CheckContext): void {
  const s = scheduleSheet(ctx);
  const counted: number[] = [];
  for (let k = 0; k < s.rows.n; k++) {
    const a = activity(s, k);
    for (const rule of ROW_RULES) rule(s, a);
    if (a.counted) counted.push(k);
  }
  // Term rules only where the term's dates are known.
  if (s.range) for (const rule of TERM_RULES) rule(s, counted);
}

const textOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function activity(s: ScheduleSheet, k: number): Activity {
  const day = s.dayOf[k];
  const date = day === -1 ? null : s.dates[day];
  const status = textOf(s.col.status.value(k));
  return { k, date, day, type: textOf(s.col.type.value(k)), status, counted: date !== null && inTerm(s, date) && status !== 'cancelled' };
}

function scheduleSheet(ctx: CheckContext): ScheduleSheet {
  const term = ctx.program.term;
  let range: ScheduleSheet['range'] = null;
  let months: string[] = [];
  try {
    range = term ? termRange(term, ctx.rules) : null;
    months = term ? termMonths(term, ctx.rules) : [];
  } catch {
    range = null;
  }
  const rows = ctx.view('schedule');
  const col: Record<string, ColumnView> = {};
  for (const c of SHEET_BY_KEY.schedule.columns) col[c.key] = rows.column(c.key);
  const { dates, dayOf } = numberDays(rows.n, col.date);
  const rest: (Record<string, string> | null | undefined)[] = [];
  const restOf = (day: number) => (rest[day] === undefined ? (rest[day] = restParams(dates[day])) : rest[day]);
  const s: ScheduleSheet = {
    ctx,
    rows,
    term,
    range,
    months,
    dates,
    dayOf,
    firstOfDay: new Int32Array(0),
    col,
    add: (code, params, k, column) => ctx.add(code, 'schedule', params, k, column),
    restOf,
  };
  s.firstOfDay = firstOfDay(s);
  return s;
}

/**
 * Per row: the first earlier row of that day with the same lead teacher, or -1 (rows without a
 * date or a lead teacher, and cancelled ones, take no part).
 */
function firstOfDay(s: ScheduleSheet): Int32Array {
  const { lead_teacher: lead, status } = s.col;
  const teachers = new Numbering();
  const teacherOf = new Int32Array(s.rows.n).fill(-1);
  for (let k = 0; k < s.rows.n; k++) {
    const teacher = s.dayOf[k] === -1 ? null : lead.key(k);
    if (teacher !== null && status.value(k) !== 'cancelled') teacherOf[k] = teachers.of(teacher);
  }
  return firstOfEqualPair(teacherOf, teachers.count, s.dayOf, s.dates.length);
}

/** The days the rows are on, numbered in the order first seen; -1 for a row without a date. */
function numberDays(n: number, date: ColumnView): { dates: string[]; dayOf: Int32Array } {
  const days = new Numbering();
  const dayOf = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const d = textOf(date.value(k));
    if (d !== null) dayOf[k] = days.of(d);
  }
  return { dates: days.keys(), dayOf };
}

/** What a rest day is called in a message: the holiday, or a weekend day. */
function restParams(date: string): Record<string, string> | null {
  const r = restDay(date);
  if (r === null) return null;
  if (r !== 'weekend') return { date, rest_zh: `${HOLIDAY_NAMES[r].zh}假期`, rest_en: `in the ${HOLIDAY_NAMES[r].en} holiday` };
  const sunday = new Date(date + 'T00:00:00Z').getUTCDay() === 0;
  return { date, rest_zh: sunday ? '星期日' : '星期六', rest_en: sunday ? 'a Sunday' : 'a Saturday' };
}
