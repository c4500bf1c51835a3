/**
 * The term report a school hands the bureau (DOMAIN: "The term report and its review"), as plain
 * data: what a writer (report/docx.ts) lays out and what the worker keeps as a submitted version's
 * snapshot. Every figure is one core already computes: the Summary indicators are core's
 * `indicators` (what the Summary fill writes), the assessment results the Assessment fill's scores,
 * the problems the open issues in their messages. Pure: no clock (today is given), no I/O.
 */
import { idKey } from '../keys';
import { formatIssue } from '../messages';
import type { TypedRow, WorkbookRead } from '../read';
import { enumLabel } from '../template';
import { parseTermId } from '../term';
import type { Issue, Lang } from '../types';
import { firstOfTerm, missingText, rolesFromPairings, scoreRow } from '../fill/assessment';
import { teachersById } from '../fill/people';
import { indicators, type Indicator } from '../fill/summary';
import { reportText } from './text';

/** Rows a section lists at most; past it the section says how many more there are. */
export const MAX_SECTION_ROWS = 5000;
/** Problems listed at most. */
export const MAX_PROBLEMS = 200;

export interface ReportIndicator {
  key: string;
  label: string;
  target: number;
  completed: number;
  /** completed / target to three places; null when there is nothing to do (target 0). */
  rate: number | null;
  met: boolean;
}

export interface ReportActivity {
  date: string;
  type: string;
  theme: string;
  host: string;
  guest: string;
  lead: string;
  teachers: number | null;
  students: number | null;
  status: string;
}

export interface ReportModel {
  lang: Lang;
  school: { code: string; name: string; county: string; town: string };
  /** The term id (`2026-2027-1`) and its words (`2026-2027学年第一学期`). */
  term: string;
  termLabel: string;
  /** The day the report was made. */
  date: string;
  partnerships: { supporting: string; aided: string; start: string; end: string; focus: string }[];
  indicators: ReportIndicator[];
  /** Activities by month (`2026-09`), months in order, each month's by date. */
  months: { month: string; activities: ReportActivity[] }[];
  pairings: { mentor: string; mentee: string; subject: string }[];
  assessment: {
    assessed: number;
    passed: number;
    failed: number;
    rows: { teacher: string; role: string; score: number; passed: boolean; missing: string }[];
  };
  rotation: { rows: { teacher: string; from: string; to: string; start: string; end: string }[]; teachers: number };
  donations: {
    rows: { kind: string; from: string; to: string; items: string; amount: number | null; beneficiaries: number | null }[];
    amount: number;
    beneficiaries: number;
  };
  /** The open errors and warnings, in words. */
  problems: string[];
  /** Rows a section left out past MAX_SECTION_ROWS / MAX_PROBLEMS, by section. */
  omitted: Record<string, number>;
}

const text = (v: unknown): string => (v == null ? '' : Array.isArray(v) ? v.join('、') : String(v));
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `2026-2027-1` in words; the id itself when it is not one. */
export function termWords(term: string, lang: Lang): string {
  const p = parseTermId(term);
  if (!p) return term;
  return lang === 'zh'
    ? `${p.startYear}-${p.endYear}学年第${p.term === 1 ? '一' : '二'}学期`
    : `Term ${p.term}, ${p.startYear}-${p.endYear}`;
}

export function rateOf(target: number, completed: number): number | null {
  return target > 0 ? Math.round((completed / target) * 1000) / 1000 : null;
}

/** The Summary indicators as the report shows them; `figures` (the worker's stored ones) replace the numbers. */
export function reportIndicators(
  inds: Indicator[],
  lang: Lang,
  figures?: { key: string; target: number; completed: number }[],
): ReportIndicator[] {
  const byKey = new Map((figures ?? []).map((f) => [f.key, f]));
  return inds.map((i) => {
    const f = byKey.get(i.key) ?? i;
    return {
      key: i.key,
      label: i[lang],
      target: f.target,
      completed: f.completed,
      rate: rateOf(f.target, f.completed),
      met: f.completed >= f.target,
    };
  });
}

function capped<T>(rows: T[], section: string, omitted: Record<string, number>, max = MAX_SECTION_ROWS): T[] {
  if (rows.length <= max) return rows;
  omitted[section] = rows.length - max;
  return rows.slice(0, max);
}

