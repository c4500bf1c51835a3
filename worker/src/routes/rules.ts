/** GET/PUT /api/v1/rules: the rule values a bureau publishes for a term and county; schools pull them. */
import { DEFAULT_RULES } from '../../../core/rules';
import { auditStmt } from '../audit';
import { countyScope, requireRole } from '../auth';
import { readBody, validate } from '../body';
import { nowIso, type App } from '../env';
import { loadRuleOverrides } from '../rules-store';
import { RulesPut, Term } from '../schemas';
import { z } from 'zod';

const Query = z.object({ term: Term, county: z.string().optional() });

export function rulesRoutes(app: App) {
  app.get('/api/v1/rules', async (c) => {
    const q = validate(Query, c.req.query());
    const county = countyScope(c, q.county);
    const { overrides, updated_at } = await loadRuleOverrides(c.var.db, county, q.term);
    return c.json({ term: q.term, county, rules: { ...DEFAULT_RULES, ...overrides }, overrides, updated_at });
  });

  app.put('/api/v1/rules', async (c) => {
    const who = requireRole(c, 'admin', 'bureau');
    const body = await readBody(c, RulesPut);
    const county = countyScope(c, body.county);
    const db = c.var.db;
    const { overrides } = await loadRuleOverrides(db, county, body.term);
    // A PUT names the values it changes; the others keep what the bureau set before.
    const merged = { ...overrides, ...body.rules };
    const at = nowIso();
    await db.batch([
      db
        .prepare(
          `INSERT INTO rules (county, term, rules_json, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT (county, term) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .bind(county, body.term, JSON.stringify(merged), at, who.tokenId),
      auditStmt(db, who, 'rules.put', `${county}/${body.term}`, body.rules),
    ]);
    return c.json({ term: body.term, county, rules: { ...DEFAULT_RULES, ...merged }, overrides: merged, updated_at: at });
  });
}
