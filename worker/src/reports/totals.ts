/**
 * The term reports in the bureau's totals: per group (school, town or county), how many schools
 * submitted a report of the term (in any state: submitted, returned or approved) and how many were
 * approved, of the schools taking part in the term (a school retired from it is left out, as in the
 * totals' base query, whose `reporting_rate` is reports_submitted / schools). An additive query
 * merged into runTotals' rows by key; the keys are the ones it groups by.
 */
import { KEY as GROUP, runTotals, schoolTotals, type CountyTerm, type GroupBy, type TotalsRow } from '../totals-sql';

export const REPORT_FIELDS = ['reports_submitted', 'reports_approved'] as const;
export type WithReports = TotalsRow & Record<(typeof REPORT_FIELDS)[number], number>;

/**
 * The totals with their report counts: by school from the one statement that reads each school's
 * row (its report's state in it), else the group's totals and the counts read at once.
 */
export async function totalsWithReports(
  db: D1DatabaseSession,
  g: GroupBy,
  term: string,
  county: string | null,
  today: string,
  terms: CountyTerm[],
): Promise<WithReports[]> {
  if (g === 'school') return schoolTotals(db, term, county, terms);
  const [totals, counts] = await Promise.all([runTotals(db, g, term, county, today, terms), reportCounts(db, g, term, county)]);
  return merged(totals, counts);
}

type Counts = { key: string; submitted: number; approved: number }[];

function merged(rows: TotalsRow[], counts: Counts): WithReports[] {
  const by = new Map(counts.map((r) => [r.key, r]));
  return rows.map((r) => ({ ...r, reports_submitted: by.get(r.key)?.submitted ?? 0, reports_approved: by.get(r.key)?.approved ?? 0 }));
}

async function reportCounts(db: D1DatabaseSession, g: GroupBy, term: string, county: string | null): Promise<Counts> {
  const counts = await db
    .prepare(
      `SELECT ${GROUP[g].key} AS key, COUNT(rs.school) AS submitted, COALESCE(SUM(rs.state = 'approved'), 0) AS approved
       FROM schools s JOIN report_state rs ON rs.school = s.code AND rs.term = ?1
       WHERE (?2 IS NULL OR s.county = ?2) AND (s.retired_from IS NULL OR ?1 < s.retired_from) GROUP BY ${GROUP[g].key}`,
    )
    .bind(term, county)
    .all<{ key: string; submitted: number; approved: number }>();
  return counts.results;
}
