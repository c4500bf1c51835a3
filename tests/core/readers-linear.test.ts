/**
 * Issue 13 point 3: every reader is linear in its input. A cell can hold 100 KB of spaces, full-width
 * spaces, separators, digits or Chinese text; no reader throws on it, and the work it costs is bounded.
 *
 * The work proxy is what the regular expressions are handed: every `exec` (which `test`, `replace`,
 * `split` and `match` go through) is counted by the characters it scans, from where it starts to
 * where it matched or, failing, to the end of the text. Backtracking inside one scan is what lint's
 * `regexp/no-super-linear-backtracking` and `no-super-linear-move` rule out; this counts the rest.
 * Short forms (a date, number, term, yes/no) must hand a pattern no more than the longest such form,
 * whatever the cell's length; every reader must cost at most a fixed multiple of its input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readDate, readEnum, readEnumList, readInt, readNumber, readTerm, readText, readYesNo } from '../../core/values';
import { readCell, readRecord, readRuleValue, readWorkbook, sheetKeyOf } from '../../core/read';
import { readSixOnes, DEFAULT_RULES, type RuleKey } from '../../core/rules';
import { ENUMS, SHEETS } from '../../core/template';
import { normalizeLabel } from '../../core/normalize';
import { chineseNumeral } from '../../core/numerals';
import type { CellValue } from '../../core/types';

let scanned = 0;
const exec = RegExp.prototype.exec;
beforeAll(() => {
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    const str = String(s);
    const start = this.global || this.sticky ? this.lastIndex : 0;
    const m = exec.call(this, str);
    if (m) scanned += m.index + m[0].length - start + 1;
    else scanned += this.sticky ? 1 : Math.max(1, str.length - start);
    return m;
  } as typeof RegExp.prototype.exec;
});
afterAll(() => {
  RegExp.prototype.exec = exec;
});

/** Characters the patterns scanned while `f` ran. */
function work(f: () => unknown): number {
  const before = scanned;
  f();
  return scanned - before;
}

/** The readers of short forms: each refuses a cell longer than its longest form before any pattern. */
const SHORT: [string, (v: CellValue) => unknown][] = [
  ['date', (v) => readDate(v, { termId: '2026-2027-1' })],
  ['int', readInt],
  ['number', readNumber],
  ['term', readTerm],
  ['yesno', readYesNo],
  ...(Object.keys(DEFAULT_RULES) as RuleKey[]).map((k): [string, (v: CellValue) => unknown] => [`rule ${k}`, (v) => readRuleValue(k, v)]),
];
/** Readers whose input may be long (text, enums with a detail, lists, headers): linear in it. */
const LONG: [string, (v: CellValue) => unknown][] = [
  ['text', readText],
  ['six_ones', (v) => readSixOnes(v)],
  ['sheet name', (v) => sheetKeyOf(String(v))],
  ['normalizeLabel', (v) => normalizeLabel(String(v))],
  ['chinese numeral', (v) => chineseNumeral(String(v))],
  ...Object.keys(ENUMS).map((k): [string, (v: CellValue) => unknown] => [`enum ${k}`, (v) => readEnum(k, v)]),
  ...Object.keys(ENUMS).map((k): [string, (v: CellValue) => unknown] => [`list ${k}`, (v) => readEnumList(k, v)]),
  ...SHEETS.flatMap((s) =>
    s.columns.map((c): [string, (v: CellValue) => unknown] => [`cell ${s.key}.${c.key}`, (v) => readCell(c, v, { termId: '2026-2027-1' })]),
  ),
];

/** What a long run is made of: the characters the old patterns backtracked over, and the text around them. */
const RUN_UNITS = [
  ' ',
  '\u3000',
  '\t',
  '-',
  '/',
  '.',
  '、',
  ',',
  '，',
  ';',
  ':',
  '：',
  '0',
  '7',
  '２',
  '学',
  '年',
  '月',
  '日',
  '一',
  '十',
  '课件',
  '1 ',
  ' 1',
  '（',
  '*',
  '=',
  '表',
];
const PREFIXES = ['', '2026', '2026-2027', '2026-2027 ', '2026-9-1', '2026年9月', '9月', '课件', '入门课 1', 'a', '¥', '已', '示范课'];
const SUFFIXES = ['', 'x', '1', '日', '学期', '节', ':', '表', ')', '周二', '14:30'];

