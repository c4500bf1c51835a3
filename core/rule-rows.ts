/**
 * The Rules sheet's rows as the template, the demo and the rules pull write them: per rule its key,
 * its name in the workbook's language (beside the key, so a teacher reads 每月至少开展活动次数 and
 * not only min_activities_per_month), its value, and how a value is written. Laid out by the
 * Rules sheet's columns (core/template.ts), so every writer puts each cell under its header; a
 * reader finds the columns by their headers, so a Rules sheet of the older layout (规则, 值, 说明)
 * reads as before.
 */
import { EXPECTED } from './messages';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, type RuleKey, type Rules } from './rules';
import { SHEET_BY_KEY } from './template';
import type { Lang } from './types';

const MONTH_DAY = new Set<RuleKey>(['term1_start', 'term1_end', 'term2_start', 'term2_end']);
const POSITIVE = new Set<RuleKey>(['practice_lesson_interval_weeks']);

/** How a value of the rule is written, in `lang`: the reader's own expected forms. */
function valueForm(k: RuleKey, lang: Lang): string {
  const kind = MONTH_DAY.has(k) ? 'month_day' : POSITIVE.has(k) ? 'positive_int' : 'int';
  return EXPECTED[kind][lang].expected;
}

/** One rule's cells by the Rules sheet's column keys. */
export function ruleCells(k: RuleKey, value: Rules[RuleKey], lang: Lang): Record<string, string | number> {
  return { rule: k, name: RULE_DESCRIPTIONS[k][lang], value, description: valueForm(k, lang) };
}

/** The Rules sheet's columns, in order. */
export const RULE_COLUMNS = SHEET_BY_KEY.rules.columns.map((c) => c.key);

/** Every rule's row (the defaults, or `rules`), as the Rules sheet's columns lay them out. */
export function ruleSheetRows(lang: Lang, rules: Rules = DEFAULT_RULES): (string | number)[][] {
  return (Object.keys(DEFAULT_RULES) as RuleKey[]).map((k) => {
    const cells = ruleCells(k, rules[k], lang);
    return RULE_COLUMNS.map((c) => cells[c] ?? '');
  });
}
