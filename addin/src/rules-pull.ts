/**
 * The bureau's rule values for the term, into the Rules sheet. A value the sheet does not have is
 * added; a value the sheet holds differently is changed only once the person agrees (the pane
 * asks), since the Rules sheet wins over the bureau's values in every check. A `six_ones` row (the
 * six Six Ones counts in one cell, as core reads it) holds those six keys: none is added below it
 * (a row below would override it), and it is compared count by count and replaced whole.
 */
import { normalizeLabel } from '../../core/normalize';
import type { WorkbookRead } from '../../core/read';
import {
  RULE_DESCRIPTIONS,
  SIX_ONES_KEYS,
  SIX_ONES_NAMES,
  SIX_ONES_RULE,
  readSixOnes,
  type RuleKey,
  type Rules,
  type SixOnes,
} from '../../core/rules';
import { RULE_COLUMNS, ruleCells } from '../../core/rule-rows';
import { SHEET_BY_KEY } from '../../core/template';
import type { CellValue, CellWrite, Lang } from '../../core/types';
import type { NewSheet } from './port';

export interface RuleDiff {
  /** The rule the row names: one key, or `six_ones` for a row holding the six counts at once. */
  key: RuleKey | typeof SIX_ONES_RULE;
  local: CellValue;
  server: string | number;
}

export interface RulesPull {
  /** Keys the sheet holds with another value: written only after asking. */
  differ: RuleDiff[];
  /** Writes that need no asking: keys the sheet lacks (and the sheet itself when absent). */
  add: { writes: CellWrite[]; newSheets: NewSheet[] };
  /** Writes that apply the bureau's value over each differing key. */
  replace: CellWrite[];
}

/** The rule a Rules sheet row names, by the names core reads (core/read.ts RULE_NAMES). */
function keyOf(name: unknown): RuleKey | typeof SIX_ONES_RULE | null {
  if (typeof name !== 'string') return null;
  const n = normalizeLabel(name);
  for (const k of Object.keys(RULE_DESCRIPTIONS) as RuleKey[]) {
    if (normalizeLabel(k) === n || normalizeLabel(RULE_DESCRIPTIONS[k].zh) === n || normalizeLabel(RULE_DESCRIPTIONS[k].en) === n) return k;
  }
  if (SIX_ONES_NAMES.some((x) => normalizeLabel(x) === n)) return SIX_ONES_RULE;
  return null;
}

/** The Six Ones as a labelled list core reads back (readSixOnes), in the workbook's language. */
const SIX_ONES_WORDS: Record<Lang, Record<keyof SixOnes, string>> = {
  zh: {
    six_ones_intro: '入门课',
    six_ones_report: '汇报课',
    six_ones_lecture: '讲座',
    six_ones_unit_analysis: '单元教材分析',
    six_ones_courseware: '课件',
    six_ones_paper: '论文/反思',
  },
  en: {
    six_ones_intro: 'intro ',
    six_ones_report: 'report ',
    six_ones_lecture: 'lecture ',
    six_ones_unit_analysis: 'unit analysis ',
    six_ones_courseware: 'courseware ',
    six_ones_paper: 'paper ',
  },
};

export function formatSixOnes(rules: SixOnes, lang: Lang): string {
  return SIX_ONES_KEYS.map((k) => `${SIX_ONES_WORDS[lang][k]}${rules[k]}`).join(lang === 'zh' ? '、' : ', ');
}

const isBlank = (v: CellValue) => v === null || v === undefined || v === '';
const same = (a: CellValue, b: string | number) => String(a ?? '').trim() === String(b).trim();

/** No Rules sheet: one, with every rule the bureau set. */
function newRulesSheet(server: Rules, keys: RuleKey[], lang: Lang): RulesPull {
  const def = SHEET_BY_KEY.rules;
  const name = def[lang];
  // Each cell under its header, as the template lays the Rules sheet out (core/rule-rows.ts).
  const writes: CellWrite[] = keys.flatMap((k, i) => {
    const cells = ruleCells(k, server[k], lang);
    return RULE_COLUMNS.map((c, j) => ({ sheetName: name, row: i + 2, col: j + 1, value: cells[c] }));
  });
  return { differ: [], add: { writes, newSheets: [{ key: 'rules', name, headers: def.columns.map((c) => c[lang]) }] }, replace: [] };
}