/** A name with its code after it, in the language's brackets. */
const withCode = (name: string, code: string, lang: Lang) => (lang === 'zh' ? `${name}（${code}）` : `${name} (${code})`);
const listSep = (lang: Lang) => (lang === 'zh' ? '、' : ', ');

/** A school code as the report names it: the name Partnerships gives it, with the code. */
function schoolNamer(read: WorkbookRead, lang: Lang): (code: unknown) => string {
  const names = new Map<string, string>();
  const own = idKey(read.program.school_code);
  if (own !== null && read.program.school_name) names.set(own, read.program.school_name);
  for (const r of read.sheets.partnerships?.rows ?? []) {
    for (const side of ['supporting', 'aided'] as const) {
      const k = idKey(r.values[`${side}_school_code`]);
      const n = r.values[`${side}_school_name`];
      if (k !== null && typeof n === 'string' && n && !names.has(k)) names.set(k, n);
    }
  }
  return (code) => {
    const k = idKey(code);
    if (k === null) return '';
    const n = names.get(k);
    return n ? withCode(n, text(code), lang) : text(code);
  };
}

export interface ReportOptions {
  today: string;
  /** Overrides the workbook's language. */
  lang?: Lang;
  /** The Summary figures stored by the worker, in place of the ones computed here. */
  figures?: { key: string; target: number; completed: number }[];
}

/** How the report names what rows refer to, in its language. */
interface Namers {
  lang: Lang;
  school: (code: unknown) => string;
  person: (id: unknown) => string;
  label: (enumKey: string, v: unknown) => string;
  teachers: ReturnType<typeof teachersById>;
}

function namers(read: WorkbookRead, lang: Lang): Namers {
  const teachers = teachersById(read);
  const person = (id: unknown) => {
    const k = idKey(id);
    if (k === null) return '';
    const t = teachers.get(k);
    return t?.name ? withCode(t.name, t.id, lang) : text(id);
  };
  const label = (enumKey: string, v: unknown) => (typeof v === 'string' ? enumLabel(enumKey, v, lang) : text(v));
  return { lang, school: schoolNamer(read, lang), person, label, teachers };
}

function partnershipRows(read: WorkbookRead, n: Namers): ReportModel['partnerships'] {
  return (read.sheets.partnerships?.rows ?? []).map((r) => ({
    supporting: n.school(r.values.supporting_school_code),
    aided: n.school(r.values.aided_school_code),
    start: text(r.values.start_date),
    end: text(r.values.end_date),
    focus: Array.isArray(r.values.focus) ? r.values.focus.map((f) => n.label('focus', f)).join(listSep(n.lang)) : text(r.values.focus),
  }));
}

