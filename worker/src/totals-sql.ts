/**
 * The bureau's figures, aggregated in SQL per group (school, town or county). What a row counts is
 * core's definition: the school's Summary (core/fill/summary.ts) and checks, applied to its stored
 * rows at each sync (worker/src/sync/derive.ts stores per row whether it is `counted`, for Support
 * rows also whether a rotation counts, `counts_rotation`, and the school's Summary indicators); here
 * SQL only adds rows up and counts a thing two schools both record once. A row the checks find an
 * error in is never counted: every figure reads only rows with `counted = 1`.
 *
 * Activities are those the Summary counts: held (done, or with no status and a date up to today,
 * the request's date in China) on a day of the term (its dates from the county's rules); planned and
 * cancelled ones, and any outside the term, do not count. A pairing or partnership recorded by both
 * schools counts once: they are counted DISTINCT by their natural key (mentor|mentee,
 * supporting|aided) within a group, not by the recording school's row id; a pairing counts when it
 * is active in the term. A joint activity (one naming a host and a guest school, recorded by one of
 * them) that both schools log counts once too: per date, type, host and guest, a group counts the
 * most rows any one school of it recorded, so two demonstration classes on one day are still two.
 * Teachers and students taking part are summed over every counted activity row: each school writes
 * down its own people. Donations and funding that both schools of a partnership record count once
 * in the same way: per kind, from school, to school and start date, a group counts what the one
 * school of it that recorded the most recorded. Rotations count only where the school sends them
 * (as its rotation check counts them), so the receiver's copy never counts twice. Assessed teachers
 * are counted per school and teacher, as each school's Summary counts them (teacher ids are each
 * school's own: two schools' T001 may be two people), so a group's `assessed` and `passed` are the
 * sums of its schools' own, as its `assessment_passed` indicator is.
 *
 * A town is keyed by its county and its name (`<county>/<town>`): towns of one name in two counties
 * are two towns, which only matters when the admin totals every county at once.
 */
import { indicators } from '../../core/fill/summary';
import { DEFAULT_RULES, type Rules } from '../../core/rules';
import { termMonths, termRange } from '../../core/term';
import { ENUMS } from '../../core/template';

export type GroupBy = 'school' | 'town' | 'county';

const KEY: Record<GroupBy, { key: string; name: string }> = {
  school: { key: 's.code', name: 'MIN(s.name)' },
  // A county code is letters, digits, _ and - (schemas.ts Code): the first '/' ends it.
  town: { key: "s.county || '/' || COALESCE(s.town, '')", name: "COALESCE(MIN(s.town), '')" },
  // A county's name where its bureau gave one (counties), else its code.
  county: { key: 's.county', name: 'COALESCE(MIN(cn.name), MIN(s.county))' },
};

/**
 * Parameters: ?1 term, ?2 county or NULL, ?3 today (YYYY-MM-DD), ?4 JSON array of each county's
 * term: `{county, start, end, months}` (months: those of the term that have ended).
 */
const SCOPE = '(?2 IS NULL OR s.county = ?2)';
const TERMS = `WITH r AS (SELECT json_extract(value, '$.county') AS county, json_extract(value, '$.start') AS term_start,
                 json_extract(value, '$.end') AS term_end, json_extract(value, '$.months') AS months FROM json_each(?4))`;
/** An activity the Summary counts as completed (core/fill/summary.ts), on a day of its county's term. */
const HELD = `x.counted = 1 AND x.date >= r.term_start AND x.date <= r.term_end
              AND (x.status = 'done' OR (x.status IS NULL AND x.date <= ?3))`;