function decidingRows(sheet: NonNullable<WorkbookRead['sheets']['rules']>) {
  /**
   * The row whose value a check uses for each key: as core reads the sheet, rows apply in order, so
   * the last one holding a value wins, and a `six_ones` row sets its six keys at once. An empty or
   * unreadable `six_ones` row sets nothing.
   */
  const decides = new Map<RuleKey, { row: number; local: CellValue; six: Partial<SixOnes> | null }>();
  /** The first empty row of each key, where its value is written when no row holds one. */
  const empty = new Map<RuleKey, number>();
  for (const r of sheet.rows) {
    const k = keyOf(r.raw.rule ?? r.values.rule);
    if (!k) continue;
    const local = r.raw.value;
    if (k === SIX_ONES_RULE) {
      const six = readSixOnes(local);
      if (!six.ok || !six.value) continue;
      for (const part of Object.keys(six.value) as (keyof SixOnes)[]) decides.set(part, { row: r.row, local, six: six.value });
    } else if (isBlank(local)) {
      if (!empty.has(k)) empty.set(k, r.row);
    } else {
      decides.set(k, { row: r.row, local, six: null });
    }
  }
  return { decides, empty };
}

export function planRulesPull(read: WorkbookRead, server: Rules, lang: Lang): RulesPull {
  const sheet = read.sheets.rules;
  const keys = Object.keys(server) as RuleKey[];
  if (!sheet) return newRulesSheet(server, keys, lang);
  const ruleCol = sheet.columns.rule ?? 1;
  const valueCol = sheet.columns.value ?? ruleCol + 1;
  const descCol = sheet.columns.description;
  // A Rules sheet of the layout before the name column has none: nothing is written there.
  const nameCol = sheet.columns.name;
  const { decides, empty } = decidingRows(sheet);
  const differ: RuleDiff[] = [];
  const replace: CellWrite[] = [];
  const addWrites: CellWrite[] = [];
  /** `six_ones` rows that decide a count the bureau has another value for. */
  const sixDiffer = new Map<number, CellValue>();
  for (const k of keys) {
    const d = decides.get(k);
    if (!d) continue;
    if (d.six) {
      if (d.six[k as keyof SixOnes] !== server[k]) sixDiffer.set(d.row, d.local);
    } else if (!same(d.local, server[k])) {
      differ.push({ key: k, local: d.local, server: server[k] });
      replace.push({ sheetName: sheet.name, row: d.row, col: valueCol, value: server[k] });
    }
  }
  // A `six_ones` row is replaced whole by the bureau's six counts, in a form core reads back.
  const serverSix = formatSixOnes(server, lang);
  for (const [row, local] of sixDiffer) {
    differ.push({ key: SIX_ONES_RULE, local, server: serverSix });
    replace.push({ sheetName: sheet.name, row, col: valueCol, value: serverSix });
  }
  let next = Math.max(sheet.headerRow, ...sheet.rows.map((r) => r.row)) + 1;
  for (const k of keys) {
    if (decides.has(k)) continue;
    const at = empty.get(k);
    if (at !== undefined) {
      addWrites.push({ sheetName: sheet.name, row: at, col: valueCol, value: server[k] });
      continue;
    }
    addWrites.push(
      { sheetName: sheet.name, row: next, col: ruleCol, value: k },
      { sheetName: sheet.name, row: next, col: valueCol, value: server[k] },
    );
    const cells = ruleCells(k, server[k], lang);
    if (nameCol) addWrites.push({ sheetName: sheet.name, row: next, col: nameCol, value: cells.name });
    if (descCol) addWrites.push({ sheetName: sheet.name, row: next, col: descCol, value: nameCol ? cells.description : cells.name });
    next++;
  }
  return { differ, add: { writes: addWrites, newSheets: [] }, replace };
}
