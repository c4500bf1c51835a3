/** Rules: a bureau's rules merged over the defaults, and a workbook's Rules sheet read over them. */
import type { CellValue, Issue, Lang } from '../types';
import {
  DEFAULT_RULES,
  RULE_DESCRIPTIONS,
  SIX_ONES_DESCRIPTION,
  SIX_ONES_NAMES,
  SIX_ONES_RULE,
  readSixOnes,
  type BureauRules,
  type RuleKey,
  type Rules,
} from '../rules';
import { cellAddress, normalizeLabel } from '../normalize';
import { displayValue, isEmpty, readDate, readInt, type Read } from '../values';
import { parseMonthDay } from '../term';
import { makeIssue } from '../messages';
import type { SheetRead } from './model';

const RULE_KEYS = Object.keys(DEFAULT_RULES) as RuleKey[];
/** A Rules sheet's names for each rule; `six_ones` sets the six `six_ones_*` rules at once. */
const RULE_NAMES = new Map<string, RuleKey | typeof SIX_ONES_RULE>();
for (const k of RULE_KEYS) {
  RULE_NAMES.set(normalizeLabel(k), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].zh), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].en), k);
}
for (const name of SIX_ONES_NAMES) RULE_NAMES.set(normalizeLabel(name), SIX_ONES_RULE);
const MONTH_DAY_RULES = new Set<RuleKey>(['term1_start', 'term1_end', 'term2_start', 'term2_end']);
/** A zero interval would divide by zero when practice lessons are counted. */
const POSITIVE_RULES = new Set<RuleKey>(['practice_lesson_interval_weeks']);

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** Reads one rule value; Excel turns a typed 09-01 into a date, so dates give their month-day. */
export function readRuleValue(key: RuleKey, v: CellValue): Read<number | string | null> {
  if (MONTH_DAY_RULES.has(key)) {
    if (isEmpty(v)) return { ok: true, value: null };
    if (typeof v === 'number' || v instanceof Date) {
      const d = readDate(v);
      return d.ok && d.value ? { ok: true, value: d.value.slice(5) } : { ok: false, expected: 'month_day' };
    }
    // A month-day is a few characters: a longer cell is refused before any pattern reads it.
    const t = typeof v === 'string' ? v.trim() : '';
    const s =
      t.length <= 20
        ? t
            .normalize('NFKC')
            .trim()
            .replace(/[/.月]/g, '-')
            .replace(/日$/, '')
        : '';
    const md = parseMonthDay(s);
    return md ? { ok: true, value: `${pad2(md.month)}-${pad2(md.day)}` } : { ok: false, expected: 'month_day' };
  }
  const r = readInt(v);
  if (!r.ok) return POSITIVE_RULES.has(key) ? { ok: false, expected: 'positive_int' } : r;
  if (POSITIVE_RULES.has(key) && r.value === 0) return { ok: false, expected: 'positive_int' };
  return r;
}

export function mergeRules(bureau?: BureauRules): Rules {
  const out: Rules = { ...DEFAULT_RULES };
  if (!bureau) return out;
  // `six_ones` first: a bureau's single six_ones_* value is the more precise.
  const six = readSixOnes(bureau.six_ones);
  if (six.ok && six.value) Object.assign(out, six.value);
  for (const k of RULE_KEYS) {
    const v = (bureau as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue;
    const r = readRuleValue(k, v as CellValue);
    if (r.ok && r.value !== null) (out as unknown as Record<string, unknown>)[k] = r.value;
  }
  return out;
}

export function readRulesSheet(sheet: SheetRead, lang: Lang, rules: Rules, issues: Issue[]): void {
  const ruleCol = sheet.columns.rule;
  const valueCol = sheet.columns.value;
  for (const tr of sheet.rows) {
    const name = tr.values.rule;
    if (typeof name !== 'string') continue;
    const key = RULE_NAMES.get(normalizeLabel(name));
    if (!key) {
      issues.push(
        makeIssue(
          'rules.bad_value',
          'rules',
          { rule: name, value: name, expected: 'rule_key' },
          { sheetName: sheet.name, row: tr.row, col: ruleCol, column: 'rule', cell: cellAddress(tr.row, ruleCol) },
        ),
      );
      tr.hasErrors = true;
      continue;
    }
    const raw = tr.raw.value;
    const r = key === SIX_ONES_RULE ? readSixOnes(raw) : readRuleValue(key, raw);
    if (!r.ok) {
      const described = key === SIX_ONES_RULE ? SIX_ONES_DESCRIPTION : RULE_DESCRIPTIONS[key];
      issues.push(
        makeIssue(
          'rules.bad_value',
          'rules',
          { rule: lang === 'zh' ? described.zh : key, value: displayValue(raw), expected: r.expected },
          { sheetName: sheet.name, row: tr.row, col: valueCol, column: 'value', cell: cellAddress(tr.row, valueCol) },
        ),
      );
      tr.hasErrors = true;
      continue;
    }
    if (r.value === null) continue;
    if (typeof r.value === 'object') Object.assign(rules, r.value);
    else (rules as unknown as Record<string, unknown>)[key] = r.value;
  }
}
