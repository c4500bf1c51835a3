/** Schedule: dates in the term, per-month and per-term counts, and what each kind of activity must name. */
import { enumLabel } from '../template';
import { termMonths, termRange } from '../term';
import { foldKey, idKey, str, type CheckContext } from './context';
import { firstOfEqual } from './first-equal';

const NEEDS_LEAD = new Set(['demo_class', 'lecture', 'famous_teacher_lecture']);

export function checkSchedule(ctx: CheckContext): void {
  const { rules, lang, today } = ctx;
  const term = ctx.program.term;
  let range: { start: string; end: string } | null = null;
  let months: string[] = [];
  if (term) {
    try {
      range = termRange(term, rules);
      months = termMonths(term, rules);
    } catch {
      range = null;
    }
  }
  // Counted per date, then per month: a sheet has few distinct dates, so no string is cut per row.
  const perDate = new Map<string, number>();
  let leadersMeetings = 0;
  let fieldVisits = 0;
  const rows = ctx.view('schedule');
  const n = rows.n;
  const dateOf = rows.column('date');
  const typeOf = rows.column('type');
  const statusOf = rows.column('status');
  const leadOf = rows.column('lead_teacher');
  const studentsOf = rows.column('students');
  const evidenceOf = rows.column('evidence');
  const hostOf = rows.column('host_school');
  const themeOf = rows.column('theme');
  /** Same host, type and theme on one day is one activity written on two rows, not a clash. */
  const sameActivity = (a: number, b: number) =>
    idKey(hostOf.value(a)) === idKey(hostOf.value(b)) && typeOf.value(a) === typeOf.value(b) && str(themeOf.value(a)) === str(themeOf.value(b));

  // A lead teacher on two activities of one day: for each row, the first row of that day with the
  // same lead teacher, found for all rows at once (cancelled activities and rows without a date or
  // a lead teacher take no part).
  const leads = new Array<string | null>(n);
  const days = new Array<string | null>(n);
  for (let k = 0; k < n; k++) {
    const date = dateOf.value(k);
    const placed = typeof date === 'string' && date !== '' && statusOf.value(k) !== 'cancelled';
    leads[k] = placed ? foldKey(leadOf.value(k)) : null;
    days[k] = placed ? (date as string) : null;
  }
  const firstOfDay = firstOfEqual(leads, days, true);

  for (let k = 0; k < n; k++) {
    const d = dateOf.value(k);
    const date = typeof d === 'string' ? d : null;
    const type = typeOf.value(k);
    const status = statusOf.value(k);
    const cancelled = status === 'cancelled';

    let inTerm = true;
    if (date && range) {
      inTerm = date >= range.start && date <= range.end;
      if (!inTerm) ctx.add('schedule.outside_term', 'schedule', { date, term: term!, start: range.start, end: range.end }, k, 'date');
    }
    if (!cancelled && date && inTerm) {
      perDate.set(date, (perDate.get(date) ?? 0) + 1);
      if (type === 'leaders_meeting') leadersMeetings++;
      else if (type === 'field_visit') fieldVisits++;
    }

    if (typeof type === 'string' && NEEDS_LEAD.has(type) && foldKey(leadOf.value(k)) === null) {
      ctx.add('schedule.lead_teacher_missing', 'schedule', { type: enumLabel('activity_type', type, lang) }, k, 'lead_teacher');
    }
    if (type === 'student_exchange' && !cancelled) {
      const students = studentsOf.value(k);
      if (!(typeof students === 'number' && students > 0)) ctx.add('schedule.students_missing', 'schedule', {}, k, 'students');
    }
    if (status === 'done' && foldKey(evidenceOf.value(k)) === null) {
      ctx.add('schedule.no_evidence', 'schedule', {}, k, 'evidence');
    }
    if (status === 'planned' && date && date < today) {
      ctx.add('schedule.planned_past', 'schedule', { date, today }, k, 'status');
    }

    const f = firstOfDay[k];
    if (f !== -1 && !sameActivity(f, k)) {
      ctx.add('schedule.lead_teacher_clash', 'schedule', { teacher: str(leadOf.value(k)), date: date!, first_row: rows.rowOf(f) }, k, 'lead_teacher');
    }
  }

  if (!range) return;
  const perMonth = new Map<string, number>();
  for (const [d, n] of perDate) perMonth.set(d.slice(0, 7), (perMonth.get(d.slice(0, 7)) ?? 0) + n);
  for (const m of months) {
    const count = perMonth.get(m) ?? 0;
    if (count < rules.min_activities_per_month) {
      ctx.add('schedule.month_without_activity', 'schedule', { month: m, count, min: rules.min_activities_per_month });
    }
  }
  if (leadersMeetings < rules.min_leaders_meetings_per_term) {
    ctx.add('schedule.leaders_meetings_short', 'schedule', { count: leadersMeetings, min: rules.min_leaders_meetings_per_term, term: term! });
  }
  if (fieldVisits < rules.min_field_visits_per_term) {
    ctx.add('schedule.field_visits_short', 'schedule', { count: fieldVisits, min: rules.min_field_visits_per_term, term: term! });
  }
}
