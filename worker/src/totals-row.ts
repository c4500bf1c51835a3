/**
 * A totals row (worker/src/totals-sql.ts reads what goes in it) and how it is added up: a group's
 * row starts from its schools, warnings and rates (`newRow`), each synced school's own figures and
 * Summary indicators are added (`addSchool`), what two schools of it record of one key is taken off
 * again (`SHARED_FIELD`, `add`), and the rates come last (`finish`). A synced school's by-school
 * row, less what more than its own derivation changes (`LIVE_FIELDS`), is kept at each derivation
 * (`storedSchoolRow`, sync/write.ts).
 */
import { ENUMS } from '../../core/template';
import { TOTALS_INDICATORS, TOTALS_NUMBER_FIELDS, type TotalsNumberField } from '../../core/api/totals-fields';
import type { StoredIndicator } from './sync/derive';
import type { SchoolFigures } from './sync/figures';

/** The figure each kind of shared key counts (a: its `a`, b: its `b`). */
export const SHARED_FIELD: Record<string, { a: (typeof NUMBER_FIELDS)[number]; b?: (typeof NUMBER_FIELDS)[number] }> = {
  p: { a: 'partnerships' },
  pr: { a: 'pairings' },
  m: { a: 'mentors' },
  e: { a: 'mentees' },
  r: { a: 'rotation_teachers' },
  a: { a: 'assessed' },
  ap: { a: 'passed' },
  j: { a: 'activities' },
  d: { a: 'donations_yuan', b: 'beneficiaries' },
};

/** Figures summed from the schools' own (SchoolFigures), null once any school's is. */
type Summed = Extract<TotalsNumberField, keyof SchoolFigures>;
/** The figures a group counts itself (schools, teachers by their own school, months, warnings) or that are rates. */
const NOT_SUMMED: ReadonlySet<TotalsNumberField> = new Set([
  'schools',
  'teachers',
  'months_without_activity',
  'pass_rate',
  'reporting_rate',
  'warnings',
  'synced_rate',
]);
const SUMMED = TOTALS_NUMBER_FIELDS.filter((f): f is Summed => !NOT_SUMMED.has(f));

export const ACTIVITY_TYPES = ENUMS.activity_type.values.map((v) => v.code);

/** The totals' figures, in the order the CSV lists them: the contract's (core/api/totals-fields.ts). */
export const NUMBER_FIELDS = TOTALS_NUMBER_FIELDS;

/** The Summary's indicators, in its order, with their names (core/api/totals-fields.ts). */
export const INDICATORS = TOTALS_INDICATORS;

export interface IndicatorTotal {
  target: number;
  completed: number;
  /** completed / target as the Summary rounds it (3 decimals); null when the target is 0. */
  rate: number | null;
}

export type TotalsRow = {
  key: string;
  name: string;
  county: string;
  activities_by_type: Record<string, number>;
  /** Per Summary indicator key, in the Summary's order: targets and completed summed over the group's synced schools. */
  indicators: Record<string, IndicatorTotal>;
} & Record<(typeof NUMBER_FIELDS)[number], number | null>;

/** The figures of a synced school, as the figures query gives them (term_syncs' JSON text). */
export interface FiguresRow {
  county: unknown;
  figures: unknown;
  indicators: unknown;
}

/** A group's row before any school's figures are added: its schools, warnings and rates (the base query's columns). */
export function newRow(b: {
  key: unknown;
  name: unknown;
  county: unknown;
  schools: unknown;
  synced: unknown;
  reported: unknown;
  warnings: unknown;
}): TotalsRow {
  const row = {
    key: String(b.key),
    name: String(b.name || b.key),
    county: String(b.county),
    activities_by_type: {},
    indicators: {},
  } as TotalsRow;
  for (const f of NUMBER_FIELDS) row[f] = 0;
  for (const i of INDICATORS) row.indicators[i.key] = { target: 0, completed: 0, rate: null };
  row.schools = Number(b.schools);
  row.warnings = Number(b.warnings ?? 0);
  // The reporting rate counts submitted reports (DOMAIN); the share that synced the term is synced_rate.
  row.reporting_rate = row.schools ? round(Number(b.reported) / row.schools) : null;
  row.synced_rate = row.schools ? round(Number(b.synced) / row.schools) : null;
  return row;
}

