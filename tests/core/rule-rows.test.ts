/**
 * The Rules sheet's rule names in the workbook's language beside their keys (issue 15 point 5):
 * the template (zh, en), the demo and the rules pull write 规则 | 名称 | 值 | 说明; a Rules sheet of
 * the layout before the name column (规则 | 值 | 说明, or 规则 | 值) reads as before.
 */
import { describe, expect, it } from 'vitest';
import { planRulesPull } from '../../addin/src/rules-pull';
import { demoWorkbook } from '../../core/demo';
import { applyToInput } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { RULE_COLUMNS, ruleSheetRows } from '../../core/rule-rows';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, type RuleKey, type Rules } from '../../core/rules';
import { SHEET_BY_KEY } from '../../core/template';
import type { CellValue, Lang, WorkbookInput } from '../../core/types';
import { buildTemplate } from '../../xlsx/build-template';
import { workbookToInput } from '../../xlsx/to-input';
import { zhWorkbook } from './helpers';

const KEYS = Object.keys(DEFAULT_RULES) as RuleKey[];
const rulesOf = (wb: WorkbookInput) => readWorkbook(wb);
const rulesIssues = (wb: WorkbookInput) => rulesOf(wb).issues.filter((i) => i.sheet === 'rules');
const withRules = (values: CellValue[][]): WorkbookInput => {
  const wb = zhWorkbook();
  wb.sheets.push({ name: '考核标准', values });
  return wb;
};

describe('the Rules sheet: names beside keys', () => {
  it('lays each rule out as key, name in the language, value, and how a value is written', () => {
    expect(RULE_COLUMNS).toEqual(['rule', 'name', 'value', 'description']);
    expect(SHEET_BY_KEY.rules.columns.map((c) => c.zh)).toEqual(['规则', '名称', '值', '说明']);
    for (const lang of ['zh', 'en'] as Lang[]) {
      const rows = ruleSheetRows(lang);
      expect(rows.map((r) => r[0])).toEqual(KEYS);
      rows.forEach((r, i) => {
        expect(r[1]).toBe(RULE_DESCRIPTIONS[KEYS[i]][lang]);
        expect(r[2]).toBe(DEFAULT_RULES[KEYS[i]]);
        expect(String(r[3]).length).toBeGreaterThan(0);
      });
    }
    const zh = ruleSheetRows('zh');
    expect(zh[0]).toEqual(['min_activities_per_month', '每月至少开展活动次数', 1, expect.stringContaining('整数')]);
    expect(zh.find((r) => r[0] === 'term1_start')).toEqual(['term1_start', '第一学期开始（月-日）', '09-01', '月-日，如 09-01']);
    expect(ruleSheetRows('en').find((r) => r[0] === 'practice_lesson_interval_weeks')![3]).toBe('a whole number 1 or more');
  });

  it('the template in each language has the names beside the keys and reads back to the defaults with no issue', async () => {
    for (const lang of ['zh', 'en'] as Lang[]) {
      const wb = buildTemplate(lang);
      const ws = wb.getWorksheet(SHEET_BY_KEY.rules[lang])!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(SHEET_BY_KEY.rules.columns.map((c) => c[lang]));
      expect((ws.getRow(2).values as unknown[]).slice(1, 3)).toEqual([
        'min_activities_per_month',
        RULE_DESCRIPTIONS.min_activities_per_month[lang],
      ]);
      // Through a real xlsx, as a teacher's workbook comes back.
      const back = new (await import('exceljs')).default.Workbook();
      await back.xlsx.load(await wb.xlsx.writeBuffer());
      const read = readWorkbook(workbookToInput(back));
      expect(read.issues.filter((i) => i.sheet === 'rules')).toEqual([]);
      expect(read.rules).toEqual(DEFAULT_RULES);
    }
  });

  it('reads a changed value in the new layout, and the same values from the layouts before it', () => {
    const changed = ruleSheetRows('zh', { ...DEFAULT_RULES, mentor_max_mentees: 3, term1_start: '08-25' });
    const now = withRules([['规则', '名称', '值', '说明'], ...changed]);
    expect(rulesIssues(now)).toEqual([]);
    expect(rulesOf(now).rules).toMatchObject({ mentor_max_mentees: 3, term1_start: '08-25' });
    // The layout before the name column: key, value, description.
    const old = withRules([
      ['规则', '值', '说明'],
      ['mentor_max_mentees', 3, '每位指导教师最多带徒人数'],
      ['term1_start', '08-25', '第一学期开始（月-日）'],
    ]);
    expect(rulesIssues(old)).toEqual([]);
    expect(rulesOf(old).rules).toEqual(rulesOf(now).rules);
    // And key and value only.
    const bare = withRules([
      ['规则', '值'],
      ['mentor_max_mentees', 3],
      ['term1_start', '08-25'],
    ]);
    expect(rulesOf(bare).rules).toEqual(rulesOf(now).rules);
    // A bad value in the new layout is located on its value cell (column C), not on the name.
    const bad = withRules([
      ['规则', '名称', '值', '说明'],
      ['mentor_max_mentees', '每位指导教师最多带徒人数', '很多', ''],
    ]);
    expect(rulesIssues(bad)).toEqual([expect.objectContaining({ code: 'rules.bad_value', cell: 'C2' })]);
  });

  it('the demo writes the new layout and reads as the defaults', () => {
    const demo = demoWorkbook();
    const sheet = demo.sheets.find((s) => s.name === '考核标准')!;
    expect(sheet.values[0]).toEqual(['规则', '名称', '值', '说明']);
    expect(sheet.values[1].slice(0, 3)).toEqual(['min_activities_per_month', '每月至少开展活动次数', 1]);
    expect(readWorkbook(demo).rules).toEqual(DEFAULT_RULES);
  });
});

