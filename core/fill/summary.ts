import { SHEET_BY_KEY, enumLabel } from '../template';
import type { WorkbookRead } from '../read';
import { parseTermId, termMonths, termRange, schoolYearOf } from '../term';
import type { CellValue, CellWrite, Lang } from '../types';
import { scoredRows } from './assessment';
import { isMentee, pairings, teachersById } from './people';
import { refusedFill, sheetTarget } from './target';
import type { FillResult } from './types';

export interface Indicator {
  key: string;
  zh: string;
  en: string;
  target: number;
  completed: number;
}

/** An activity counts as completed when it is marked done, or has no status and its day has come. */
function completedActivities(read: WorkbookRead, today: string, range: { start: string; end: string } | null) {
  return (read.sheets.schedule?.rows ?? []).filter((r) => {
    const date = r.values.date;
    if (typeof date !== 'string') return false;
    if (range && (date < range.start || date > range.end)) return false;
    const status = r.values.status;
    return status === 'done' || (status == null && date <= today);
  });
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

  // Rotation teachers count over the school year the term belongs to (Sept 1 to Aug 31).
  const year = term ? schoolYearOf(term) : null;
  const yStart = year ? `${year.slice(0, 4)}-09-01` : null;
  const yEnd = year ? `${year.slice(5, 9)}-08-31` : null;
  const rotation = new Set<string>();
  for (const r of read.sheets.support?.rows ?? []) {
    if (r.values.kind !== 'rotation' || r.values.teacher_id == null) continue;
    const s = r.values.start_date;
    if (typeof s === 'string' && yStart && yEnd && (s < yStart || s > yEnd)) continue;
    rotation.add(String(r.values.teacher_id));
  }

  const teachers = teachersById(read);
  const newTeachers = [...teachers.values()].filter((t) => isMentee(t, rules));
  const paired = new Set(pairings(read).map((p) => p.mentee));
  const scored = scoredRows(read).filter((x) => x.scored);
  const mentees = scored.filter((x) => x.scored!.role === 'mentee');

  return [
    { key: 'months_with_activities', zh: '活动达标月数', en: 'Months with enough activities', target: months.length, completed: months.filter((m) => (perMonth.get(m) ?? 0) >= rules.min_activities_per_month).length },
    { key: 'leaders_meetings', zh: '领导联席会议', en: 'Leaders meetings', target: rules.min_leaders_meetings_per_term, completed: ofType('leaders_meeting') },
    { key: 'field_visits', zh: '跟岗学习', en: 'Field visits', target: rules.min_field_visits_per_term, completed: ofType('field_visit') },
    { key: 'rotation_teachers', zh: '支教教师（学年）', en: 'Rotation teachers (school year)', target: rules.min_rotation_teachers_per_year, completed: rotation.size },
    { key: 'mentees_paired', zh: '新教师结对', en: 'New teachers paired', target: newTeachers.length, completed: newTeachers.filter((t) => paired.has(t.id)).length },
    { key: 'assessment_passed', zh: '考核合格', en: 'Assessments passed', target: scored.length, completed: scored.filter((x) => x.scored!.pass).length },
    { key: 'six_ones', zh: '“六个一”完成', en: 'Six Ones completed', target: mentees.length, completed: mentees.filter((x) => x.scored!.sixOnesMet).length },
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