/** Adds `x` to a figure: null (unknown) once either is, or the sum leaves the range where doubles add exactly. */
export function add(row: TotalsRow, f: (typeof NUMBER_FIELDS)[number], x: number | null) {
  const cur = row[f];
  if (cur === null || x === null || !Number.isFinite(x)) {
    row[f] = null;
    return;
  }
  const s = cur + x;
  row[f] = Math.abs(s) <= Number.MAX_SAFE_INTEGER ? s : null;
}

/** The months a school held no activity in, of those of its county's term that ended. */
export const monthsWithout = (ended: readonly string[] | undefined, months: readonly string[]) => {
  const held = new Set(months);
  return (ended ?? []).filter((m) => !held.has(m)).length;
};

/** Adds one synced school's own figures and Summary indicators to its group's row (null: derived before the figures were kept). */
function addFigures(
  row: TotalsRow,
  fig: SchoolFigures | null,
  indicators: readonly StoredIndicator[] | null,
  ended: readonly string[] | undefined,
) {
  if (fig) {
    for (const f of SUMMED) add(row, f, fig[f]);
    for (const [type, n] of Object.entries(fig.activities_by_type)) row.activities_by_type[type] = (row.activities_by_type[type] ?? 0) + n;
    add(row, 'months_without_activity', monthsWithout(ended, fig.months));
  }
  for (const i of indicators ?? []) {
    const ind = row.indicators[i.key];
    if (!ind) continue;
    ind.target += i.target;
    ind.completed += i.completed;
  }
}

export function addSchool(row: TotalsRow, r: FiguresRow, ended: Map<string, string[]>) {
  // Derived before the figures were kept (sync/refresh.ts derives it again): nothing yet.
  const fig = r.figures ? (JSON.parse(String(r.figures)) as SchoolFigures) : null;
  const indicators = r.indicators ? (JSON.parse(String(r.indicators)) as StoredIndicator[]) : null;
  addFigures(row, fig, indicators, ended.get(String(r.county)));
}

/** The rates once every school is in: the pass rate, and each indicator's as the Summary sheet writes it (core/fill/summary.ts). */
export function finish(row: TotalsRow): TotalsRow {
  row.pass_rate = row.assessed ? round(Number(row.passed) / Number(row.assessed)) : null;
  for (const [type, n] of Object.entries(row.activities_by_type)) if (n === 0) delete row.activities_by_type[type];
  // 3 decimals, none without a target.
  for (const ind of Object.values(row.indicators))
    ind.rate = ind.target > 0 ? Math.round((ind.completed / ind.target) * 1000) / 1000 : null;
  return row;
}

/** Keys in the order the totals have always listed them (String#localeCompare's, one collator for every comparison). */
const byKey = new Intl.Collator().compare;
export const sorted = <T extends { key: string }>(rows: T[]): T[] => rows.sort((a, b) => byKey(a.key, b.key));

/** What a school's by-school row holds that more than its own derivation changes: read each time. */
export const LIVE_FIELDS = [
  'key',
  'name',
  'county',
  'schools',
  'teachers',
  'months_without_activity',
  'warnings',
  'reporting_rate',
  'synced_rate',
] as const;

/**
 * The rest of a synced school's by-school row, as JSON text (term_syncs.totals_row, written at each
 * derivation): its row as the totals build it from its figures and indicators (the same functions),
 * less LIVE_FIELDS. What it holds changes only with the school's derivation, or with this code:
 * a change of what the row holds bumps DERIVE_VERSION (sync/derive.ts), which derives every school
 * again.
 */
export function storedSchoolRow(fig: SchoolFigures, indicators: readonly StoredIndicator[]): string {
  const row = newRow({ key: '', name: '', county: '', schools: 1, synced: 1, reported: 0, warnings: 0 });
  addFigures(row, fig, indicators, []);
  const out: Partial<TotalsRow> = finish(row);
  for (const f of LIVE_FIELDS) delete out[f];
  return JSON.stringify(out);
}

export const round = (x: number) => Math.round(x * 10_000) / 10_000;
