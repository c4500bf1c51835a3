/**
 * Everything the server derives with core from a school's stored rows of a term, at each sync and
 * again when it goes stale (sync/refresh.ts): the open issues (warnings), the Assessment scores,
 * per row whether the bureau's totals count it (`counted`; for Support rows also whether the
 * rotation figures do, `countsRotation`), and the school's Summary indicators.
 *
 * The figures are those of the rows the school's add-in would send: it holds back a row the checks
 * find an error in (DOMAIN: "such a row is not synced until fixed"), so here such a row is left out
 * as well, and so is a row whose error only shows once those are left out (a pairing naming a
 * teacher whose row has an error), up to a few rounds. A stored row stays stored (an error can
 * arise after it was synced, when a teacher is deleted), and the compliance list shows the error.
 */
import { checkRecords } from '../../../core/check';
import { createContext } from '../../../core/checks/context';
import { rotationFigure } from '../../../core/checks/support';
import { overlapsTerm } from '../../../core/fill/people';
import { completedActivities, indicators } from '../../../core/fill/summary';
import { idKey } from '../../../core/keys';
import type { TypedRow, WorkbookRead } from '../../../core/read';
import type { Rules } from '../../../core/rules';
import { parseTermId, termRange } from '../../../core/term';
import { deriveAssessments, type DerivedAssessment } from './assessment';
import { schoolFigures, type FigureSet } from './figures';
import { rowKey, type StoredRow } from './stored';
import { countOf, liveRows, modelOf, type SchoolInfo, type WarningCount } from './warnings';

/**
 * Bumped whenever what is derived changes: every school's stored figures then count as stale and
 * are derived again on a read (sync/refresh.ts), as after the bureau changes the rules.
 */
export const DERIVE_VERSION = 3;

/** What the figures were derived with: this code's version and the rules (every key, in key order). */
export const derivedStamp = (rules: Rules) =>
  `${DERIVE_VERSION}|${JSON.stringify(Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))}`;

export interface StoredIndicator {
  key: string;
  target: number;
  completed: number;
}

export interface Derived {
  warnings: WarningCount[];
  /** Per live Assessment row (all of them). */
  assessments: DerivedAssessment[];
  /**
   * Per live row of partnerships, teachers, pairings, schedule and support: rowKey -> counted (0 for
   * a row with an error). Support: every kept row counts for donations and funding.
   */
  counted: Map<string, 0 | 1>;
  /** Per live Support row: rowKey -> whether the rotation figures count it (core's rotationFigure). */
  countsRotation: Map<string, 0 | 1>;
  indicators: StoredIndicator[];
  /** The first day on which today's date may change what is derived (an activity's day), or null. */
  validUntil: string | null;
  /** The school's own figures and the keys counting once needs (sync/figures.ts). */
  figureSet: FigureSet;
}

/** Rounds of leaving out rows with errors; each round can only add rows naming ones left out before. */
const MAX_ROUNDS = 4;

const nextDay = (d: string): string | null => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) ? null : new Date(t + 86_400_000).toISOString().slice(0, 10);
};

/**
 * Today's date enters what core derives only through Schedule dates: an activity with no status
 * counts once its day has come (Summary), a planned one is a warning once its day has passed. So
 * what is derived today holds until the first such day after today.
 */
function validUntil(live: readonly StoredRow[], today: string): string | null {
  let first: string | null = null;
  for (const r of live) {
    if (r.table !== 'schedule' || typeof r.vals.date !== 'string') continue;
    for (const d of [r.vals.date, nextDay(r.vals.date)]) {
      if (d !== null && d > today && (first === null || d < first)) first = d;
    }
  }
  return first;
}

/**
 * The rows left once those with errors are left out (a check marks their records: `records`, of
 * `live`, checked), each round checking what is left again.
 */
function withoutErrors(school: SchoolInfo, term: string, rules: Rules, live: StoredRow[], records: TypedRow[], today: string): StoredRow[] {
  let kept = live;
  let checked = records;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bad = checked.some((r) => r.hasErrors);
    if (!bad) break;
    kept = kept.filter((_, i) => !checked[i].hasErrors);
    const next = modelOf(school, term, rules, kept);
    checkRecords(next.model, { today });
    checked = next.records;
  }
  return kept.filter((_, i) => !checked[i].hasErrors);
}

