/**
 * GET /api/v1/compliance: each school's open warnings by code, and the schools that have not synced.
 * Beside the codes (for machines), each code's title in Chinese and English (core/issue-titles.ts)
 * and the last sync in Beijing time, so no reader has to know a code or do time-zone sums.
 */
import { Hono } from 'hono';
import { chinaTime } from '../../../core/china-time';
import { issueTitle } from '../../../core/issue-titles';
import { countyScope } from '../auth';
import { validate } from '../body';
import type { AppEnv } from '../env';
import { dbFor } from '../shards';
import { refreshStale } from '../sync/refresh';
import { todayInChina } from '../sync/warnings';
import { ComplianceQuery as Query, TOTALS_ROUTES } from '../../../core/api/totals';
import { route } from '../route';

export const complianceRoutes = new Hono<AppEnv>();
route(complianceRoutes, TOTALS_ROUTES.compliance, async (c) => {
  const q = validate(Query, c.req.query());
  const county = countyScope(c, q.county);
  const db = dbFor(c, county);
  // Warnings derived with rules the bureau has changed since are derived again first (sync/refresh.ts).
  const stale = await refreshStale(db, q.term, county, todayInChina());
  const [schools, warnings] = await db.batch([
    db
      .prepare(
        `SELECT s.code, s.name, s.town, ts.last_sync_at FROM schools s
         LEFT JOIN term_syncs ts ON ts.school = s.code AND ts.term = ?2
         -- A school retired from a term on takes no part in that term or later ones (as totals-sql.ts's base).
         WHERE s.county = ?1 AND (s.retired_from IS NULL OR ?2 < s.retired_from) ORDER BY s.code`,
      )
      .bind(county, q.term),
    db
      .prepare(
        `SELECT w.school, w.code, w.count FROM warnings w JOIN schools s ON s.code = w.school
         WHERE s.county = ?1 AND w.term = ?2 AND w.severity != 'info' AND (s.retired_from IS NULL OR ?2 < s.retired_from)
         ORDER BY w.school, w.code`,
      )
      .bind(county, q.term),
  ]);
  const bySchool = new Map<string, Record<string, number>>();
  for (const w of warnings.results as { school: string; code: string; count: number }[]) {
    const m = bySchool.get(w.school) ?? {};
    m[w.code] = w.count;
    bySchool.set(w.school, m);
  }
  const list = (schools.results as { code: string; name: string; town: string | null; last_sync_at: string | null }[]).map((s) => {
    const w = bySchool.get(s.code) ?? {};
    return {
      code: s.code,
      name: s.name,
      town: s.town,
      synced: s.last_sync_at !== null,
      last_sync_at: s.last_sync_at,
      last_sync_local: chinaTime(s.last_sync_at),
      open: Object.values(w).reduce((a, b) => a + b, 0),
      warnings: w,
      // In the order of `warnings` (by code): the same counts, with the words.
      warning_details: Object.entries(w).map(([code, count]) => ({
        code,
        count,
        zh: issueTitle(code, 'zh'),
        en: issueTitle(code, 'en'),
      })),
    };
  });
  return c.json({
    term: q.term,
    county,
    stale_schools: stale,
    schools: list,
    not_synced: list.filter((s) => !s.synced).map((s) => ({ code: s.code, name: s.name })),
  });
});
