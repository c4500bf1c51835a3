/**
 * The bureau's figures, aggregated in SQL per group (school, town or county). A pairing or
 * partnership recorded by both schools counts once: they are counted DISTINCT by their natural key
 * (mentor|mentee, supporting|aided) within a group, not by the recording school's row id.
 * Activities count when done (or with no status); planned and cancelled ones do not. A joint
 * activity (one naming a host and a guest school, recorded by one of them) that both schools log
 * counts once too: per date, type, host and guest, a group counts the most rows any one school of
 * it recorded, so two demonstration classes on one day are still two. Teachers and students taking
 * part are summed over every row: each school writes down its own people. Support (rotations,
 * donations, funding) that both schools of a partnership record counts once in the same way: per
 * kind, from school, to school, start date (and teacher, for a rotation), a group counts what the one
 * school of it that recorded the most recorded.
 *
 * A town is keyed by its county and its name (`<county>/<town>`): towns of one name in two counties
 * are two towns, which only matters when the admin totals every county at once.
 */
import { ENUMS } from '../../core/template';

export type GroupBy = 'school' | 'town' | 'county';

const KEY: Record<GroupBy, { key: string; name: string }> = {
  school: { key: 's.code', name: 'MIN(s.name)' },
  // A county code is letters, digits, _ and - (schemas.ts Code): the first '/' ends it.
  town: { key: "s.county || '/' || COALESCE(s.town, '')", name: "COALESCE(MIN(s.town), '')" },
  // A county's name where its bureau gave one (counties), else its code.
  county: { key: 's.county', name: 'COALESCE(MIN(cn.name), MIN(s.county))' },
};

/** Parameters: ?1 term, ?2 county or NULL, ?3 JSON array of the term's months that have ended. */
const SCOPE = '(?2 IS NULL OR s.county = ?2)';
const HELD = "COALESCE(x.status, 'done') = 'done'";

export function totalsQueries(g: GroupBy) {
  const k = KEY[g].key;
  const from = (table: string) => `FROM ${table} x JOIN schools s ON s.code = x.school WHERE x.term = ?1 AND x.deleted = 0 AND ${SCOPE}`;
  return {
    base: `SELECT ${k} AS key, ${KEY[g].name} AS name, MIN(s.county) AS county, COUNT(*) AS schools, COUNT(ts.school) AS synced,
             COALESCE(SUM(w.n), 0) AS warnings
           FROM schools s
           LEFT JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1
           LEFT JOIN (SELECT school, SUM(count) AS n FROM warnings WHERE term = ?1 AND severity != 'info' GROUP BY school) w
             ON w.school = s.code
           LEFT JOIN counties cn ON cn.code = s.county
           WHERE ${SCOPE} GROUP BY ${k}`,
    teachers: `SELECT ${k} AS key, COUNT(DISTINCT x.teacher_id) AS teachers ${from('t_teachers')} GROUP BY ${k}`,
    partnerships: `SELECT ${k} AS key, COUNT(DISTINCT x.supporting_code || '|' || x.aided_code) AS partnerships
                   ${from('t_partnerships')} GROUP BY ${k}`,
    pairings: `SELECT ${k} AS key, COUNT(DISTINCT x.mentor_id || '|' || x.mentee_id) AS pairings,
                 COUNT(DISTINCT x.mentor_id) AS mentors, COUNT(DISTINCT x.mentee_id) AS mentees
               ${from('t_pairings')} GROUP BY ${k}`,
    activities: `SELECT key, SUM(n) AS activities FROM (${activitiesOnce(k, from('t_schedule'))}) GROUP BY key`,
    taking_part: `SELECT ${k} AS key, COALESCE(SUM(x.teachers), 0) AS teachers_taking_part,
                   COALESCE(SUM(x.students), 0) AS students_taking_part
                 ${from('t_schedule')} AND ${HELD} GROUP BY ${k}`,
    byType: `SELECT key, type, SUM(n) AS n FROM (${activitiesOnce(k, from('t_schedule'))}) GROUP BY key, type`,
    // Only schools that synced the term: one that did not is counted by reporting_rate instead.
    emptyMonths: `SELECT ${k} AS key, SUM((
                    SELECT COUNT(*) FROM json_each(?3) m WHERE NOT EXISTS (
                      SELECT 1 FROM t_schedule x WHERE x.school = s.code AND x.term = ?1 AND x.deleted = 0
                        AND x.month = m.value AND ${HELD}))) AS months_without_activity
                  FROM schools s JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?1
                  WHERE ${SCOPE} GROUP BY ${k}`,
    rotationTeachers: `SELECT ${k} AS key, COUNT(DISTINCT CASE WHEN x.kind = 'rotation' THEN x.teacher_id END) AS rotation_teachers
                       ${from('t_support')} GROUP BY ${k}`,
    support: `SELECT key, COALESCE(SUM(times), 0) AS rotation_person_times, COALESCE(SUM(yuan), 0) AS donations_yuan,
                COALESCE(SUM(beneficiaries), 0) AS beneficiaries
              FROM (${supportOnce(k, from('t_support'))}) GROUP BY key`,
    assessment: `SELECT ${k} AS key, COUNT(x.result) AS assessed, COALESCE(SUM(x.result = 'pass'), 0) AS passed
                 ${from('t_assessment')} GROUP BY ${k}`,
  };
}

