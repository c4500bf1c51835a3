import { auditStmt } from '../audit';
import { readBody } from '../body';
import { requireRole } from '../auth';
import { conflict, forbidden } from '../errors';
import { nowIso, type App } from '../env';
import { SchoolCreate } from '../schemas';

export function schoolRoutes(app: App) {
  app.post('/api/v1/schools', async (c) => {
    const who = requireRole(c, 'admin', 'bureau');
    const body = await readBody(c, SchoolCreate);
    if (who.role === 'bureau' && body.county !== who.county) {
      throw forbidden(`A bureau token of ${who.county} cannot register a school in ${body.county}`);
    }
    const db = c.var.db;
    const taken = await db.prepare('SELECT 1 FROM schools WHERE code = ?').bind(body.code).first();
    if (taken) throw conflict(`School code ${body.code} is taken`);
    const created_at = nowIso();
    try {
      await db.batch([
        db
          .prepare('INSERT INTO schools (code, name, county, town, level, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .bind(body.code, body.name, body.county, body.town ?? null, body.level ?? null, created_at),
        db.prepare('INSERT INTO school_state (school, revision) VALUES (?, 0)').bind(body.code),
        auditStmt(db, who, 'school.create', body.code, body),
      ]);
    } catch (e) {
      // Two registrations racing for one code: the primary key decides.
      if (/UNIQUE|PRIMARY KEY/i.test(String(e))) throw conflict(`School code ${body.code} is taken`);
      throw e;
    }
    return c.json({ ...body, created_at }, 201);
  });
}
