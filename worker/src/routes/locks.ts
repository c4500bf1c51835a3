/** POST /api/v1/terms/:term/lock and /unlock: a bureau closes or reopens a term's reporting in its county. */
import { Hono } from 'hono';
import { auditStmt } from '../audit';
import { countyScope, existingCounty } from '../auth';
import { validate } from '../body';
import { nowIso, type AppEnv, type Ctx } from '../env';
import { Term } from '../schemas';
import { z } from 'zod';
import { RULES_ROUTES } from '../../../core/api/rules';
import { route } from '../route';

async function setLock(c: Ctx, locked: boolean) {
  const who = c.var.who;
  // Validated as a named field so a bad one is reported as `term: ...`, not as the body.
  const { term } = validate(z.object({ term: Term }), { term: c.req.param('term') });
  const county = await existingCounty(c, countyScope(c, c.req.query('county')));
  const db = c.var.db;
  await db.batch([
    locked
      ? db
          .prepare('INSERT INTO term_locks (county, term, locked_at, locked_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
          .bind(county, term, nowIso(), who.tokenId)
      : db.prepare('DELETE FROM term_locks WHERE county = ? AND term = ?').bind(county, term),
    auditStmt(db, who, locked ? 'term.lock' : 'term.unlock', `${county}/${term}`),
  ]);
  return c.json({ term, county, locked });
}

export const lockRoutes = new Hono<AppEnv>();
route(lockRoutes, RULES_ROUTES.lock, (c) => setLock(c, true));
route(lockRoutes, RULES_ROUTES.unlock, (c) => setLock(c, false));