describe('the rules pull writes the names too', () => {
  const server: Rules = { ...DEFAULT_RULES, mentor_max_mentees: 3 };
  const after = (wb: WorkbookInput, lang: Lang) => {
    const p = planRulesPull(readWorkbook(wb), server, lang);
    return { p, out: applyToInput(wb, { writes: p.add.writes, newSheets: p.add.newSheets, refused: [] }) };
  };

  it('creates a missing Rules sheet in the new layout, in the workbook’s language, reading back as the bureau’s', () => {
    const wb = zhWorkbook();
    const { p, out } = after(wb, 'en');
    expect(p.add.newSheets).toEqual([
      expect.objectContaining({ key: 'rules', name: 'Rules', headers: ['Rule', 'Name', 'Value', 'Description'] }),
    ]);
    const w = (row: number, col: number) => p.add.writes.find((x) => x.row === row && x.col === col)?.value;
    expect([w(2, 1), w(2, 2), w(2, 3)]).toEqual(['min_activities_per_month', 'Activities per month, at least', 1]);
    expect(readWorkbook(out).rules).toEqual(server);
  });

  it('adds a missing rule with its name in the new layout, and as before (name in 说明) in the old one', () => {
    const keep: string[] = KEYS.filter((k) => k !== 'mentor_max_mentees');
    const rows = ruleSheetRows('zh').filter((r) => keep.includes(String(r[0])));
    const now = after(withRules([['规则', '名称', '值', '说明'], ...rows]), 'zh');
    const added = now.p.add.writes.filter((x) => x.row === rows.length + 2);
    expect(added.map((x) => [x.col, x.value])).toEqual([
      [1, 'mentor_max_mentees'],
      [3, 3],
      [2, '每位指导教师最多带徒人数'],
      [4, expect.stringContaining('整数')],
    ]);
    expect(readWorkbook(now.out).rules).toEqual(server);
    const old = after(withRules([['规则', '值', '说明'], ...rows.map((r) => [r[0], r[2], r[1]])]), 'zh');
    const oldAdded = old.p.add.writes.filter((x) => x.row === rows.length + 2);
    expect(oldAdded.map((x) => [x.col, x.value])).toEqual([
      [1, 'mentor_max_mentees'],
      [2, 3],
      [3, '每位指导教师最多带徒人数'],
    ]);
    expect(readWorkbook(old.out).rules).toEqual(server);
  });
});
