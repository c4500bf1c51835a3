/** GET/PUT /api/v1/rules: the rule values a bureau publishes for a term and county; schools pull them. */
import { Hono } from 'hono';
import { DEFAULT_RULES, type RuleKey, type Rules } from '../../../core/rules';
import { termRange } from '../../../core/term';
import { auditStmt } from '../audit';
import { countyScope, existingCounty } from '../auth';
import { readBody, validate } from '../body';
import { badRequest } from '../errors';
import { nowIso, type AppEnv } from '../env';
import { loadRuleOverrides } from '../rules-store';
import { RulesPut } from '../schemas';
import { refreshStale } from '../sync/refresh';
import { todayInChina } from '../sync/warnings';
import { RULES_ROUTES, RulesQuery as Query } from '../../../core/api/rules';
import { route } from '../route';

/**
 * Term dates that give a term no day. Judged as core computes a term's range (core/term.ts
 * termRange: term 1 crosses the new year when its end month comes before its start month, so
 * 09-01..01-31 is a term; 09-15..09-10 ends before it starts), for the school year of the term put,
 * and only for the terms whose dates this PUT names. The field named is the end (or the start, when
 * the PUT names only that).
 */
function refuseEmptyTerms(term: string, rules: Rules, put: Partial<Record<RuleKey, unknown>>) {
  // The school year as the term writes it (`0999-1000`): schemas.ts Term validated it. (Not from
  // the years as numbers, which lose the leading zeros that termRange's pattern needs.)
  const year = term.slice(0, 9);
  for (const n of [1, 2] as const) {
    const startKey: RuleKey = `term${n}_start`;
    const endKey: RuleKey = `term${n}_end`;
    if (!(startKey in put) && !(endKey in put)) continue;
    const { start, end } = termRange(`${year}-${n}`, rules);
    if (end >= start) continue;
    const path = `rules.${endKey in put ? endKey : startKey}`;
    const message = `term ${n} would end on ${end}, before it starts on ${start} (${startKey} ${rules[startKey]}, ${endKey} ${rules[endKey]})`;
    throw badRequest(`${path}: ${message}`, [{ path, message }]);
  }
}

export const rulesRoutes = new Hono<AppEnv>();
route(rulesRoutes, RULES_ROUTES.rules, async (c) => {
  const q = validate(Query, c.req.query());
  const county = countyScope(c, q.county);
  const { overrides, updated_at } = await loadRuleOverrides(c.var.db, county, q.term);
  return c.json({ term: q.term, county, rules: { ...DEFAULT_RULES, ...overrides }, overrides, updated_at });
});

route(rulesRoutes, RULES_ROUTES.rulesPut, async (c) => {
  const who = c.var.who;
  const body = await readBody(c, RulesPut);
  const county = await existingCounty(c, countyScope(c, body.county));
  const db = c.var.db;
  const { overrides } = await loadRuleOverrides(db, county, body.term);
  // A PUT names the values it changes; the others keep what the bureau set before.
  const merged = { ...overrides, ...body.rules };
  refuseEmptyTerms(body.term, { ...DEFAULT_RULES, ...merged }, body.rules);
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
  // The county's schools' warnings, Assessment scores and figures of the term were derived with
  // the rules before: derive them again now (a bounded number; reads of the totals and the
  // compliance list do the rest, sync/refresh.ts).
  await refreshStale(db, body.term, county, todayInChina());
  return c.json({ term: body.term, county, rules: { ...DEFAULT_RULES, ...merged }, overrides: merged, updated_at: at });
});