export function totalsQueries(g: GroupBy) {
  const k = KEY[g].key;
  const from = (table: string) => `FROM ${table} x JOIN schools s ON s.code = x.school WHERE x.term = ?1 AND x.deleted = 0 AND ${SCOPE}`;
  const held = `FROM t_schedule x JOIN schools s ON s.code = x.school JOIN r ON r.county = s.county
                WHERE x.term = ?1 AND x.deleted = 0 AND ${SCOPE} AND ${HELD}`;
  return {
    base: `SELECT ${k} AS key, ${KEY[g].name} AS name, MIN(s.county) AS county, COUNT(*) AS schools, COUNT(ts.school) AS synced,
             COALESCE(SUM(w.n), 0) AS warnings
           FROM schools s
           LEFT JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1
           LEFT JOIN (SELECT school, SUM(count) AS n FROM warnings WHERE term = ?1 AND severity != 'info' GROUP BY school) w
             ON w.school = s.code
           LEFT JOIN counties cn ON cn.code = s.county
           -- A school retired from a term on is not counted in that term or later ones (routes/schools.ts, migration 0006).
           WHERE ${SCOPE} AND (s.retired_from IS NULL OR ?1 < s.retired_from) GROUP BY ${k}`,
    teachers: `SELECT ${k} AS key, COUNT(DISTINCT x.teacher_id) AS teachers ${from('t_teachers')} AND x.counted = 1 GROUP BY ${k}`,
    partnerships: `SELECT ${k} AS key, COUNT(DISTINCT x.supporting_code || '|' || x.aided_code) AS partnerships
                   ${from('t_partnerships')} AND x.counted = 1 GROUP BY ${k}`,
    pairings: `SELECT ${k} AS key, COUNT(DISTINCT x.mentor_id || '|' || x.mentee_id) AS pairings,
                 COUNT(DISTINCT x.mentor_id) AS mentors, COUNT(DISTINCT x.mentee_id) AS mentees
               ${from('t_pairings')} AND x.counted = 1 GROUP BY ${k}`,
    activities: `${TERMS} SELECT key, SUM(n) AS activities FROM (${activitiesOnce(k, held)}) GROUP BY key`,
    taking_part: `${TERMS} SELECT ${k} AS key, COALESCE(SUM(x.teachers), 0) AS teachers_taking_part,
                   COALESCE(SUM(x.students), 0) AS students_taking_part
                 ${held} GROUP BY ${k}`,
    byType: `${TERMS} SELECT key, type, SUM(n) AS n FROM (${activitiesOnce(k, held)}) GROUP BY key, type`,
    // Only schools that synced the term: one that did not is counted by reporting_rate instead.
    emptyMonths: `${TERMS} SELECT ${k} AS key, SUM((
                    SELECT COUNT(*) FROM json_each(r.months) m WHERE NOT EXISTS (
                      SELECT 1 FROM t_schedule x WHERE x.school = s.code AND x.term = ?1 AND x.deleted = 0
                        AND x.month = m.value AND ${HELD}))) AS months_without_activity
                  FROM schools s JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1 JOIN r ON r.county = s.county
                  WHERE ${SCOPE} GROUP BY ${k}`,
    rotation: `SELECT ${k} AS key, COUNT(DISTINCT x.teacher_id) AS rotation_teachers, COUNT(*) AS rotation_person_times
               ${from('t_support')} AND x.kind = 'rotation' AND x.counts_rotation = 1 GROUP BY ${k}`,
    support: `SELECT key, COALESCE(SUM(yuan), 0) AS donations_yuan, COALESCE(SUM(beneficiaries), 0) AS beneficiaries
              FROM (${supportOnce(k, `${from('t_support')} AND x.counted = 1`)}) GROUP BY key`,
    // One counted row per school and teacher (derive counts a school's first row of a teacher).
    assessment: `SELECT ${k} AS key, COUNT(*) AS assessed, COALESCE(SUM(x.result = 'pass'), 0) AS passed
                 ${from('t_assessment')} AND x.counted = 1 GROUP BY ${k}`,
    indicators: `SELECT ${k} AS key, json_extract(i.value, '$.key') AS indicator,
                   SUM(json_extract(i.value, '$.target')) AS target, SUM(json_extract(i.value, '$.completed')) AS completed
                 FROM schools s JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1, json_each(ts.indicators) i
                 WHERE ${SCOPE} GROUP BY ${k}, indicator`,
  };
}

/**
 * Per group and activity: how many times it counts (`n`) and its type, of the rows `from` selects.
 * A joint activity is keyed by date, type, host and guest (codes as idKey); any other row is an
 * activity of its own.
 */
function activitiesOnce(k: string, from: string): string {
  // host_school and guest_school are stored as idKey (tables.ts); a registered school code is
  // letters, digits, _ and -, whose idKey is its lower case.
  const joint = `(x.date IS NOT NULL AND x.type IS NOT NULL AND x.host_school IS NOT NULL AND x.guest_school IS NOT NULL
                  AND LOWER(x.school) IN (x.host_school, x.guest_school))`;
  const activity = `CASE WHEN ${joint} THEN 'j|' || x.date || '|' || x.type || '|' || x.host_school || '|' || x.guest_school
                      ELSE 'r|' || x.school || '|' || x.id END`;
  return `SELECT key, activity, MAX(type) AS type, MAX(c) AS n FROM (
            SELECT ${k} AS key, x.school AS school, ${activity} AS activity, MAX(x.type) AS type, COUNT(*) AS c
            ${from} GROUP BY ${k}, x.school, activity)
          GROUP BY key, activity`;
}

/**
 * Per group and support event: its yuan and beneficiaries, each the most any one school of the
 * group recorded for it. An event both schools record (a row naming a from and a to school,
 * recorded by one of them, with its kind and start date, and for a rotation its teacher) is keyed by
 * those (json_array: no separator to clash with); any other row is an event of its own. Rotation
 * person-times are not counted here: only the sending school's rows count them.
 */
