import { enumLabel } from '../template';
import type { WorkbookRead } from '../read';
import { parseTermId, termMonths, termRange } from '../term';
import type { CellWrite, Issue } from '../types';
import { idKey } from '../keys';
import { makeIssue } from '../messages';
import { idSequence } from './ids';
import { isEligibleMentor, partnerSchools, teachersById, type Teacher } from './people';
import { refusedFill, rowWrites, sheetTarget } from './target';
import type { FillResult } from './types';
import { restDay } from '../calendar';

type Item = { type: string; theme: { zh: string; en: string } };

const it = (type: string, zh: string, en: string): Item => ({ type, theme: { zh, en } });

/** Seed 000, plan 2: what each month of the year holds, by calendar month. */
const SEED_PLAN: Record<number, Item[]> = {
  9: [it('launch', '结对帮扶启动仪式暨方案解读', 'Launch ceremony and the pairing scheme')],
  10: [it('seminar', '教学指导研讨会', 'Guidance seminar on teaching')],
  11: [it('send_teachers', '送教下乡', 'Sending teachers to the aided school')],
  12: [it('famous_teacher_lecture', '名师讲座：课堂教学', 'Famous-teacher lecture on classroom teaching')],
  1: [it('research', '期末评价研讨', 'Discussion of the final evaluation')],
  2: [it('leaders_meeting', '领导联席会议暨计划交流', 'Joint leaders meeting and exchange of plans')],
  3: [it('open_day', '教学开放日', 'Teaching open day')],
  4: [it('lecture', '专题讲座', 'Lectures'), it('observation', '听课评课', 'Class observation and evaluation')],
  5: [it('famous_teacher_lecture', '名师讲座：教学研究', 'Famous-teacher lecture on research')],
  6: [it('festival', '艺术节/科技节', 'Arts and science festival'), it('summary', '总结表彰', 'Summary and commendation')],
};

const MEETING = it('leaders_meeting', '领导联席会议', 'Joint leaders meeting');
const FIELD_VISIT = it('field_visit', '中层干部跟岗学习', 'Field visit by middle-level staff');
/** Activities that need no lead teacher and no students, used to reach the monthly minimum. */
const FILLERS: Item[] = [
  it('research', '联合教研活动', 'Joint research activity'),
  it('observation', '听课评课', 'Class observation and evaluation'),
  it('salon', '学术沙龙', 'Academic salon'),
  it('training', '教师培训', 'Teacher training'),
  it('open_class', '公开课', 'Open class'),
];
const NEEDS_LEAD = new Set(['demo_class', 'lecture', 'famous_teacher_lecture']);
/** What a lecture becomes when no one can lead it. */
const WITHOUT_LEAD: Record<string, Item> = {
  lecture: it('seminar', '专题研讨', 'Topic seminar'),
  famous_teacher_lecture: it('research', '教研活动', 'Research activity'),
  demo_class: it('open_class', '公开课', 'Open class'),
};

const DAY = 86_400_000;
const toMs = (iso: string) => Date.parse(iso + 'T00:00:00Z');
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Days from `from` to `to` inclusive that are school days (core/calendar.ts: no weekend, no public
 * holiday, the make-up working days included), or every day when the span has none.
 */
function schoolDays(from: string, to: string): string[] {
  const all: string[] = [];
  for (let t = toMs(from); t <= toMs(to); t += DAY) all.push(toIso(t));
  const open = all.filter((d) => restDay(d) === null);
  return open.length > 0 ? open : all;
}

/** Spreads n items over the days, evenly, in order. */
function spread(days: string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => days[Math.floor(((i + 0.5) * days.length) / n)]);
}

function monthEnd(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return toIso(Date.UTC(y, m, 0));
}

/**
 * The term plan of the seeds for an empty Schedule, shaped to pass every check with no warning:
 * every date inside the term and not before today, each month at its minimum, the leaders
 * meetings and field visits the rules ask for, and a lead teacher for every lecture.
 */
