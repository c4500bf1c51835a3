/**
 * Counties' display names. A county exists by its code (on schools and tokens); its bureau, or the
 * admin, gives it a name, which the totals show for the county and whoami beside the code.
 *   PUT /api/v1/counties/:code {name}: admin any county; a bureau its own.
 *   GET /api/v1/counties: the admin every county with a school or a name; anyone else their own.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { auditStmt } from '../audit';
import { readBody, validate } from '../body';
import { forbidden } from '../errors';
import { nowIso, type AppEnv } from '../env';
import { Code, CountyName } from '../schemas';
import { ADMIN_ROUTES } from '../../../core/api/admin';
import { route } from '../route';

const Path = z.object({ code: Code });

export const countyRoutes = new Hono<AppEnv>();
route(countyRoutes, ADMIN_ROUTES.countyName, async (c) => {
  const who = c.var.who;
  const { code } = validate(Path, { code: c.req.param('code') });
  if (who.role === 'bureau' && code !== who.county) throw forbidden(`A bureau token of ${who.county} cannot name county ${code}`);
  const body = await readBody(c, CountyName);
  const db = c.var.db;
  const updated_at = nowIso();
  await db.batch([
    db
      .prepare(
        `INSERT INTO counties (code, name, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (code) DO UPDATE SET name = ?2, updated_at = ?3, updated_by = ?4`,
      )
      .bind(code, body.name, updated_at, who.tokenId),
    auditStmt(db, who, 'county.name', code, body),
  ]);
  return c.json({ code, name: body.name, updated_at });
});

route(countyRoutes, ADMIN_ROUTES.counties, async (c) => {
  const who = c.var.who;
  const own = who.role === 'admin' ? null : who.county;
  const { results } = await c.var.db
    .prepare(
      `SELECT k.code AS code, n.name AS name, n.updated_at AS updated_at
       FROM (SELECT county AS code FROM schools UNION SELECT code FROM counties) k
       LEFT JOIN counties n ON n.code = k.code
       WHERE ?1 IS NULL OR k.code = ?1 ORDER BY k.code`,
    )
    .bind(own)
    .all<{ code: string; name: string | null; updated_at: string | null }>();
  // A bureau or school whose county has no school yet still gets its own county back.
  const counties = own !== null && results.length === 0 ? [{ code: own, name: null, updated_at: null }] : results;
  return c.json({ counties });
});