function supportOnce(k: string, from: string): string {
  const joint = `(x.kind IS NOT NULL AND x.from_school IS NOT NULL AND x.to_school IS NOT NULL AND x.start_date IS NOT NULL
                  AND (x.kind != 'rotation' OR x.teacher_id IS NOT NULL)
                  AND LOWER(x.school) IN (x.from_school, x.to_school))`;
  const event = `CASE WHEN ${joint}
                   THEN json_array('j', x.kind, x.from_school, x.to_school, x.start_date, CASE WHEN x.kind = 'rotation' THEN x.teacher_id END)
                   ELSE json_array('r', x.school, x.id) END`;
  return `SELECT key, event, MAX(yuan) AS yuan, MAX(beneficiaries) AS beneficiaries FROM (
            SELECT ${k} AS key, x.school AS school, ${event} AS event,
                   SUM(CASE WHEN x.kind IN ('donation', 'funding') THEN x.amount END) AS yuan,
                   SUM(x.beneficiaries) AS beneficiaries
            ${from} GROUP BY ${k}, x.school, event)
          GROUP BY key, event`;
}

export const ACTIVITY_TYPES = ENUMS.activity_type.values.map((v) => v.code);

export const NUMBER_FIELDS = [
  'schools',
  'teachers',
  'partnerships',
  'pairings',
  'mentors',
  'mentees',
  'activities',
  'months_without_activity',
  'teachers_taking_part',
  'students_taking_part',
  'rotation_teachers',
  'rotation_person_times',
  'donations_yuan',
  'beneficiaries',
  'assessed',
  'passed',
  'pass_rate',
  'reporting_rate',
  'warnings',
] as const;

/** The Summary's indicators, in its order, with their names (core's `indicators` over nothing). */
export const INDICATORS: readonly { key: string; zh: string; en: string }[] = indicators(
  { lang: 'zh', sheets: {}, issues: [], rules: DEFAULT_RULES, program: { school_code: null, school_name: null, county: null, town: null, school_level: null, term: null } },
  '2000-01-01',
).map(({ key, zh, en }) => ({ key, zh, en }));

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

export async function runTotals(
  db: D1DatabaseSession,
  g: GroupBy,
  term: string,
  county: string | null,
  today: string,
  terms: CountyTerm[],
): Promise<TotalsRow[]> {
  const q = totalsQueries(g);
  const names = Object.keys(q) as (keyof typeof q)[];
  const params = [term, county, today, JSON.stringify(terms)];
  const results = await db.batch(
    names.map((n) => {
      // Each statement is bound the parameters it names (?1 to its highest).
      const used = Math.max(...[...q[n].matchAll(/\?(\d)/g)].map((m) => Number(m[1])));
      return db.prepare(q[n]).bind(...params.slice(0, used));
    }),
  );
  const byName = Object.fromEntries(names.map((n, i) => [n, results[i].results as Record<string, unknown>[]]));
  const rows = new Map<string, TotalsRow>();
  for (const b of byName.base) {
    const row = { key: String(b.key), name: String(b.name || b.key), county: String(b.county), activities_by_type: {}, indicators: {} } as TotalsRow;
    for (const f of NUMBER_FIELDS) row[f] = 0;
    for (const i of INDICATORS) row.indicators[i.key] = { target: 0, completed: 0, rate: null };
    row.schools = Number(b.schools);
    row.warnings = Number(b.warnings);
    row.reporting_rate = row.schools ? round(Number(b.synced) / row.schools) : null;
    rows.set(row.key, row);
  }
  for (const n of names) {
    if (n === 'base' || n === 'byType' || n === 'indicators') continue;
    for (const r of byName[n]) {
      const row = rows.get(String(r.key));
      if (!row) continue;
      for (const [f, v] of Object.entries(r)) if (f !== 'key') (row as Record<string, unknown>)[f] = Number(v ?? 0);
    }
  }
  for (const r of byName.byType) {
    const row = rows.get(String(r.key));
    if (row && r.type) row.activities_by_type[String(r.type)] = Number(r.n);
  }
  for (const r of byName.indicators) {
    const ind = rows.get(String(r.key))?.indicators[String(r.indicator)];
    if (!ind) continue;
    ind.target = Number(r.target ?? 0);
    ind.completed = Number(r.completed ?? 0);
  }
  for (const row of rows.values()) {
    row.pass_rate = row.assessed ? round(Number(row.passed) / Number(row.assessed)) : null;
    // As the Summary sheet writes a rate (core/fill/summary.ts): 3 decimals, none without a target.
    for (const ind of Object.values(row.indicators)) ind.rate = ind.target > 0 ? Math.round((ind.completed / ind.target) * 1000) / 1000 : null;
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
