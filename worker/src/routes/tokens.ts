import { Hono } from 'hono';
import { auditStmt } from '../audit';
import { readBody } from '../body';
import { newId, newToken, sha256Hex } from '../crypto';
import { ApiError, forbidden, notFound } from '../errors';
import { nowIso, type AppEnv } from '../env';
import { TokenCreate } from '../schemas';
import { ADMIN_ROUTES } from '../../../core/api/admin';
import { route } from '../route';

export const tokenRoutes = new Hono<AppEnv>();
route(tokenRoutes, ADMIN_ROUTES.tokenCreate, async (c) => {
  const who = c.var.who;
  const body = await readBody(c, TokenCreate);
  const db = c.var.db;
  let school: string | null = null;
  let county: string | null = null;
  if (body.role === 'school') {
    if (!body.school) throw new ApiError(400, 'bad_request', 'school: required for a school token');
    const s = await db.prepare('SELECT county FROM schools WHERE code = ?').bind(body.school).first<{ county: string }>();
    // A bureau gets the same answer for a school elsewhere and for none at all: it must not
    // learn which codes exist outside its county. The admin sees everything, so a 404 helps it.
    if (who.role === 'bureau' && s?.county !== who.county) {
      throw forbidden(`School ${body.school} is not a school of your county (${who.county})`);
    }
    if (!s) throw notFound(`No school ${body.school}`);
    school = body.school;
  } else {
    if (who.role !== 'admin') throw forbidden('Only the admin issues bureau tokens');
    if (!body.county) throw new ApiError(400, 'bad_request', 'county: required for a bureau token');
    county = body.county;
  }
  const id = newId('tok');
  const token = newToken();
  await db.batch([
    db
      .prepare('INSERT INTO tokens (id, hash, role, school, county, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(id, await sha256Hex(token), body.role, school, county, body.label ?? null, nowIso(), who.tokenId),
    auditStmt(db, who, 'token.create', id, { role: body.role, school, county, label: body.label }),
  ]);
  return c.json({ id, token, role: body.role, ...(school ? { school } : {}), ...(county ? { county } : {}) }, 201);
});

route(tokenRoutes, ADMIN_ROUTES.tokenRevoke, async (c) => {
  const who = c.var.who;
  const id = c.req.param('id');
  const db = c.var.db;
  const t = await db
    .prepare(
      `SELECT t.id, t.role, t.revoked_at, COALESCE(t.county, s.county) AS county
       FROM tokens t LEFT JOIN schools s ON s.code = t.school WHERE t.id = ?`,
    )
    .bind(id)
    .first<{ id: string; role: string; revoked_at: string | null; county: string | null }>();
  // A bureau must not learn which ids exist outside its county: same 404 as a missing one.
  if (!t || (who.role === 'bureau' && (t.role !== 'school' || t.county !== who.county))) throw notFound(`No token ${id}`);
  if (!t.revoked_at) {
    await db.batch([
      db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').bind(nowIso(), id),
      auditStmt(db, who, 'token.revoke', id),
    ]);
  }
  return c.body(null, 204);
});