/** The dated activities by month, by date within a month; past MAX_SECTION_ROWS left out (in `omitted`). */
function activityMonths(read: WorkbookRead, n: Namers, omitted: Record<string, number>): ReportModel['months'] {
  const activities: ReportActivity[] = (read.sheets.schedule?.rows ?? [])
    .filter((r) => typeof r.values.date === 'string')
    .map((r) => ({
      date: r.values.date as string,
      type: n.label('activity_type', r.values.type),
      theme: text(r.values.theme),
      host: n.school(r.values.host_school),
      guest: n.school(r.values.guest_school),
      lead: n.person(r.values.lead_teacher),
      teachers: numOrNull(r.values.teachers),
      students: numOrNull(r.values.students),
      status: r.values.status == null ? '' : n.label('status', r.values.status),
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const months: ReportModel['months'] = [];
  for (const a of capped(activities, 'activities', omitted)) {
    const m = a.date.slice(0, 7);
    if (months.at(-1)?.month !== m) months.push({ month: m, activities: [] });
    months.at(-1)!.activities.push(a);
  }
  return months;
}

function pairingRows(read: WorkbookRead, n: Namers): ReportModel['pairings'] {
  return (read.sheets.pairings?.rows ?? [])
    .filter((r) => r.values.mentor_id != null && r.values.mentee_id != null)
    .map((r) => ({
      mentor: n.person(r.values.mentor_id),
      mentee: n.person(r.values.mentee_id),
      subject: n.label('subject', r.values.subject),
    }));
}

/** The term's assessments as the Summary counts them: each teacher's first row of the term, scored. */
function assessedRows(read: WorkbookRead, n: Namers): ReportModel['assessment']['rows'] {
  const roles = rolesFromPairings(read);
  const aRows = read.sheets.assessment?.rows ?? [];
  const first = firstOfTerm(aRows, read.program.term);
  const assessed: ReportModel['assessment']['rows'] = [];
  aRows.forEach((row, i) => {
    const key = idKey(row.values.teacher_id);
    const role = key === null ? undefined : roles.get(key);
    if (!first[i] || key === null || !n.teachers.has(key) || !role || row.hasErrors) return;
    const s = scoreRow(row, role, read.rules, read.program.term!);
    assessed.push({
      teacher: n.person(row.values.teacher_id),
      role: n.label('assess_role', role),
      score: s.score,
      passed: s.pass,
      missing: missingText(s, n.lang),
    });
  });
  return assessed;
}

/** The Support rows of rotation teachers, as the report lists them. */
function rotationRows(rotations: TypedRow[], n: Namers): ReportModel['rotation']['rows'] {
  return rotations.map((r) => ({
    teacher: n.person(r.values.teacher_id),
    from: n.school(r.values.from_school),
    to: n.school(r.values.to_school),
    start: text(r.values.start_date),
    end: text(r.values.end_date),
  }));
}

/** The Support rows of donations and funding, as the report lists them. */
function giftRows(gifts: TypedRow[], n: Namers): ReportModel['donations']['rows'] {
  return gifts.map((r) => ({
    kind: n.label('support_kind', r.values.kind),
    from: n.school(r.values.from_school),
    to: n.school(r.values.to_school),
    items: text(r.values.items),
    amount: numOrNull(r.values.amount),
    beneficiaries: numOrNull(r.values.beneficiaries),
  }));
}

/** The open errors and warnings in words, each after where it is; past MAX_PROBLEMS left out (in `omitted`). */
function problemLines(issues: readonly Issue[], lang: Lang, omitted: Record<string, number>): string[] {
  const open = issues.filter((i) => i.severity !== 'info');
  return capped(open, 'problems', omitted, MAX_PROBLEMS).map((i) => {
    const where = [i.sheetName, i.cell].filter(Boolean).join(' ');
    return where ? `${where}${lang === 'zh' ? '：' : ': '}${formatIssue(i, lang)}` : formatIssue(i, lang);
  });
}

/** The report of a read workbook and its open issues (checkWorkbook's, or the worker's checkRecords'). */
export function reportModel(read: WorkbookRead, issues: readonly Issue[], opts: ReportOptions): ReportModel {
  const lang = opts.lang ?? read.lang;
  // filled in the order the sections are capped: activities, problems, then the rest as listed below
  const omitted: Record<string, number> = {};
  const p = read.program;
  const term = p.term ?? '';
  const n = namers(read, lang);
  const months = activityMonths(read, n, omitted);
  const problems = problemLines(issues, lang, omitted);
  const assessed = assessedRows(read, n);
  const passed = assessed.filter((a) => a.passed).length;
  const support = read.sheets.support?.rows ?? [];
  const rotations = support.filter((r) => r.values.kind === 'rotation');
  const gifts = support.filter((r) => r.values.kind === 'donation' || r.values.kind === 'funding');
  const sum = (k: string) => gifts.reduce((s, r) => s + (numOrNull(r.values[k]) ?? 0), 0);
  return {
    lang,
    school: { code: text(p.school_code), name: text(p.school_name), county: text(p.county), town: text(p.town) },
    term,
    termLabel: term ? termWords(term, lang) : reportText('no_term', lang),
    date: opts.today,
    partnerships: capped(partnershipRows(read, n), 'partnerships', omitted),
    indicators: reportIndicators(indicators(read, opts.today), lang, opts.figures),
    months,
    pairings: capped(pairingRows(read, n), 'pairings', omitted),
    assessment: { assessed: assessed.length, passed, failed: assessed.length - passed, rows: capped(assessed, 'assessment', omitted) },
    rotation: {
      rows: capped(rotationRows(rotations, n), 'rotation', omitted),
      teachers: new Set(rotations.map((r) => idKey(r.values.teacher_id)).filter((k) => k !== null)).size,
    },
    donations: { rows: capped(giftRows(gifts, n), 'donations', omitted), amount: sum('amount'), beneficiaries: sum('beneficiaries') },
    problems,
    omitted,
  };
}