/**
 * Per group and activity: how many times it counts (`n`) and its type. A joint activity is keyed by
 * date, type, host and guest (codes as idKey); any other row is an activity of its own.
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
            ${from} AND ${HELD} GROUP BY ${k}, x.school, activity)
          GROUP BY key, activity`;
}

/**
 * Per group and support event: its rotation person-times, yuan and beneficiaries, each the most any
 * one school of the group recorded for it. An event both schools record (a row naming a from and a
 * to school, recorded by one of them, with its kind and start date, and for a rotation its teacher)
 * is keyed by those (json_array: no separator to clash with); any other row is an event of its own.
 */
function supportOnce(k: string, from: string): string {
  const joint = `(x.kind IS NOT NULL AND x.from_school IS NOT NULL AND x.to_school IS NOT NULL AND x.start_date IS NOT NULL
                  AND (x.kind != 'rotation' OR x.teacher_id IS NOT NULL)
                  AND LOWER(x.school) IN (x.from_school, x.to_school))`;
  const event = `CASE WHEN ${joint}
                   THEN json_array('j', x.kind, x.from_school, x.to_school, x.start_date, CASE WHEN x.kind = 'rotation' THEN x.teacher_id END)
                   ELSE json_array('r', x.school, x.id) END`;
  return `SELECT key, event, MAX(times) AS times, MAX(yuan) AS yuan, MAX(beneficiaries) AS beneficiaries FROM (
            SELECT ${k} AS key, x.school AS school, ${event} AS event,
                   SUM(x.kind = 'rotation') AS times,
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

export type TotalsRow = { key: string; name: string; county: string; activities_by_type: Record<string, number> } & Record<
  (typeof NUMBER_FIELDS)[number],
  number | null
>;

export async function runTotals(
  db: D1DatabaseSession,
  g: GroupBy,
  term: string,
  county: string | null,
  endedMonths: string[],
): Promise<TotalsRow[]> {
  const q = totalsQueries(g);
  const names = Object.keys(q) as (keyof typeof q)[];
  const months = JSON.stringify(endedMonths);
  const results = await db.batch(
    names.map((n) => {
      const stmt = db.prepare(q[n]);
      return n === 'emptyMonths' ? stmt.bind(term, county, months) : stmt.bind(term, county);
    }),
  );
  const byName = Object.fromEntries(names.map((n, i) => [n, results[i].results as Record<string, unknown>[]]));
  const rows = new Map<string, TotalsRow>();
  for (const b of byName.base) {
    const row = { key: String(b.key), name: String(b.name || b.key), county: String(b.county), activities_by_type: {} } as TotalsRow;
    for (const f of NUMBER_FIELDS) row[f] = 0;
    row.schools = Number(b.schools);
    row.warnings = Number(b.warnings);
    row.reporting_rate = row.schools ? round(Number(b.synced) / row.schools) : null;
    rows.set(row.key, row);
  }
  for (const n of names) {
    if (n === 'base' || n === 'byType') continue;
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
  for (const row of rows.values()) {
    row.pass_rate = row.assessed ? round(Number(row.passed) / Number(row.assessed)) : null;
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
