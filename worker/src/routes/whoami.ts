/**
 * GET /api/v1/whoami: what the token is (role, scope, label), so a client learns its role without
 * probing a route that refuses it; with ?term= also whether the county's bureau closed that term.
 */
import { Hono } from 'hono';
import { countyScope } from '../auth';
import { validate } from '../body';
import type { AppEnv } from '../env';
import { ADMIN_ROUTES, WhoAmIQuery as Query } from '../../../core/api/admin';
import { route } from '../route';
import { isTermLocked } from '../term-lock';

export const whoamiRoutes = new Hono<AppEnv>();
route(whoamiRoutes, ADMIN_ROUTES.whoami, async (c) => {
  const who = c.var.who;
  const q = validate(Query, c.req.query());
  const db = c.var.db;
  const out: Record<string, unknown> = { role: who.role, token_id: who.tokenId };
  if (who.role !== 'admin') {
    const t = await db
      .prepare(
        `SELECT t.label, s.name, n.name AS county_name FROM tokens t
         LEFT JOIN schools s ON s.code = t.school LEFT JOIN counties n ON n.code = ?2 WHERE t.id = ?1`,
      )
      .bind(who.tokenId, who.county)
      .first<{ label: string | null; name: string | null; county_name: string | null }>();
    out.county = who.county;
    out.county_name = t?.county_name ?? null;
    if (who.role === 'school') {
      out.school = who.school;
      out.school_name = t?.name ?? null;
    }
    if (t?.label) out.label = t.label;
  }
  if (q.term) {
    // A bureau or school: its own county; the admin names one (400 without, as elsewhere).
    const county = countyScope(c, q.county);
    if (who.role === 'admin') out.county = county;
    const locked = await isTermLocked(db, county, q.term);
    out.term = q.term;
    out.term_locked = !!locked;
  }
  return c.json(out);
});