const longRun = fc.record({
  prefix: fc.constantFrom(...PREFIXES),
  unit: fc.constantFrom(...RUN_UNITS),
  n: fc.integer({ min: 10_000, max: 100_000 }),
  suffix: fc.constantFrom(...SUFFIXES),
});
const build = (r: { prefix: string; unit: string; n: number; suffix: string }, n = r.n) =>
  r.prefix + r.unit.repeat(Math.ceil(n / r.unit.length)) + r.suffix;

/** The longest form a short reader's patterns may see: the caps in values.ts, with a margin. */
const SHORT_BOUND = 400;

describe('readers on long runs', () => {
  it('short forms: no throw, refused on their length, and no pattern sees more than the longest form', () => {
    fc.assert(
      fc.property(longRun, (r) => {
        const v = build(r);
        for (const [name, read] of SHORT) {
          let out: unknown;
          const w = work(() => (out = read(v)));
          expect(w, name).toBeLessThanOrEqual(SHORT_BOUND);
          // Refused, or read from what is left once the run is trimmed away (spaces alone: an empty cell).
          const o = out as { ok: boolean; value?: unknown };
          expect(!o.ok || o.value === null || v.trim().length <= SHORT_BOUND, name).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every other reader: no throw, and patterns scan at most a few times the input', () => {
    fc.assert(
      fc.property(longRun, fc.constantFrom(...LONG), (r, [name, read]) => {
        const v = build(r);
        const w = work(() => read(v));
        expect(w, name).toBeLessThanOrEqual(8 * v.length + 1_000);
      }),
      { numRuns: 300 },
    );
  });

  it('a 100,000-character run costs at most about 100 times a 1,000-character one, for every reader', () => {
    fc.assert(
      fc.property(longRun, fc.constantFrom(...SHORT, ...LONG), (r, [name, read]) => {
        const small = build(r, 1_000);
        const big = build(r, 100_000);
        const ws = work(() => read(small));
        const wb = work(() => read(big));
        // Linear: 100x the input, at most ~100x the work (plus a constant for the fixed part).
        expect(wb, name).toBeLessThanOrEqual(110 * ws + 2_000);
      }),
      { numRuns: 300 },
    );
  });

  it('header rows and whole workbooks of long runs: no throw, linear work', () => {
    fc.assert(
      fc.property(longRun, (r) => {
        const v = build(r, 20_000);
        const wb = {
          sheets: [
            {
              name: '项目信息',
              values: [
                ['学校代码', 'GH01'],
                ['学期', v],
                [v, v],
              ],
            },
            { name: v, values: [[v, '日期']] },
            {
              name: '活动安排表',
              values: [
                ['活动编号', '日期', '活动类型', v, '参与教师数'],
                [v, v, v, v, v],
                ['A1', v, '示范课（语文）', v, v],
              ],
            },
            {
              name: '考核',
              values: [
                ['教师编号', '学期', '入门课', '书面总结'],
                [v, v, v, v],
              ],
            },
            {
              name: '考核标准',
              values: [
                ['规则', '值'],
                ['six_ones', v],
                [v, v],
                ['term1_start', v],
              ],
            },
          ],
        };
        const w = work(() => readWorkbook(wb));
        const chars = 20 * v.length;
        expect(w).toBeLessThanOrEqual(8 * chars + 10_000);
        const rec = work(() => readRecord('support', { amount: v, beneficiaries: v, kind: v, start_date: v, teacher_id: v }));
        expect(rec).toBeLessThanOrEqual(8 * 5 * v.length + 2_000);
      }),
      { numRuns: 15 },
    );
  });

  it('the attack strings of issue 13 read at once: 2 KB and 100 KB of spaces inside a term, a date, a six_ones part', () => {
    for (const n of [2_000, 100_000]) {
      const sp = ' '.repeat(n);
      for (const [name, v, read] of [
        ['term', '2026-2027' + sp + 'x', readTerm],
        ['date', '2026-9-1' + sp + 'x', readDate],
        ['six_ones', 'a' + sp + 'x', readSixOnes],
        ['six_ones part', '课件' + sp + '3', readSixOnes],
      ] as const) {
        const w = work(() => expect((read as (v: string) => { ok: boolean })(v).ok, name).toBe(false));
        expect(w, name).toBeLessThanOrEqual(name === 'six_ones part' || name === 'six_ones' ? 10 : SHORT_BOUND);
      }
    }
  });
});
