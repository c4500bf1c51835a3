import { SHEET_BY_KEY, enumLabel } from '../template';
import type { WorkbookRead } from '../read';
import { createContext } from '../checks/context';
import { rotationFigure } from '../checks/support';
import { rosterPeople } from '../identity';
import { idKey } from '../keys';
import { parseTermId, termMonths, termRange } from '../term';
import type { CellValue, CellWrite, Lang } from '../types';
import { firstOfTerm, rolesFromPairings, scoreRow, type Scored } from './assessment';
import { isMentee, teachersById, termPairs } from './people';
import { refusedFill, sheetTarget } from './target';
import type { FillResult } from './types';

export interface Indicator {
  key: string;
  zh: string;
  en: string;
  target: number;
  completed: number;
}

/**
 * An activity counts as completed when it is marked done, or has no status and its day has come,
 * on a day of the term (`range`). The bureau's totals count the same activities (worker/src/sync/figures.ts).
 */
export function completedActivities(read: WorkbookRead, today: string, range: { start: string; end: string } | null) {
  return (read.sheets.schedule?.rows ?? []).filter((r) => {
    const date = r.values.date;
    if (typeof date !== 'string') return false;
    if (range && (date < range.start || date > range.end)) return false;
    const status = r.values.status;
    return status === 'done' || (status == null && date <= today);
  });
}

/**
 * The Program term's assessments, one per teacher: of the rows of that term naming one teacher
 * (ids as `idKey`), the first; the check reports the others (`assessment.duplicate`). A row counts
 * when it can be scored (readable, its teacher in a pairing), as the Assessment fill scores it.
 * Two ids of one person (one school, one name: the check warns, `teacher.same_name`) are one
 * assessed teacher, as the bureau's totals count people (core/identity.ts): the first row counts.
 */
function termAssessments(read: WorkbookRead, roster: ReadonlyMap<string, unknown>): Scored[] {
  const term = read.program.term;
  const roles = rolesFromPairings(read);
  const people = rosterPeople(read.sheets.teachers?.rows ?? []);
  const rows = read.sheets.assessment?.rows ?? [];
  const first = firstOfTerm(rows, term);
  const out: Scored[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = idKey(row.values.teacher_id);
    // A teacher not on the roster is an error (teacher.unknown), assessed by no one until fixed.
    if (!first[i] || key === null || !roster.has(key)) return;
    const role = roles.get(key);
    // An unreadable row is not scored (the Assessment fill leaves it alone).
    if (!role || row.hasErrors) return;
    const person = people.get(key) ?? `#${key}`;
    if (seen.has(person)) return;
    seen.add(person);
    out.push(scoreRow(row, role, read.rules, term!));
  });
  return out;
}

/** New teachers and those of them paired in the term, as people (core/identity.ts): two ids of one school and name are one teacher. */
function menteesPairedFigure(read: WorkbookRead, teachers: ReturnType<typeof teachersById>): { target: number; completed: number } {
  const people = rosterPeople(read.sheets.teachers?.rows ?? []);
  const personOf = (key: string) => people.get(key) ?? `#${key}`;
  const newTeachers = new Set([...teachers.values()].filter((t) => isMentee(t, read.rules)).map((t) => personOf(t.key)));
  // Paired in the term: a mentee of a pairing of the term between known teachers (ids as idKey).
  const paired = new Set(termPairs(read, teachers).map((p) => personOf(p.menteeKey)));
  return { target: newTeachers.size, completed: [...newTeachers].filter((p) => paired.has(p)).length };
}

export function indicators(read: WorkbookRead, today: string): Indicator[] {
  const rules = read.rules;
  const term = read.program.term && parseTermId(read.program.term) ? read.program.term : null;
  const range = term ? termRange(term, rules) : null;
  const months = term ? termMonths(term, rules) : [];
  const acts = completedActivities(read, today, range);
  const perMonth = new Map<string, number>();
  for (const a of acts) perMonth.set((a.values.date as string).slice(0, 7), (perMonth.get((a.values.date as string).slice(0, 7)) ?? 0) + 1);
  const ofType = (type: string) => acts.filter((a) => a.values.type === type).length;

  // Rotation teachers over the school year, exactly as the check support.rotation_short counts them.
  const rotation = rotationFigure(createContext(read, today));

  const teachers = teachersById(read);
  const menteesPaired = menteesPairedFigure(read, teachers);
  const scored = termAssessments(read, teachers);
  const mentees = scored.filter((x) => x.role === 'mentee');

  return [
    {
      key: 'months_with_activities',
      zh: '活动达标月数',
      en: 'Months with enough activities',
      target: months.length,
      completed: months.filter((m) => (perMonth.get(m) ?? 0) >= rules.min_activities_per_month).length,
    },
    {
      key: 'leaders_meetings',
      zh: '领导联席会议',
      en: 'Leaders meetings',
      target: rules.min_leaders_meetings_per_term,
      completed: ofType('leaders_meeting'),
    },
    { key: 'field_visits', zh: '跟岗学习', en: 'Field visits', target: rules.min_field_visits_per_term, completed: ofType('field_visit') },
    {
      key: 'rotation_teachers',
      zh: '支教教师（学年）',
      en: 'Rotation teachers (school year)',
      target: rotation.target,
      completed: rotation.count,
    },
    {
      key: 'mentees_paired',
      zh: '新教师结对',
      en: 'New teachers paired',
      ...menteesPaired,
    },
    {
      key: 'assessment_passed',
      zh: '考核合格',
      en: 'Assessments passed',
      target: scored.length,
      completed: scored.filter((x) => x.pass).length,
    },
    {
      key: 'six_ones',
      zh: '“六个一”完成',
      en: 'Six Ones completed',
      target: mentees.length,
      completed: mentees.filter((x) => x.sixOnesMet).length,
    },
  ];
}

function rowValues(ind: Indicator, lang: Lang): Record<string, CellValue> {
  // rate is the real ratio (may pass 1); with nothing to do the target is met and there is no rate
  const rate = ind.target > 0 ? Math.round((ind.completed / ind.target) * 1000) / 1000 : null;
  const met = ind.completed >= ind.target;
  return {
    indicator: ind[lang],
    target: ind.target,
    completed: ind.completed,
    rate,
    status: enumLabel('summary_status', met ? 'met' : 'short', lang),
  };
}

/** Rewrites the Summary sheet (the product's own) in place, or creates it. */
export function fillSummary(read: WorkbookRead, opts: { today: string }): FillResult {
  const keys = SHEET_BY_KEY.summary.columns.map((c) => c.key);
  const t = sheetTarget(read, 'summary', keys);
  if (t.refused) return refusedFill(t);
  const writes: CellWrite[] = [...t.setup.writes];
  const inds = indicators(read, opts.today);
  inds.forEach((ind, i) => {
    const row = t.headerRow + 1 + i;
    const v = rowValues(ind, read.lang);
    for (const k of keys) writes.push({ sheetName: t.name, row, col: t.columns[k], value: v[k] ?? null });
  });
  // Rows left over from an older, longer summary are emptied in the product's columns.
  const old = read.sheets.summary?.rows ?? [];
  for (const r of old) {
    if (r.row <= t.headerRow + inds.length) continue;
    for (const k of keys) writes.push({ sheetName: t.name, row: r.row, col: t.columns[k], value: null });
  }
  return { writes, newSheets: t.setup.newSheets, refused: [] };
}
