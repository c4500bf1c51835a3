/**
 * The bureau's figures per group (school, town or county), aggregated from what each sync keeps up
 * to date (worker/src/sync/figures.ts): a read costs O(schools) and O(keys two schools share), not
 * O(rows) (docs/scale.md). What a row counts is core's definition: the school's Summary
 * (core/fill/summary.ts) and checks, applied to its stored rows at each sync and again when they go
 * stale (sync/refresh.ts). A row the checks find an error in is never counted.
 *
 * Who is who across schools is core's (core/identity.ts): a person is their own school and their
 * name; teacher ids are each workbook's own. Teachers count for their own school only (`fig_owner`:
 * the people its roster lists, and those a partner's roster lists under its code when it records
 * that partnership itself: sync/figures.ts, OWNER_TEACHERS), so a group sums its schools'. Mentors,
 * mentees, rotation teachers, assessed and passed teachers count each person once per group; a
 * pairing once by both people; a partnership once by both codes. A joint activity (naming a host
 * and a guest school, recorded by one of them) that both schools log counts once: per date, type,
 * host and guest a group counts the most rows one school of it recorded; donations and funding both
 * schools of a partnership record likewise. So each figure is the sum of the group's schools' own,
 * less what two or more of them record of one key beyond the most one records (`fig_key_count`:
 * only keys two schools share are read). Rotations count only where the school sends them.
 *
 * Activities are those the Summary counts: held (done, or with no status and a date up to the day
 * they were derived on: `valid_until` derives them again when a day changes that) on a day of the
 * term. A month counts as without activity once it has ended, on the request's date.
 *
 * A sum a school's values cannot give (a value past reading, or past 2^53) is null for the school
 * and every group holding it: unknown, never 0 or an error.
 *
 * A town is keyed by its county and its name (`<county>/<town>`): towns of one name in two counties
 * are two towns, which only matters when the admin totals every county at once.
 */
import type { Rules } from '../../core/rules';
import { termMonths, termRange } from '../../core/term';
import {
  add,
  addSchool,
  finish,
  LIVE_FIELDS,
  monthsWithout,
  newRow,
  SHARED_FIELD,
  sorted,
  type FiguresRow,
  type TotalsRow,
} from './totals-row';

export type { TotalsRow };

export type GroupBy = 'school' | 'town' | 'county';

/** Each group's key and name, in SQL over `schools s`; reports/totals.ts groups by the same keys. */
export const KEY: Record<GroupBy, { key: string; name: string }> = {
  school: { key: 's.code', name: 'MIN(s.name)' },
  // A county code is letters, digits, _ and - (schemas.ts Code): the first '/' ends it.
  town: { key: "s.county || '/' || COALESCE(s.town, '')", name: "COALESCE(MIN(s.town), '')" },
  // A county's name where its bureau gave one (counties), else its code.
  county: { key: 's.county', name: 'COALESCE(MIN(cn.name), MIN(s.county))' },
};

/** Parameters: ?1 term, ?2 county or NULL. */
const SCOPE = '(?2 IS NULL OR s.county = ?2)';

