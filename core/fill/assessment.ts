import { SHEET_BY_KEY, enumLabel } from '../template';
import type { WorkbookRead, TypedRow } from '../read';
import type { Rules } from '../rules';
import { parseTermId, termWeeks } from '../term';
import type { CellWrite, Lang } from '../types';
import { idKey } from '../keys';
import { pairings } from './people';
import { refusedFill, sheetTarget } from './target';
import type { FillResult } from './types';

export interface Requirement {
  /** Assessment column key holding the actual count. */
  column: string;
  required: number;
}

export interface Scored {
  role: 'mentor' | 'mentee';
  score: number;
  pass: boolean;
  sixOnesMet: boolean;
  /** What is short, as [column key, actual, required]; `summary_submitted` when the summary is missing. */
  short: { column: string; actual: number; required: number }[];
  summaryMissing: boolean;
}

const SIX_ONES: [string, keyof Rules][] = [
  ['intro_lessons', 'six_ones_intro'],
  ['report_lessons', 'six_ones_report'],
  ['lectures', 'six_ones_lecture'],
  ['unit_analyses', 'six_ones_unit_analysis'],
  ['courseware', 'six_ones_courseware'],
  ['papers', 'six_ones_paper'],
];

export function requirements(role: 'mentor' | 'mentee', rules: Rules, term: string | null): Requirement[] {
  if (role === 'mentor') {
    return [
      { column: 'classes_attended', required: rules.mentor_min_classes_attended },
      { column: 'demo_lessons', required: rules.mentor_min_demo_lessons },
    ];
  }
  const weeks = term && parseTermId(term) ? termWeeks(term, rules) : 0;
  const interval = rules.practice_lesson_interval_weeks;
  return [
    ...SIX_ONES.map(([column, rule]) => ({ column, required: rules[rule] as number })),
    { column: 'classes_attended', required: rules.mentee_min_classes_attended },
    { column: 'practice_lessons', required: interval > 0 ? Math.floor(weeks / interval) : 0 },
  ];
}

/** Role of each teacher from Pairings: a mentor in any pairing is a mentor, else a mentee is a mentee. */
/**
 * Which Assessment rows count for `term`: of the rows of that term naming one teacher (ids as
 * `idKey`), the first; the check reports the others (`assessment.duplicate`), and a later row
 * never takes the place of a first one that cannot be scored. The Summary and the bureau's totals
 * (the worker) count by this, so that they count the same rows.
 */
export function firstOfTerm(rows: readonly TypedRow[], term: string | null): boolean[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const key = idKey(row.values.teacher_id);
    if (key === null || term === null || row.values.term !== term || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function rolesFromPairings(read: WorkbookRead): Map<string, 'mentor' | 'mentee'> {
  const roles = new Map<string, 'mentor' | 'mentee'>();
  const ps = pairings(read);
  // Keyed by idKey: an id written 't02' in one sheet and 'T02' in another is one teacher, as in the checks.
  for (const p of ps) roles.set(p.menteeKey, 'mentee');
  for (const p of ps) roles.set(p.mentorKey, 'mentor');
  return roles;
}

/** Scores one Assessment row: mean of min(actual/required, 1) in percent, one decimal. */
export function scoreRow(row: TypedRow, role: 'mentor' | 'mentee', rules: Rules, term: string | null): Scored {
  const reqs = requirements(role, rules, term);
  let sum = 0;
  const short: Scored['short'] = [];
  for (const r of reqs) {
    const v = row.values[r.column];
    const actual = typeof v === 'number' && Number.isFinite(v) ? v : 0;
    // A requirement of zero is met by anyone: it counts as full marks, never as missing.
    sum += r.required > 0 ? Math.min(actual / r.required, 1) : 1;
    if (actual < r.required) short.push({ column: r.column, actual, required: r.required });
  }
  const score = reqs.length === 0 ? 100 : Math.round((sum / reqs.length) * 1000) / 10;
  const summaryMissing = row.values.summary_submitted !== true;
  const sixOnesMet = role === 'mentee' && !short.some((s) => SIX_ONES.some(([c]) => c === s.column));
  return { role, score, pass: short.length === 0 && !summaryMissing, sixOnesMet, short, summaryMissing };
}

export function missingText(s: Scored, lang: Lang): string {
  const cols = SHEET_BY_KEY.assessment.columns;
  const label = (key: string) => {
    const c = cols.find((x) => x.key === key)!;
    return lang === 'zh' ? c.zh : c.en.charAt(0).toLowerCase() + c.en.slice(1);
  };
  const parts = s.short.map((x) => `${label(x.column)} ${x.actual}/${x.required}`);
  if (s.summaryMissing) parts.push(label('summary_submitted'));
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** Every Assessment row that can be scored: readable, and its teacher in a pairing. */
function scoredRows(read: WorkbookRead): { row: TypedRow; scored: Scored | null }[] {
  const roles = rolesFromPairings(read);
  const out: { row: TypedRow; scored: Scored | null }[] = [];
  for (const row of read.sheets.assessment?.rows ?? []) {
    if (row.hasErrors) continue;
    const id = row.values.teacher_id;
    const key = idKey(id);
    const role = key === null ? undefined : roles.get(key);
    const term = typeof row.values.term === 'string' ? row.values.term : read.program.term;
    out.push({ row, scored: role ? scoreRow(row, role, read.rules, term) : null });
  }
  return out;
}

const FILLED = ['role', 'score', 'result', 'missing'] as const;

/**
 * Writes role, score, result and missing on each readable Assessment row. These columns belong to
 * the product, so their old values are replaced; a teacher in no pairing gets them emptied.
 * Rows with unreadable values are left alone: a score from a misread count would mislead.
 */
export function fillAssessment(read: WorkbookRead): FillResult {
  const sheet = read.sheets.assessment;
  if (!sheet || sheet.rows.length === 0) return { writes: [], newSheets: [], refused: [] };
  // Rows are told apart by their teacher: without that column there is nothing to score.
  const t = sheetTarget(read, 'assessment', [...FILLED], ['teacher_id']);
  if (t.refused) return refusedFill(t);
  const writes: CellWrite[] = [...t.setup.writes];
  const lang = read.lang;
  for (const { row, scored } of scoredRows(read)) {
    const values: Record<(typeof FILLED)[number], string | number | null> = scored
      ? {
          role: enumLabel('assess_role', scored.role, lang),
          score: scored.score,
          result: enumLabel('result', scored.pass ? 'pass' : 'fail', lang),
          missing: missingText(scored, lang) || null,
        }
      : { role: null, score: null, result: null, missing: null };
    for (const k of FILLED) {
      const col = t.columns[k];
      const old = row.raw[k];
      const isEmptyOld = old === null || old === undefined || old === '';
      // Skip writing an empty over an empty: the fewer writes, the smaller the undo step.
      if (values[k] === null && isEmptyOld) continue;
      writes.push({ sheetName: t.name, row: row.row, col, value: values[k] });
    }
  }
  return { writes, newSheets: [], refused: [] };
}