/** The `counted` flags of the live rows (a row kept counts), and the support rows' rotation flags. */
function countedFlags(
  live: readonly StoredRow[],
  recordOf: Map<string, TypedRow>,
  read: WorkbookRead,
  range: { start: string; end: string } | null,
  today: string,
): { counted: Map<string, 0 | 1>; countsRotation: Map<string, 0 | 1> } {
  const counted = new Map<string, 0 | 1>();
  const countsRotation = new Map<string, 0 | 1>();
  // The first roster row of each teacher (ids as idKey), as the checks number teachers.
  const roster = new Map<string, TypedRow>();
  for (const t of read.sheets.teachers?.rows ?? []) {
    const key = idKey(t.values.teacher_id);
    if (key !== null && !roster.has(key)) roster.set(key, t);
  }
  for (const r of live) {
    const key = rowKey(r.table, r.id);
    const record = recordOf.get(key);
    if (r.table === 'partnerships' || r.table === 'teachers' || r.table === 'schedule') counted.set(key, record ? 1 : 0);
    else if (r.table === 'pairings') counted.set(key, record && activeIn(record, range) ? 1 : 0);
    else if (r.table === 'support') {
      counted.set(key, record ? 1 : 0);
      countsRotation.set(key, record && sentRotation(read, record, roster, today) ? 1 : 0);
    }
  }
  return { counted, countsRotation };
}

export function derive(school: SchoolInfo, term: string, rules: Rules, rows: Iterable<StoredRow>, today: string): Derived {
  const live = liveRows(rows);
  // The open issues of every stored row: what compliance lists.
  const all = modelOf(school, term, rules, live);
  const warnings = countOf(checkRecords(all.model, { today }));

  const keptRows = withoutErrors(school, term, rules, live, all.records, today);
  // A fresh model of the rows kept: core reads it as the school's workbook of synced rows.
  const clean = modelOf(school, term, rules, keptRows);
  const read: WorkbookRead = { ...clean.model, lang: 'zh', issues: [] } as unknown as WorkbookRead;
  const recordOf = new Map<string, TypedRow>();
  keptRows.forEach((r, i) => recordOf.set(rowKey(r.table, r.id), clean.records[i]));

  const range = parseTermId(term) ? termRange(term, rules) : null;
  const { counted, countsRotation } = countedFlags(live, recordOf, read, range, today);
  const assessments = deriveAssessments(
    read,
    term,
    live.filter((r) => r.table === 'assessment').map((r) => ({ row: r, record: recordOf.get(rowKey(r.table, r.id)) ?? null })),
  );
  const summary = indicators(read, today).map((i) => ({ key: i.key, target: i.target, completed: i.completed }));
  const keptOf = (t: StoredRow['table']) => keptRows.filter((r) => r.table === t);
  const record = (r: StoredRow) => recordOf.get(rowKey(r.table, r.id))!;
  const figureSet = schoolFigures({
    school: school.code,
    teachers: read.sheets.teachers?.rows ?? [],
    partnerships: read.sheets.partnerships?.rows ?? [],
    pairings: keptOf('pairings')
      .filter((r) => counted.get(rowKey(r.table, r.id)) === 1)
      .map(record),
    held: completedActivities(read, today, range),
    support: keptOf('support').map((r) => ({ record: record(r), rotation: countsRotation.get(rowKey(r.table, r.id)) === 1 })),
    assessments: assessments
      .filter((a) => a.counted === 1)
      .map((a) => ({ teacherId: recordOf.get(rowKey('assessment', a.id))?.values.teacher_id, pass: a.result === 'pass' })),
  });
  return { warnings, assessments, counted, countsRotation, indicators: summary, validUntil: validUntil(live, today), figureSet };
}

/** A pairing of the term, as the Summary counts it (core's `overlapsTerm`). */
function activeIn(record: TypedRow, range: { start: string; end: string } | null): boolean {
  return overlapsTerm(record.values.start_date, record.values.end_date, range);
}

/**
 * A rotation row counts as core's rotation figure counts it (`rotationFigure`, which the check
 * `support.rotation_short` and the Summary use): asked of the row alone, with its teacher's roster
 * row, so the rule is core's and not written twice.
 */
function sentRotation(read: WorkbookRead, record: TypedRow, roster: Map<string, TypedRow>, today: string): boolean {
  if (record.values.kind !== 'rotation') return false;
  const key = idKey(record.values.teacher_id);
  const teacher = key === null ? undefined : roster.get(key);
  if (!teacher) return false;
  const one = {
    program: read.program,
    rules: read.rules,
    sheets: { teachers: { name: 'teachers', rows: [teacher] }, support: { name: 'support', rows: [record] } },
  };
  return rotationFigure(createContext(one, today)).count === 1;
}
