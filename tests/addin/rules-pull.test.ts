/** The rules pull and a `six_ones` row on the Rules sheet: what the checks use is what the pull compares. */
import { describe, expect, it } from 'vitest';
import { applyToInput } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { DEFAULT_RULES, SIX_ONES_KEYS, readSixOnes, type Rules } from '../../core/rules';
import type { CellValue } from '../../core/types';
import { formatSixOnes, planRulesPull } from '../../addin/src/rules-pull';
import { zhWorkbook } from '../core/helpers';

function withRules(rows: [string, CellValue][]) {
  const wb = zhWorkbook();
  wb.sheets.push({ name: '考核标准', values: [['规则', '值', '说明'], ...rows.map(([k, v]) => [k, v, ''])] });
  return wb;
}

/** The rules the checks use after the pull's writes (added, and replaced when `agree`). */
function afterPull(rows: [string, CellValue][], server: Rules, agree: boolean) {
  const wb = withRules(rows);
  const p = planRulesPull(readWorkbook(wb), server, 'zh');
  const writes = [...p.add.writes, ...(agree ? p.replace : [])];
  return { p, rules: readWorkbook(applyToInput(wb, { writes, newSheets: p.add.newSheets, refused: [] })).rules };
}

const sixOf = (r: Rules) => SIX_ONES_KEYS.map((k) => r[k]);

describe('rules pull and six_ones', () => {
  it('adds no split Six Ones key below a six_ones row that holds the bureau’s counts', () => {
    const { p, rules } = afterPull(
      [['six_ones', '入门课1、汇报课1、讲座1、单元教材分析1、课件5、论文1']],
      { ...DEFAULT_RULES, six_ones_courseware: 5 },
      false,
    );
    expect(p.differ).toEqual([]);
    const added = p.add.writes.filter((w) => w.col === 1).map((w) => w.value);
    for (const k of SIX_ONES_KEYS) expect(added).not.toContain(k);
    expect(added).toContain('mentor_max_mentees');
    expect(rules.six_ones_courseware).toBe(5);
  });

  it('asks before changing a six_ones row whose counts differ, and replaces it whole in a form core reads', () => {
    const server = { ...DEFAULT_RULES, six_ones_courseware: 4, six_ones_paper: 2 };
    const kept = afterPull([['六个一', '1、1、1、1、3、1']], server, false);
    expect(kept.p.differ).toEqual([
      { key: 'six_ones', local: '1、1、1、1、3、1', server: '入门课1、汇报课1、讲座1、单元教材分析1、课件4、论文/反思2' },
    ]);
    expect(kept.p.replace).toEqual([{ sheetName: '考核标准', row: 2, col: 2, value: kept.p.differ[0].server }]);
    // Not agreed: the sheet keeps its own counts (no split key added below overrides them).
    expect(sixOf(kept.rules)).toEqual([1, 1, 1, 1, 3, 1]);
    // Agreed: the checks use the bureau's.
    expect(sixOf(afterPull([['六个一', '1、1、1、1、3、1']], server, true).rules)).toEqual(sixOf(server));
  });

  it('compares a split key written below the six_ones row on its own, since it wins', () => {
    const server = { ...DEFAULT_RULES, six_ones_courseware: 4 };
    const { p } = afterPull(
      [
        ['six_ones', '1 1 1 1 3 1'],
        ['six_ones_courseware', 4],
      ],
      server,
      false,
    );
    expect(p.differ).toEqual([]);
    const other = afterPull(
      [
        ['six_ones', '1 1 1 1 4 1'],
        ['six_ones_courseware', 3],
      ],
      server,
      true,
    );
    expect(other.p.differ).toEqual([{ key: 'six_ones_courseware', local: 3, server: 4 }]);
    expect(other.rules.six_ones_courseware).toBe(4);
  });

  it('ignores a split key above the six_ones row (it overrides it) and an unreadable six_ones row', () => {
    const above = afterPull(
      [
        ['six_ones_courseware', 9],
        ['six_ones', '1、1、1、1、3、1'],
      ],
      DEFAULT_RULES,
      false,
    );
    expect(above.p.differ).toEqual([]);
    expect(above.rules.six_ones_courseware).toBe(3);
    const bad = afterPull([['six_ones', 'lots']], { ...DEFAULT_RULES, six_ones_courseware: 4 }, false);
    expect(bad.p.differ).toEqual([]);
    expect(bad.rules.six_ones_courseware).toBe(4);
  });

  it('formats the six counts so core reads them back, in both languages', () => {
    const six = { ...DEFAULT_RULES, six_ones_intro: 2, six_ones_paper: 7 };
    for (const lang of ['zh', 'en'] as const) {
      const r = readSixOnes(formatSixOnes(six, lang));
      expect(r.ok && r.value && SIX_ONES_KEYS.map((k) => r.value![k])).toEqual(sixOf(six));
    }
  });
});
