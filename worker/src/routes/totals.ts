/** GET /api/v1/totals: the bureau's figures per school, town or county, as JSON or CSV. */
import { DEFAULT_RULES } from '../../../core/rules';
import { termMonths } from '../../../core/term';
import { countyScope, requireRole } from '../auth';
import { validate } from '../body';
import { toCsv } from '../csv';
import type { App } from '../env';
import { loadRules } from '../rules-store';
import { GroupBy, Term } from '../schemas';
import { todayInChina } from '../sync/warnings';
import { ACTIVITY_TYPES, NUMBER_FIELDS, runTotals, type TotalsRow } from '../totals-sql';
import { z } from 'zod';

const Query = z.object({
  term: Term,
  county: z.string().optional(),
  group_by: GroupBy.default('school'),
  format: z.enum(['json', 'csv']).default('json'),
});

function csvOf(rows: TotalsRow[]): string {
  const header = ['key', 'name', 'county', ...NUMBER_FIELDS, ...ACTIVITY_TYPES.map((t) => `activities_${t}`)];
  return toCsv(
    header,
    rows.map((r) => [r.key, r.name, r.county, ...NUMBER_FIELDS.map((f) => r[f]), ...ACTIVITY_TYPES.map((t) => r.activities_by_type[t] ?? 0)]),
  );
}

export function totalsRoutes(app: App) {
  app.get('/api/v1/totals', async (c) => {
    const who = requireRole(c, 'bureau', 'admin');
    const q = validate(Query, c.req.query());
    // The admin may total every county at once; a bureau only ever its own.
    const county = who.role === 'admin' && !q.county ? null : countyScope(c, q.county);
    const rules = county ? await loadRules(c.var.db, county, q.term) : DEFAULT_RULES;
    // A month counts as without activity only once it has ended.
    const thisMonth = todayInChina().slice(0, 7);
    const ended = termMonths(q.term, rules).filter((m) => m < thisMonth);
    const rows = await runTotals(c.var.db, q.group_by, q.term, county, ended);
    if (q.format === 'csv') {
      return c.body(csvOf(rows), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="totals-${q.term}-${q.group_by}.csv"`,
      });
    }
    return c.json({ term: q.term, county, group_by: q.group_by, rows });
  });
}