export function totalsQueries(g: GroupBy) {
  const k = KEY[g].key;
  return {
    // The schools of each group (a filter on which schools report goes in this WHERE).
    // `reported`: schools with a term report in any state (submitted, returned or approved; report_state
    // holds no not_submitted row, and at most one row a school and term).
    base: `SELECT ${k} AS key, ${KEY[g].name} AS name, MIN(s.county) AS county, COUNT(*) AS schools, COUNT(ts.school) AS synced,
             COUNT(rs.school) AS reported, COALESCE(SUM(w.n), 0) AS warnings
           FROM schools s
           LEFT JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1
           LEFT JOIN report_state rs ON rs.school = s.code AND rs.term = ?1
           LEFT JOIN (SELECT school, SUM(count) AS n FROM warnings WHERE term = ?1 AND severity != 'info' GROUP BY school) w
             ON w.school = s.code
           LEFT JOIN counties cn ON cn.code = s.county
           -- A school retired from a term on is not counted in that term or later ones (routes/schools.ts, migration 0006).
           WHERE ${SCOPE} AND (s.retired_from IS NULL OR ?1 < s.retired_from) GROUP BY ${k}`,
    // One row per synced school: its own figures and Summary indicators.
    figures: `SELECT ${k} AS key, s.county AS county, ts.figures AS figures, ts.indicators AS indicators
              FROM schools s JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1 WHERE ${SCOPE}`,
    // Teachers by their own school.
    teachers: `SELECT ${k} AS key, SUM(o.teachers) AS teachers
               FROM schools s JOIN fig_owner o ON o.term = ?1 AND o.owner = LOWER(s.code) WHERE ${SCOPE} GROUP BY ${k}`,
    // The keys two or more schools of a group record: what the sums count more than once.
    shared: `SELECT ${k} AS key, f.kind AS kind, f.key AS fkey, TOTAL(f.a) - MAX(f.a) AS extra_a, TOTAL(f.b) - MAX(f.b) AS extra_b
             FROM fig_key_count c INDEXED BY fig_key_count_shared
             CROSS JOIN fig_keys f ON f.term = c.term AND f.kind = c.kind AND f.key = c.key
             CROSS JOIN schools s ON s.code = f.school
             WHERE c.term = ?1 AND c.n > 1 AND c.kind != 't' AND ${SCOPE}
             GROUP BY ${k}, f.kind, f.key HAVING COUNT(*) > 1`,
  };
}

/** Each county's term for the totals: its dates from the county's rules, and its months that ended before today's month. */
export interface CountyTerm {
  county: string;
  start: string;
  end: string;
  months: string[];
}

/** Each county's term, from its own rules (`loadCountyRules`), judged on `today`. */
export function countyTerms(term: string, rules: Map<string, Rules>, today: string): CountyTerm[] {
  const thisMonth = today.slice(0, 7);
  return [...rules].map(([county, r]) => {
    const { start, end } = termRange(term, r);
    // A month counts as without activity only once it has ended.
    return { county, start, end, months: termMonths(term, r).filter((m) => m < thisMonth) };
  });
}

/**
 * By school, in one statement: a group of one school counts no key twice (fig_keys holds a key once
 * a school), so each school's row is its own stored row (totals_row), its own teachers (fig_owner),
 * warnings, months without activity (its figures' months) and term report's state; no shared keys
 * are read. A school derived before totals_row was kept is built from its figures. Parameters as
 * totalsQueries'.
 */
const SCHOOL_ROWS = `SELECT s.code AS key, s.name AS name, s.county AS county, ts.school IS NOT NULL AS synced,
    rs.state AS report, ts.totals_row AS stored, json_extract(ts.figures, '$.months') AS months,
    CASE WHEN ts.totals_row IS NULL THEN ts.figures END AS figures,
    CASE WHEN ts.totals_row IS NULL THEN ts.indicators END AS indicators,
    (SELECT SUM(w.count) FROM warnings w WHERE w.school = s.code AND w.term = ?1 AND w.severity != 'info') AS warnings,
    (SELECT o.teachers FROM fig_owner o WHERE o.term = ?1 AND o.owner = LOWER(s.code)) AS teachers
  FROM schools s
  LEFT JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1
  LEFT JOIN report_state rs ON rs.school = s.code AND rs.term = ?1
  WHERE ${SCOPE} AND (s.retired_from IS NULL OR ?1 < s.retired_from)`;

type SchoolRow = FiguresRow & {
  key: string;
  name: string;
  synced: number;
  report: string | null;
  stored: string | null;
  months: string | null;
  warnings: number | null;
  teachers: number | null;
};

