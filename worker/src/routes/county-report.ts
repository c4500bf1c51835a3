/**
 * GET /api/v1/reports/county.docx?term=&county=[&lang=]: the bureau's county report as Word: the
 * totals per town and school (runTotals, as GET /totals gives them), the reporting rate (schools
 * that submitted a report), the schools not reported, reports approved and returned, and the
 * commonest compliance gaps (open issues by code over the county's schools).
 */
import { Hono } from 'hono';
import { countyReportModel, type CountyFigures, type ReportStateName } from '../../../core/report/county';
import { countyDocx } from '../../../report/county-docx';
import { DOCX_TYPE } from '../../../report/docx-common';
import { countyScope } from '../auth';
import { validate } from '../body';
import type { AppEnv } from '../env';
import { loadCountyRules } from '../rules-store';
import { takingPart } from '../reports/part';
import { refreshStale } from '../sync/refresh';
import { todayInChina } from '../sync/warnings';
import { countyTerms, runTotals, type TotalsRow } from '../totals-sql';
import { CountyReportQuery as Query, REPORT_ROUTES } from '../../../core/api/reports';
import { route } from '../route';

const figuresOf = (r: TotalsRow | undefined, name: string): CountyFigures => ({
  name,
  partnerships: r?.partnerships ?? 0,
  pairings: r?.pairings ?? 0,
  activities: r?.activities ?? 0,
  rotation_teachers: r?.rotation_teachers ?? 0,
  donations_yuan: r?.donations_yuan ?? 0,
  assessed: r?.assessed ?? 0,
  passed: r?.passed ?? 0,
  warnings: r?.warnings ?? 0,
});

export const countyReportRoutes = new Hono<AppEnv>();
route(countyReportRoutes, REPORT_ROUTES.countyReport, async (c) => {
  const q = validate(Query, c.req.query());
  const county = countyScope(c, q.county);
  const db = c.var.db;
  const today = todayInChina();
  const rules = await loadCountyRules(db, q.term, county);
  await refreshStale(db, q.term, county, today, rules);
  const terms = countyTerms(q.term, rules, today);
  const [towns, schoolTotals] = await Promise.all([
    runTotals(db, 'town', q.term, county, today, terms),
    runTotals(db, 'school', q.term, county, today, terms),
  ]);
  const [schools, gaps, name] = await db.batch([
    db
      .prepare(
        `SELECT s.code, s.name, s.town, COALESCE(rs.state, 'not_submitted') AS state FROM schools s
         LEFT JOIN report_state rs ON rs.school = s.code AND rs.term = ?2
         -- Only the schools taking part: one retired from the term on is neither "not reported" nor listed (reports/part.ts).
         WHERE s.county = ?1 AND ${takingPart('s', '?2')} ORDER BY s.town, s.code`,
      )
      .bind(county, q.term),
    db
      .prepare(
        `SELECT w.code, COUNT(DISTINCT w.school) AS schools, SUM(w.count) AS count FROM warnings w JOIN schools s ON s.code = w.school
         WHERE s.county = ?1 AND w.term = ?2 AND w.severity != 'info' AND ${takingPart('s', '?2')} GROUP BY w.code`,
      )
      .bind(county, q.term),
    db.prepare('SELECT name FROM counties WHERE code = ?').bind(county),
  ]);
  const bySchool = new Map(schoolTotals.map((r) => [r.key, r]));
  const model = countyReportModel({
    lang: q.lang,
    county: { code: county, name: (name.results[0] as { name: string } | undefined)?.name ?? null },
    term: q.term,
    date: today,
    towns: towns.map((r) => figuresOf(r, r.name || '—')),
    schools: (schools.results as { code: string; name: string; town: string | null; state: ReportStateName }[]).map((s) => ({
      ...figuresOf(bySchool.get(s.code), s.name),
      code: s.code,
      town: s.town,
      state: s.state,
    })),
    gaps: gaps.results as { code: string; schools: number; count: number }[],
  });
  const bytes = await countyDocx(model);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': DOCX_TYPE,
    'Content-Disposition': `attachment; filename="county-report-${county}-${q.term}.docx"`,
    'Cache-Control': 'private, no-store',
  });
});
