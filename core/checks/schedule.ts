/** Schedule: dates in the term, per-month and per-term counts, and what each kind of activity must name. */
import { enumLabel } from '../template';
import { termMonths, termRange } from '../term';
import { idKey, str, type CheckContext } from './context';
import { firstOfEqual } from './first-equal';

const NEEDS_LEAD = new Set(['demo_class', 'lecture', 'famous_teacher_lecture']);

/** Same host, type and theme on one day is one activity written on two rows, not a clash. */
function sameActivity(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return idKey(a.host_school) === idKey(b.host_school) && a.type === b.type && str(a.theme) === str(b.theme);
}

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
  const rows = ctx.rows('schedule');
  // A lead teacher on two activities of one day: for each row, the first row of that day with the
  // same lead teacher, found for all rows at once (cancelled activities and rows without a date or
  // a lead teacher take no part).
  const leads: (string | null)[] = new Array<string | null>(rows.length);
  const days: (string | null)[] = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i].values;
    const placed = typeof v.date === 'string' && v.date !== '' && v.status !== 'cancelled';
    leads[i] = placed ? idKey(v.lead_teacher) : null;
    days[i] = placed ? (v.date as string) : null;
  }
  const firstOfDay = firstOfEqual(leads, days);

  for (let i = 0; i < rows.length; i++) {
    const tr = rows[i];
    const v = tr.values;
    const date = typeof v.date === 'string' ? v.date : null;
    const type = v.type;
    const status = v.status;
    const cancelled = status === 'cancelled';

    let inTerm = true;
    if (date && range) {
      inTerm = date >= range.start && date <= range.end;
      if (!inTerm) ctx.add('schedule.outside_term', 'schedule', { date, term: term!, start: range.start, end: range.end }, tr, 'date');
    }
    if (!cancelled && date && inTerm) {
      perDate.set(date, (perDate.get(date) ?? 0) + 1);
      if (type === 'leaders_meeting') leadersMeetings++;
      else if (type === 'field_visit') fieldVisits++;
    }

    const lead = idKey(v.lead_teacher);
    if (lead === null && typeof type === 'string' && NEEDS_LEAD.has(type)) {
      ctx.add('schedule.lead_teacher_missing', 'schedule', { type: enumLabel('activity_type', type, lang) }, tr, 'lead_teacher');
    }
    if (type === 'student_exchange' && !cancelled && !(typeof v.students === 'number' && v.students > 0)) {
      ctx.add('schedule.students_missing', 'schedule', {}, tr, 'students');
    }
    if (status === 'done' && idKey(v.evidence) === null) {
      ctx.add('schedule.no_evidence', 'schedule', {}, tr, 'evidence');
    }
    if (status === 'planned' && date && date < today) {
      ctx.add('schedule.planned_past', 'schedule', { date, today }, tr, 'status');
    }

    const f = firstOfDay[i];
    if (f !== -1 && !sameActivity(rows[f].values, v)) {
      ctx.add('schedule.lead_teacher_clash', 'schedule', { teacher: str(v.lead_teacher), date: date!, first_row: rows[f].row }, tr, 'lead_teacher');
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
