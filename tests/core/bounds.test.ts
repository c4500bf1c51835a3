/**
 * Issue 14 point 2 / DOMAIN "Numbers people type are bounded": participants of one activity at most
 * 100,000; years teaching at most 70; lesson and class counts at most 1,000; an amount at most
 * 100,000,000 yuan a row; beneficiaries at most 100,000. Past its bound a value is an error on its
 * cell naming the bound, in zh and en, the same through every path that reads a cell.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BOUNDS, SHEETS, SHEET_BY_KEY } from '../../core/template';
import { ColumnReader, readCell, readRecord } from '../../core/read';
import { checkWorkbook } from '../../core/check';
import { formatIssue } from '../../core/messages';
import { TODAY, setCell, zhWorkbook } from './helpers';

const bounded = SHEETS.flatMap((s) => s.columns.filter((c) => c.max !== undefined).map((c) => ({ sheet: s.key, def: c })));
const max = (sheet: keyof typeof SHEET_BY_KEY, key: string) => SHEET_BY_KEY[sheet].columns.find((c) => c.key === key)!.max;

describe('bounded numbers', () => {
  it('bounds every count and amount DOMAIN names, at DOMAIN’s figures', () => {
    expect(max('schedule', 'teachers')).toBe(100_000);
    expect(max('schedule', 'students')).toBe(100_000);
    expect(max('teachers', 'years_teaching')).toBe(70);
    for (const k of [
      'intro_lessons',
      'report_lessons',
      'lectures',
      'unit_analyses',
      'courseware',
      'papers',
      'demo_lessons',
      'classes_attended',
      'practice_lessons',
    ]) {
      expect(max('assessment', k), k).toBe(1_000);
    }
    expect(max('support', 'amount')).toBe(100_000_000);
    expect(max('support', 'beneficiaries')).toBe(100_000);
    expect(BOUNDS.amount).toBe(100_000_000);
    // Every int or number column people type is bounded; only the filled Summary and the score are not.
    const unbounded = SHEETS.flatMap((s) =>
      s.columns
        .filter((c) => (c.type === 'int' || c.type === 'number') && c.max === undefined && !c.filled && !s.filled)
        .map((c) => `${s.key}.${c.key}`),
    );
    expect(unbounded).toEqual([]);
  });

  it('reads a value at its bound and refuses one past it, as a number, as text and with a unit, on every path', () => {
    for (const { sheet, def } of bounded) {
      const m = def.max!;
      for (const ok of [m, String(m), `${m}${def.key === 'amount' ? '元' : '人'}`]) {
        expect(readCell(def, ok), `${sheet}.${def.key} ${ok}`).toEqual({ value: m, code: null });
        expect(new ColumnReader(def).read(ok), `${sheet}.${def.key} ${ok}`).toEqual({ value: m, code: null });
      }
      for (const bad of [m + 1, String(m + 1), 9007199254740991, ...(def.type === 'number' ? [1.7e308, m + 0.5] : [])]) {
        expect(readCell(def, bad), `${sheet}.${def.key} ${bad}`).toEqual({ value: null, code: 'cell.too_large' });
        expect(new ColumnReader(def).read(bad)).toEqual({ value: null, code: 'cell.too_large' });
      }
    }
  });

  it('names the bound in the message, in zh and en', () => {
    const { issues } = readRecord('support', { kind: '捐赠', amount: 1.7e308, beneficiaries: '100001人' });
    expect(issues.map((i) => [i.code, i.column, i.params.max])).toEqual([
      ['cell.too_large', 'amount', 100_000_000],
      ['cell.too_large', 'beneficiaries', 100_000],
    ]);
    expect(formatIssue(issues[0], 'zh')).toBe('「金额(元)」的值 1.7e+308 超过上限 100000000：请检查是否多输入了数字');
    expect(formatIssue(issues[1], 'en')).toBe('Beneficiaries 100001人 is more than the largest possible, 100000: check for extra digits');
  });

  it('is an error on the cell in a workbook, so the row is not synced', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 0, '教龄', 71);
    setCell(wb, '活动安排', 0, '参与教师数', 9007199254740991);
    const issues = checkWorkbook(wb, { today: TODAY }).issues.filter((i) => i.code === 'cell.too_large');
    expect(issues.map((i) => [i.sheet, i.cell, i.severity, i.params.max])).toEqual([
      ['teachers', 'G2', 'error', 70],
      ['schedule', 'I2', 'error', 100_000],
    ]);
  });

  it('no accepted value is past its bound, so no sum of a county’s rows can overflow', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...bounded),
        fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.bigInt().map(String), fc.double().map(String)),
        ({ def }, v) => {
          const r = readCell(def, v as never);
          if (typeof r.value === 'number') expect(r.value).toBeLessThanOrEqual(def.max!);
        },
      ),
      { numRuns: 3000 },
    );
    // 10 million rows at their bounds still sum exactly within a double's integers.
    expect(10_000_000 * BOUNDS.amount).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});
