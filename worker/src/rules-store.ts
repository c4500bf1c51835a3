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

/** DEFAULT_RULES with a stored rules_json over them. */
export const rulesOf = (text: string | null): Rules => ({ ...DEFAULT_RULES, ...(text ? (JSON.parse(text) as Partial<Rules>) : {}) });

/** The term's rules of each county that has a school (or of the one county named), by county. */
export async function loadCountyRules(db: D1DatabaseSession, term: string, county: string | null): Promise<Map<string, Rules>> {
  const [counties, rules] = await db.batch([
    db.prepare('SELECT DISTINCT county FROM schools WHERE (?1 IS NULL OR county = ?1)').bind(county),
    db.prepare('SELECT county, rules_json FROM rules WHERE term = ?1 AND (?2 IS NULL OR county = ?2)').bind(term, county),
  ]);
  const texts = new Map((rules.results as { county: string; rules_json: string }[]).map((r) => [r.county, r.rules_json]));
  const out = new Map<string, Rules>();
  for (const c of counties.results as { county: string }[]) out.set(c.county, rulesOf(texts.get(c.county) ?? null));
  if (county && !out.has(county)) out.set(county, rulesOf(texts.get(county) ?? null));
  return out;
}