/** A school's by-school totals row as JSON text, with its term report counts (REPORT_FIELDS of reports/totals.ts). */
function schoolRowText(r: SchoolRow, ended: Map<string, string[]>): string {
  const reports = { reports_submitted: r.report === null ? 0 : 1, reports_approved: r.report === 'approved' ? 1 : 0 };
  if (r.synced && r.stored !== null) {
    const live: Record<(typeof LIVE_FIELDS)[number], unknown> = {
      key: String(r.key),
      name: String(r.name || r.key),
      county: String(r.county),
      schools: 1,
      teachers: Number(r.teachers ?? 0),
      months_without_activity: monthsWithout(ended.get(String(r.county)), r.months ? (JSON.parse(r.months) as string[]) : []),
      warnings: Number(r.warnings ?? 0),
      reporting_rate: reports.reports_submitted,
      synced_rate: 1,
    };
    return `${JSON.stringify({ ...live, ...reports }).slice(0, -1)},${r.stored.slice(1)}`;
  }
  const row = newRow({ ...r, schools: 1, reported: reports.reports_submitted });
  if (r.synced) addSchool(row, r, ended);
  row.teachers = Number(r.teachers ?? 0);
  return JSON.stringify({ ...finish(row), ...reports });
}

/** Each school's totals row as JSON text, with its report counts, in key order. */
export async function schoolTotalsText(
  db: D1DatabaseSession,
  term: string,
  county: string | null,
  terms: CountyTerm[],
): Promise<{ key: string; text: string }[]> {
  const { results } = await db.prepare(SCHOOL_ROWS).bind(term, county).all<SchoolRow>();
  const ended = new Map(terms.map((t) => [t.county, t.months]));
  return sorted(results.map((r) => ({ key: String(r.key), text: schoolRowText(r, ended) })));
}

/** Each school's totals row, with its report counts. */
export async function schoolTotals(db: D1DatabaseSession, term: string, county: string | null, terms: CountyTerm[]) {
  return (await schoolTotalsText(db, term, county, terms)).map(
    (r) => JSON.parse(r.text) as TotalsRow & Record<'reports_submitted' | 'reports_approved', number>,
  );
}

export async function runTotals(
  db: D1DatabaseSession,
  g: GroupBy,
  term: string,
  county: string | null,
  today: string,
  terms: CountyTerm[],
): Promise<TotalsRow[]> {
  void today;
  if (g === 'school') return schoolTotals(db, term, county, terms);
  const q = totalsQueries(g);
  const names = Object.keys(q) as (keyof typeof q)[];
  const results = await db.batch(names.map((n) => db.prepare(q[n]).bind(term, county)));
  const byName = Object.fromEntries(names.map((n, i) => [n, results[i].results as Record<string, unknown>[]]));
  const ended = new Map(terms.map((t) => [t.county, t.months]));
  const rows = new Map<string, TotalsRow>();
  for (const b of byName.base) {
    const row = newRow(b as Parameters<typeof newRow>[0]);
    rows.set(row.key, row);
  }
  for (const r of byName.figures) {
    const row = rows.get(String(r.key));
    if (row) addSchool(row, r as unknown as FiguresRow, ended);
  }
  for (const r of byName.teachers) {
    const row = rows.get(String(r.key));
    if (row) row.teachers = Number(r.teachers ?? 0);
  }
  for (const r of byName.shared) {
    const row = rows.get(String(r.key));
    const field = SHARED_FIELD[String(r.kind)];
    if (!row || !field) continue;
    add(row, field.a, r.extra_a === null ? null : -Number(r.extra_a));
    if (field.b) add(row, field.b, r.extra_b === null ? null : -Number(r.extra_b));
    if (r.kind === 'j') {
      // A joint activity's key is date|type|host|guest.
      const type = String(r.fkey).split('|')[1];
      if (row.activities_by_type[type] !== undefined) row.activities_by_type[type] -= Number(r.extra_a);
    }
  }
  return sorted([...rows.values()].map(finish));
}