export function planTerm(read: WorkbookRead, opts: { today: string }): FillResult {
  const open = openTerm(read, opts.today);
  if ('refused' in open) return { writes: [], newSheets: [], refused: [open.refused] };
  const months = monthsToPlan(open);
  const leaders = leadTeachers(read);
  const refused: Issue[] = [];
  const plan = itemsByMonth(read, months, leaders.length > 0, refused);
  const t = sheetTarget(read, 'schedule', [
    'activity_id',
    'date',
    'type',
    'host_school',
    'guest_school',
    'theme',
    'subject',
    'lead_teacher',
    'status',
  ]);
  if (t.refused) return refusedFill(t);
  const lang = read.lang;
  const seq = idSequence(read, 'schedule');
  const host = read.program.school_code;
  const guest = partnerSchools(read)[0] ?? null;
  const writes: CellWrite[] = [...t.setup.writes];
  let row = t.nextRow;
  let lectureNo = 0;
  months.forEach((m, i) => {
    const dates = spread(m.days, plan[i].length);
    plan[i].forEach((item, k) => {
      // Lecturers rotate, so no one leads two activities on one day.
      const lead = NEEDS_LEAD.has(item.type) ? leaders[lectureNo++ % leaders.length] : null;
      writes.push(
        ...rowWrites(t, row++, {
          activity_id: seq.take(),
          date: dates[k],
          type: enumLabel('activity_type', item.type, lang),
          host_school: host,
          guest_school: guest,
          theme: item.theme[lang],
          subject: lead?.subject ? enumLabel('subject', lead.subject, lang) : null,
          lead_teacher: lead?.id ?? null,
          status: enumLabel('status', 'planned', lang),
        }),
      );
    });
  });
  return { writes, newSheets: t.setup.newSheets, refused };
}

interface OpenTerm {
  term: string;
  rules: WorkbookRead['rules'];
  range: { start: string; end: string };
  /** The first day to plan: today, or the term's start. */
  from: string;
}

/** The term left to plan, or why there is none (a Schedule already written, no term, a term past). */
function openTerm(read: WorkbookRead, today: string): OpenTerm | { refused: Issue } {
  const schedule = read.sheets.schedule;
  const sheetName = schedule?.name ?? '';
  if (schedule && schedule.rows.length > 0)
    return { refused: makeIssue('fill.schedule_not_empty', 'schedule', { name: sheetName }, { sheetName }) };
  const term = read.program.term;
  if (!term || !parseTermId(term)) return { refused: makeIssue('fill.no_term', 'program', {}) };
  const rules = read.rules;
  const range = termRange(term, rules);
  if (range.end < range.start) return { refused: makeIssue('fill.no_term', 'program', {}) };
  if (range.end < today) return { refused: makeIssue('fill.term_past', 'program', { term, end: range.end }) };
  return { term, rules, range, from: today > range.start ? today : range.start };
}

/** Months with at least one day left to plan in, with their school days. */
function monthsToPlan({ term, rules, range, from }: OpenTerm): { ym: string; days: string[] }[] {
  return termMonths(term, rules)
    .map((ym) => {
      const first = `${ym}-01` > from ? `${ym}-01` : from;
      const last = monthEnd(ym) < range.end ? monthEnd(ym) : range.end;
      return { ym, days: first <= last ? schoolDays(first, last) : [] };
    })
    .filter((m) => m.days.length > 0);
}

/**
 * What each month holds: the seed's items, the meetings and field visits the rules ask for beyond
 * them spaced across the term, and fillers up to each month's minimum. Without a teacher to lead a
 * lecture, lectures become activities that need none, and a refusal says so.
 */
function itemsByMonth(read: WorkbookRead, months: readonly { ym: string }[], canLead: boolean, refused: Issue[]): Item[][] {
  const rules = read.rules;
  const plan: Item[][] = months.map((m) => [...(SEED_PLAN[Number(m.ym.slice(5, 7))] ?? [])]);
  if (!canLead && plan.flat().some((x) => NEEDS_LEAD.has(x.type))) {
    refused.push(makeIssue('fill.no_lead_teacher', 'schedule', {}));
    for (const items of plan) items.forEach((x, i) => NEEDS_LEAD.has(x.type) && (items[i] = WITHOUT_LEAD[x.type]));
  }
  const need = (type: string, min: number, item: Item) => {
    const have = plan.flat().filter((x) => x.type === type).length;
    for (let k = 0; k < min - have; k++) {
      const idx = Math.min(months.length - 1, Math.floor(((k + 0.5) * months.length) / Math.max(1, min - have)));
      plan[idx].push(item);
    }
  };
  need('leaders_meeting', rules.min_leaders_meetings_per_term, MEETING);
  need('field_visit', rules.min_field_visits_per_term, FIELD_VISIT);
  plan.forEach((items, i) => {
    for (let k = 0; items.length < rules.min_activities_per_month; k++) items.push(FILLERS[(i + k) % FILLERS.length]);
  });
  return plan;
}

/** Eligible mentors who can lead a lecture, the Program school's own first. */
function leadTeachers(read: WorkbookRead): Teacher[] {
  const me = idKey(read.program.school_code);
  const all = [...teachersById(read).values()].filter((t) => t.role !== 'new' && isEligibleMentor(t));
  const own = (t: Teacher) => me !== null && idKey(t.school) === me;
  return [...all.filter(own), ...all.filter((t) => !own(t))];
}
