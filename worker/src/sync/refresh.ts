/**
 * Deriving a school's figures again when they went stale without the school syncing: the bureau
 * changed the term's rules (PUT /rules), this code's derivation changed (DERIVE_VERSION), or a day
 * came that changes them (an activity's date: `valid_until`). A school's term_syncs row says what
 * its figures were derived with (`derived`: derivedStamp, the version and the county's rules) and
 * until when they hold; reads of the totals and the compliance list, and PUT /rules, derive the stale ones of their
 * scope again before answering, at most REFRESH_BUDGET schools a request (each costs two D1
 * round trips and its rows in memory), and say how many are left (`stale_schools`).
 *
 * Each school is written in one batch (one transaction) guarded by its revision: if it synced
 * meanwhile, the sync derived its figures itself and this write is dropped.
 */
import type { Rules } from '../../../core/rules';
import { loadCountyRules } from '../rules-store';
import { changedAssessments } from './assessment';
import { derive, derivedStamp } from './derive';
import { loadStored } from './stored';
import type { SchoolInfo } from './warnings';
import { changedCounted, derivedStatements } from './write';

/** Schools derived again at most per request. */
export const REFRESH_BUDGET = 25;

/** Parameters: ?1 term, ?2 county or NULL, ?3 JSON array of [county, derivedStamp of its rules], ?4 today. */
const STALE = `FROM term_syncs ts JOIN schools s ON s.code = ts.school
  JOIN (SELECT json_extract(value, '$[0]') AS county, json_extract(value, '$[1]') AS stamp FROM json_each(?3)) r ON r.county = s.county
  WHERE ts.term = ?1 AND (?2 IS NULL OR s.county = ?2) AND (ts.derived IS NOT r.stamp OR ts.valid_until <= ?4)`;

type StaleSchool = SchoolInfo & { revision: number };

/**
 * Derives the stale schools of a term (one county, or every county) again; returns how many are
 * left stale. `rules`: each county's rules of the term (loaded when not given).
 */
export async function refreshStale(
  db: D1DatabaseSession,
  term: string,
  county: string | null,
  today: string,
  rules?: Map<string, Rules>,
): Promise<number> {
  const byCounty = rules ?? (await loadCountyRules(db, term, county));
  const stamps = JSON.stringify([...byCounty].map(([c, r]) => [c, derivedStamp(r)]));
  const stale = (
    await db
      .prepare(
        `SELECT s.code, s.name, s.county, s.town, s.level,
                COALESCE((SELECT revision FROM school_state WHERE school = s.code), 0) AS revision
         ${STALE} ORDER BY s.code LIMIT ?5`,
      )
      .bind(term, county, stamps, today, REFRESH_BUDGET + 1)
      .all<StaleSchool>()
  ).results;
  for (const school of stale.slice(0, REFRESH_BUDGET)) await refreshSchool(db, school, term, byCounty.get(school.county)!, today);
  if (stale.length <= REFRESH_BUDGET) return 0;
  const left = await db.prepare(`SELECT COUNT(*) AS n ${STALE}`).bind(term, county, stamps, today).first<number>('n');
  return left ?? 0;
}

async function refreshSchool(db: D1DatabaseSession, school: StaleSchool, term: string, rules: Rules, today: string): Promise<void> {
  const stored = await loadStored(db, school.code, term);
  const d = derive(school, term, rules, stored.values(), today);
  const none = new Set<string>();
  try {
    await db.batch([
      // Another sync of the school since its revision was read: it derived the figures itself.
      db
        .prepare('INSERT INTO batch_guard (ok) SELECT 0 FROM school_state WHERE school = ? AND revision != ?')
        .bind(school.code, school.revision),
      ...derivedStatements(db, school.code, term, {
        warnings: d.warnings,
        assessments: changedAssessments(d.assessments, stored, none),
        counted: changedCounted(d.counted, stored, none, d.countsRotation),
        figures: { indicators: d.indicators, derived: derivedStamp(rules), validUntil: d.validUntil, set: d.figureSet },
      }),
    ]);
  } catch (e) {
    if (!/CHECK constraint/i.test(String(e))) throw e;
  }
}
