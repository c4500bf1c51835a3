/** GET /api/v1/totals: the bureau's figures per school, town or county, as JSON or CSV. */
import { Hono } from 'hono';
import { countyScope } from '../auth';
import { validate } from '../body';
import { attachment } from '../csv';
import type { AppEnv } from '../env';
import { loadCountyRules } from '../rules-store';
import { dbFor } from '../shards';
import { refreshStale } from '../sync/refresh';
import { todayInChina } from '../sync/warnings';
import { countyTerms, schoolTotalsText, type CountyTerm } from '../totals-sql';
import { totalsWithReports, type WithReports } from '../reports/totals';
import { totalsCsv } from '../totals-csv';
import { TOTALS_ROUTES, TotalsQuery as Query } from '../../../core/api/totals';
import { route } from '../route';

/** The CSV's file name in Chinese: 汇总-<term>-学校|乡镇|县区.csv. */
const GROUP_ZH = { school: '学校', town: '乡镇', county: '县区' } as const;

/** The CSV: JSON keys for machines, or headed in `lang` for people (totals-csv.ts). */
function csvOf(rows: WithReports[], lang?: 'zh' | 'en'): string {
  return totalsCsv(rows, lang);
}

/**
 * The by-school answer as JSON text: each school's row joined as it comes (totals-sql.ts
 * schoolTotalsText), never built as objects and serialised again; the same JSON as c.json gives.
 */
async function schoolJson(
  db: D1DatabaseSession,
  term: string,
  county: string | null,
  today: string,
  stale: number,
  terms: CountyTerm[],
): Promise<string> {
  const rows = await schoolTotalsText(db, term, county, terms);
  const head = JSON.stringify({ term, county, group_by: 'school', today, stale_schools: stale });
  return `${head.slice(0, -1)},"rows":[${rows.map((r) => r.text).join(',')}]}`;
}

export const totalsRoutes = new Hono<AppEnv>();
route(totalsRoutes, TOTALS_ROUTES.totals, async (c) => {
  const who = c.var.who;
  const q = validate(Query, c.req.query());
  // The admin may total every county at once; a bureau only ever its own.
  const county = who.role === 'admin' && !q.county ? null : countyScope(c, q.county);
  // One date for the whole answer: what counts as held, and what ended, is judged on it.
  const today = todayInChina();
  // Figures derived with rules the bureau has changed since (or before a day that changes them) first.
  const db = dbFor(c, county);
  const rules = await loadCountyRules(db, q.term, county);
  const stale = await refreshStale(db, q.term, county, today, rules);
  const staleHeader = { 'X-Stale-Schools': String(stale) };
  // Each county's own term dates, also when the admin totals every county.
  const terms = countyTerms(q.term, rules, today);
  if (q.group_by === 'school' && q.format === 'json') {
    return c.body(await schoolJson(db, q.term, county, today, stale, terms), 200, { 'Content-Type': 'application/json', ...staleHeader });
  }
  // The term reports submitted and approved, merged in by key (reports/totals.ts).
  const rows = await totalsWithReports(db, q.group_by, q.term, county, today, terms);
  if (q.format === 'csv') {
    return c.body(csvOf(rows, q.lang), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(`totals-${q.term}-${q.group_by}.csv`, `汇总-${q.term}-${GROUP_ZH[q.group_by]}.csv`),
      ...staleHeader,
    });
  }
  return c.json({ term: q.term, county, group_by: q.group_by, today, stale_schools: stale, rows }, 200, staleHeader);
});
