/**
 * The bureau's rule values for the term, into the Rules sheet. A value the sheet does not have is
 * added; a value the sheet holds differently is changed only once the person agrees (the pane
 * asks), since the Rules sheet wins over the bureau's values in every check.
 */
import { normalizeLabel } from '../../core/normalize';
import type { WorkbookRead } from '../../core/read';
import { RULE_DESCRIPTIONS, type RuleKey, type Rules } from '../../core/rules';
import { SHEET_BY_KEY } from '../../core/template';
import type { CellValue, CellWrite, Lang } from '../../core/types';
import type { NewSheet } from './port';

export interface RuleDiff {
  key: RuleKey;
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

function keyOf(name: unknown): RuleKey | null {
  if (typeof name !== 'string') return null;
  const n = normalizeLabel(name);
  for (const k of Object.keys(RULE_DESCRIPTIONS) as RuleKey[]) {
    if (normalizeLabel(k) === n || normalizeLabel(RULE_DESCRIPTIONS[k].zh) === n || normalizeLabel(RULE_DESCRIPTIONS[k].en) === n) return k;
  }
  return null;
}

const same = (a: CellValue, b: string | number) => String(a ?? '').trim() === String(b).trim();

export function planRulesPull(read: WorkbookRead, server: Rules, lang: Lang): RulesPull {
  const def = SHEET_BY_KEY.rules;
  const sheet = read.sheets.rules;
  const keys = Object.keys(server) as RuleKey[];
  if (!sheet) {
    const name = def[lang];
    const writes: CellWrite[] = keys.flatMap((k, i) => [
      { sheetName: name, row: i + 2, col: 1, value: k },
      { sheetName: name, row: i + 2, col: 2, value: server[k] },
      { sheetName: name, row: i + 2, col: 3, value: RULE_DESCRIPTIONS[k][lang] },
    ]);
    return { differ: [], add: { writes, newSheets: [{ key: 'rules', name, headers: def.columns.map((c) => c[lang]) }] }, replace: [] };
  }
  const ruleCol = sheet.columns.rule ?? 1;
  const valueCol = sheet.columns.value ?? ruleCol + 1;
  const descCol = sheet.columns.description;
  const seen = new Set<RuleKey>();
  const differ: RuleDiff[] = [];
  const replace: CellWrite[] = [];
  const addWrites: CellWrite[] = [];
  for (const r of sheet.rows) {
    const k = keyOf(r.raw.rule ?? r.values.rule);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    const local = r.raw.value;
    if (local === null || local === undefined || local === '') {
      addWrites.push({ sheetName: sheet.name, row: r.row, col: valueCol, value: server[k] });
    } else if (!same(local, server[k])) {
      differ.push({ key: k, local, server: server[k] });
      replace.push({ sheetName: sheet.name, row: r.row, col: valueCol, value: server[k] });
    }
  }
  let next = Math.max(sheet.headerRow, ...sheet.rows.map((r) => r.row)) + 1;
  for (const k of keys) {
    if (seen.has(k)) continue;
    addWrites.push({ sheetName: sheet.name, row: next, col: ruleCol, value: k }, { sheetName: sheet.name, row: next, col: valueCol, value: server[k] });
    if (descCol) addWrites.push({ sheetName: sheet.name, row: next, col: descCol, value: RULE_DESCRIPTIONS[k][lang] });
    next++;
  }
  return { differ, add: { writes: addWrites, newSheets: [] }, replace };
}
