/** Schedule: dates in the term, per-month and per-term counts, and what each kind of activity must name. */
import { enumLabel } from '../template';
import { termMonths, termRange } from '../term';
import { idKey, str, type CheckContext } from './context';
import { firstOfEqualKeys } from './first-equal';
import { HOLIDAY_NAMES, restDay } from '../calendar';

/** What a rest day is called in a message: the holiday, or a weekend day. */
function restParams(date: string): Record<string, string> | null {
  const r = restDay(date);
  if (r === null) return null;
  if (r !== 'weekend') return { date, rest_zh: `${HOLIDAY_NAMES[r].zh}假期`, rest_en: `in the ${HOLIDAY_NAMES[r].en} holiday` };
  const sunday = new Date(date + 'T00:00:00Z').getUTCDay() === 0;
  return { date, rest_zh: sunday ? '星期日' : '星期六', rest_en: sunday ? 'a Sunday' : 'a Saturday' };
}

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
  const rows = ctx.view('schedule');
  const n = rows.n;
  const leadOf = rows.column('lead_teacher');
  const studentsOf = rows.column('students');
  const evidenceOf = rows.column('evidence');
  const hostOf = rows.column('host_school');
  const themeOf = rows.column('theme');
  const typeOf = rows.column('type');

  // What each row needs to know of its date, type and status is worked out once per distinct
  // value; the loop over the rows then only looks numbers up.
  const dates = rows.column('date').distinct();
  const dateText = dates.values.map((v) => (typeof v === 'string' && v !== '' ? v : null));
  const dated = Uint8Array.from(dateText, (d) => (d === null ? 0 : 1));
  const inTerm = Uint8Array.from(dateText, (d) => (d === null || !range || (d >= range.start && d <= range.end) ? 1 : 0));
  const past = Uint8Array.from(dateText, (d) => (d !== null && d < today ? 1 : 0));
  // DOMAIN "The calendar": an activity on a weekend or a public holiday is an info, per distinct date.
  const rest = dateText.map((d) => (d === null ? null : restParams(d)));
  const types = typeOf.distinct();
  const KIND = { other: 0, leaders_meeting: 1, field_visit: 2, student_exchange: 3 } as const;
  const kind = Uint8Array.from(types.values, (t) => (t === 'leaders_meeting' || t === 'field_visit' || t === 'student_exchange' ? KIND[t] : KIND.other));
  const needsLead = Uint8Array.from(types.values, (t) => (typeof t === 'string' && NEEDS_LEAD.has(t) ? 1 : 0));
  const statuses = rows.column('status').distinct();
  const STATUS = { other: 0, cancelled: 1, done: 2, planned: 3 } as const;
  const status = Uint8Array.from(statuses.values, (s) => (s === 'cancelled' || s === 'done' || s === 'planned' ? STATUS[s] : STATUS.other));
  const dateIds = dates.ids;
  const typeIds = types.ids;
  const statusIds = statuses.ids;

  /** Same host, type and theme on one day is one activity written on two rows, not a clash. */
  const sameActivity = (a: number, b: number) =>
    idKey(hostOf.value(a)) === idKey(hostOf.value(b)) && typeIds[a] === typeIds[b] && str(themeOf.value(a)) === str(themeOf.value(b));

  // A lead teacher on two activities of one day: for each row, the first row of that day with the
  // same lead teacher, found for all rows at once (cancelled activities and rows without a date or
  // a lead teacher take no part).
  const leads = leadOf.idKeys();
  const placed = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    placed[k] = leads.has[k] & dated[dateIds[k]] & (status[statusIds[k]] === STATUS.cancelled ? 0 : 1);
  }
  const firstOfDay = firstOfEqualKeys({ has: placed, hash: leads.hash, key: leads.key, value: leads.value }, dateIds);
  const evidence = evidenceOf.has();

  // Counted per date, then per month: a sheet has few distinct dates, so no string is cut per row.
  const perDate = new Int32Array(dates.values.length);
  let leadersMeetings = 0;
  let fieldVisits = 0;
  for (let k = 0; k < n; k++) {
    const di = dateIds[k];
    const ti = typeIds[k];
    const st = status[statusIds[k]];
    const isCancelled = st === STATUS.cancelled;

    if (dated[di] === 1) {
      if (inTerm[di] === 0) {
        const date = dateText[di]!;
        ctx.add('schedule.outside_term', 'schedule', { date, term: term!, start: range!.start, end: range!.end }, k, 'date');
      } else if (!isCancelled) {
        const r = rest[di];
        if (r) ctx.add('schedule.rest_day', 'schedule', r, k, 'date');
        perDate[di]++;
        if (kind[ti] === KIND.leaders_meeting) leadersMeetings++;
        else if (kind[ti] === KIND.field_visit) fieldVisits++;
      }
    }

    if (needsLead[ti] === 1 && leads.has[k] === 0) {
      ctx.add('schedule.lead_teacher_missing', 'schedule', { type: enumLabel('activity_type', types.values[ti] as string, lang) }, k, 'lead_teacher');
    }
    if (kind[ti] === KIND.student_exchange && !isCancelled) {
      const students = studentsOf.value(k);
      if (!(typeof students === 'number' && students > 0)) ctx.add('schedule.students_missing', 'schedule', {}, k, 'students');
    }
    if (st === STATUS.done && evidence[k] === 0) {
      ctx.add('schedule.no_evidence', 'schedule', {}, k, 'evidence');
    }
    if (st === STATUS.planned && past[di] === 1) {
      ctx.add('schedule.planned_past', 'schedule', { date: dateText[di]!, today }, k, 'status');
    }

    const f = firstOfDay[k];
    if (f !== -1 && !sameActivity(f, k)) {
      ctx.add('schedule.lead_teacher_clash', 'schedule', { teacher: str(leadOf.value(k)), date: dateText[di]!, first_row: rows.rowOf(f) }, k, 'lead_teacher');
    }
  }

  if (!range) return;
  const perMonth = new Map<string, number>();
  perDate.forEach((count, di) => {
    const month = dateText[di]?.slice(0, 7);
    if (count > 0 && month) perMonth.set(month, (perMonth.get(month) ?? 0) + count);
  });
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
