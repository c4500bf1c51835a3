/** The rule `six_ones` (DOMAIN's rules table) on the Rules sheet and from the bureau, and unknown rule names. */
import { describe, expect, it } from 'vitest';
import { mergeRules, readWorkbook } from '../../core/read';
import { formatIssue } from '../../core/messages';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, SIX_ONES_KEYS, readSixOnes, type RuleKey, type Rules } from '../../core/rules';
import type { CellValue } from '../../core/types';
import { zhWorkbook } from './helpers';

const withRules = (rows: CellValue[][], bureauRules?: Parameters<typeof mergeRules>[0]) => {
  const wb = zhWorkbook();
  wb.sheets.push({ name: '考核标准', values: [['规则', '值'], ...rows] });
  return readWorkbook(wb, { bureauRules: bureauRules as never });
};
const six = (r: { rules: Rules }) => SIX_ONES_KEYS.map((k) => r.rules[k]);

describe('the six_ones rule', () => {
  it.each<[string, CellValue]>([
    ['six_ones', '入门课1、汇报课1、讲座2、单元教材分析1、课件4、论文1'],
    ['“六个一”', '入门课：1，汇报课 1；讲座2节,单元教材分析1篇；课件4个、论文/反思1'],
    ['六个一', '1节入门课、1节汇报课、2场讲座、1份单元教材分析、4个课件、1篇论文'],
    ['Six Ones', 'intro 1, report 1, lecture 2, unit analysis 1, courseware 4, paper 1'],
    ['six_ones', 'courseware 4; paper 1; intro lessons 1; report lessons 1; lectures 2; unit analyses 1'],
    ['six_ones', '1、1、2、1、4、1'],
    ['six_ones', '1,1,2,1,4,1'],
    ['six_ones', '1 1 2 1 4 1'],
  ])('reads %s = %s', (name, value) => {
    const r = withRules([[name, value]]);
    expect(r.issues).toEqual([]);
    expect(six(r)).toEqual([1, 1, 2, 1, 4, 1]);
  });

  it('is a located rules.bad_value naming the six counts expected when it is not the six', () => {
    for (const value of [
      1,
      '1、1、1',
      '课件4',
      '入门课1、汇报课1、讲座1、单元教材分析1、课件3、课件4',
      '入门课1、汇报课1、讲座1、单元教材分析1、课件三、论文1',
      '1、1、1、1、3、1、1',
    ]) {
      const r = withRules([
        ['min_activities_per_month', 2],
        ['six_ones', value],
      ]);
      expect(r.issues).toMatchObject([
        { code: 'rules.bad_value', severity: 'error', cell: 'B3', params: { rule: '“六个一”', expected: 'six_ones' } },
      ]);
      expect(six(r)).toEqual(SIX_ONES_KEYS.map((k) => DEFAULT_RULES[k]));
      expect(r.rules.min_activities_per_month).toBe(2);
    }
    const r = withRules([['six_ones', 1]]);
    expect(formatIssue(r.issues[0], 'zh')).toContain('入门课1、汇报课1、讲座1、单元教材分析1、课件3、论文1');
    expect(formatIssue(r.issues[0], 'en')).toContain('intro, report, lecture, unit analysis, courseware, paper');
  });

  it('is overridden by a later single six_ones_* row, and overrides the bureau', () => {
    const r = withRules(
      [
        ['six_ones', '1、1、1、1、3、1'],
        ['six_ones_courseware', 5],
      ],
      { six_ones_paper: 2 },
    );
    expect(six(r)).toEqual([1, 1, 1, 1, 5, 1]);
  });

  it('comes from the bureau the same way, as text, six numbers or by part', () => {
    expect(SIX_ONES_KEYS.map((k) => mergeRules({ six_ones: '入门课2、汇报课1、讲座1、单元教材分析1、课件3、论文1' })[k])).toEqual([
      2, 1, 1, 1, 3, 1,
    ]);
    expect(SIX_ONES_KEYS.map((k) => mergeRules({ six_ones: [1, 1, 1, 1, 5, 1] })[k])).toEqual([1, 1, 1, 1, 5, 1]);
    expect(mergeRules({ six_ones: { courseware: 5 } }).six_ones_courseware).toBe(5);
    // A single rule of the bureau is more precise than its six_ones.
    expect(mergeRules({ six_ones: '1、1、1、1、5、1', six_ones_courseware: 4 }).six_ones_courseware).toBe(4);
    expect(mergeRules({ six_ones: 'many' })).toEqual(DEFAULT_RULES);
    expect(readSixOnes({ courseware: 'lots' })).toEqual({ ok: false, expected: 'six_ones' });
  });
});

describe('an unknown rule name', () => {
  it('is an error on its cell listing the names the Rules sheet accepts', () => {
    const r = withRules([['min_fun', 3]]);
    expect(r.issues).toMatchObject([{ code: 'rules.bad_value', cell: 'A2', params: { rule: 'min_fun', expected: 'rule_key' } }]);
    for (const lang of ['zh', 'en'] as const) {
      const text = formatIssue(r.issues[0], lang);
      for (const k of [...(Object.keys(DEFAULT_RULES) as RuleKey[]), 'six_ones']) expect(text).toContain(k);
      expect(text).toContain(RULE_DESCRIPTIONS.min_activities_per_month[lang]);
    }
  });
});
