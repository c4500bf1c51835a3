/** The bureau's rule values per county and term, over DEFAULT_RULES. */
import { DEFAULT_RULES, type Rules } from '../../core/rules';

export async function loadRuleOverrides(db: D1DatabaseSession, county: string, term: string) {
  const row = await db
    .prepare('SELECT rules_json, updated_at FROM rules WHERE county = ? AND term = ?')
    .bind(county, term)
    .first<{ rules_json: string; updated_at: string }>();
  return { overrides: row ? (JSON.parse(row.rules_json) as Partial<Rules>) : {}, updated_at: row?.updated_at ?? null };
}

export async function loadRules(db: D1DatabaseSession, county: string, term: string): Promise<Rules> {
  const { overrides } = await loadRuleOverrides(db, county, term);
  return { ...DEFAULT_RULES, ...overrides };
}
