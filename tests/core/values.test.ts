import { describe, expect, it } from 'vitest';
import {
  readDate,
  readEnum,
  readEnumList,
  readInt,
  readNumber,
  readTerm,
  readText,
  readYesNo,
  serialToIso,
  isoToSerial,
} from '../../core/values';
import { normalizeLabel, cellAddress, columnLetters } from '../../core/normalize';

describe('normalizeLabel', () => {
  it('folds case, full-width forms and every kind of space', () => {
    expect(normalizeLabel(' Teacher  ID ')).toBe('teacherid');
    expect(normalizeLabel('ＴＥＡＣＨＥＲ\u3000ｉｄ')).toBe('teacherid');
    expect(normalizeLabel('金额（元）')).toBe('金额(元)');
  });
});

describe('cellAddress', () => {
  it('writes A1 notation', () => {
    expect(cellAddress(1, 1)).toBe('A1');
    expect(cellAddress(10, 26)).toBe('Z10');
    expect(cellAddress(3, 27)).toBe('AA3');
    expect(columnLetters(702)).toBe('ZZ');
    expect(columnLetters(703)).toBe('AAA');
  });
});

describe('readDate', () => {
  it.each([
    ['2026-09-01', '2026-09-01'],
    ['2026/9/1', '2026-09-01'],
    ['2026.9.1', '2026-09-01'],
    ['2026年9月1日', '2026-09-01'],
    ['２０２６－０９－０１', '2026-09-01'],
    [' 2026-9-1 ', '2026-09-01'],
    ['2026-09-01 00:00:00', '2026-09-01'],
    ['2026-09-01T00:00:00.000Z', '2026-09-01'],
  ])('reads text %s', (v, iso) => {
    expect(readDate(v)).toEqual({ ok: true, value: iso });
  });
  it('reads Excel serial numbers in the 1900 system', () => {
    expect(readDate(46266)).toEqual({ ok: true, value: '2026-09-01' });
    expect(readDate(46266.75)).toEqual({ ok: true, value: '2026-09-01' });
    expect(readDate(1)).toEqual({ ok: true, value: '1900-01-01' });
    expect(readDate(61)).toEqual({ ok: true, value: '1900-03-01' });
    expect(readDate(60).ok).toBe(false); // Excel's fictitious 1900-02-29
    expect(isoToSerial('2026-09-01')).toBe(46266);
    expect(serialToIso(0)).toBeNull();
  });
  it('reads JS Dates by their UTC day', () => {
    expect(readDate(new Date(Date.UTC(2026, 8, 1)))).toEqual({ ok: true, value: '2026-09-01' });
    expect(readDate(new Date(NaN)).ok).toBe(false);
  });
  it('treats blanks as empty', () => {
    for (const v of ['', '   ', '\u3000', null, undefined]) expect(readDate(v)).toEqual({ ok: true, value: null });
  });
  it('rejects impossible dates and garbage', () => {
    for (const v of ['2026-02-30', '2026-13-01', '2025-02-29', 'abc', '9/1', '#N/A', -5, 1e12, NaN, Infinity, true]) {
      expect(readDate(v as never)).toMatchObject({ ok: false, expected: 'date' });
    }
    expect(readDate('2026-02-30')).toMatchObject({ code: 'cell.date_no_such_day', params: { month: 2, days: 28 } });
    expect(readDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });
});

describe('readInt and readNumber', () => {
  it('reads numbers, full-width digits and units', () => {
    expect(readInt(20)).toEqual({ ok: true, value: 20 });
    expect(readInt('20')).toEqual({ ok: true, value: 20 });
    expect(readInt('２０')).toEqual({ ok: true, value: 20 });
    expect(readInt('20节')).toEqual({ ok: true, value: 20 });
    expect(readInt('3次')).toEqual({ ok: true, value: 3 });
    expect(readInt('8 人')).toEqual({ ok: true, value: 8 });
    expect(readNumber('5000元')).toEqual({ ok: true, value: 5000 });
    expect(readNumber('5,000元')).toEqual({ ok: true, value: 5000 });
    expect(readNumber('12.5')).toEqual({ ok: true, value: 12.5 });
    expect(readNumber('￥300')).toEqual({ ok: true, value: 300 });
    expect(readInt(-0)).toEqual({ ok: true, value: 0 });
  });
  it('rejects negatives, fractions for ints and garbage', () => {
    expect(readInt(-1)).toEqual({ ok: false, expected: 'int' });
    expect(readInt('-3')).toEqual({ ok: false, expected: 'int' });
    expect(readInt(2.5)).toEqual({ ok: false, expected: 'int' });
    expect(readInt('2.5节')).toEqual({ ok: false, expected: 'int' });
    expect(readInt('20abc')).toEqual({ ok: false, expected: 'int' });
    expect(readInt('abc')).toEqual({ ok: false, expected: 'int' });
    expect(readInt(NaN).ok).toBe(false);
    expect(readNumber(Infinity)).toEqual({ ok: false, expected: 'number' });
    expect(readNumber(true)).toEqual({ ok: false, expected: 'number' });
    expect(readInt(1e300).ok).toBe(false);
  });
});

describe('readYesNo', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['Yes', true],
    ['NO', false],
    ['true', true],
    ['FALSE', false],
    ['√', true],
    ['×', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
  ])('reads %s', (v, b) => {
    expect(readYesNo(v)).toEqual({ ok: true, value: b });
  });
  it('rejects anything else', () => {
    expect(readYesNo('maybe')).toEqual({ ok: false, expected: 'yesno' });
    expect(readYesNo(2)).toEqual({ ok: false, expected: 'yesno' });
  });
});

describe('readEnum', () => {
  it('matches code, Chinese, English and aliases after normalisation', () => {
    expect(readEnum('activity_type', 'demo_class')).toEqual({ ok: true, value: 'demo_class' });
    expect(readEnum('activity_type', '示范课')).toEqual({ ok: true, value: 'demo_class' });
    expect(readEnum('activity_type', 'DEMO  CLASS')).toEqual({ ok: true, value: 'demo_class' });
    expect(readEnum('activity_type', '艺术节')).toEqual({ ok: true, value: 'festival' });
    expect(readEnum('subject', 'Maths')).toEqual({ ok: true, value: 'math' });
    expect(readEnum('subject', 'ＰＥ')).toEqual({ ok: true, value: 'pe' });
  });
  it('keeps unknown text of an open enum and rejects it for a closed one', () => {
    expect(readEnum('subject', ' 书法 ')).toEqual({ ok: true, value: '书法' });
    expect(readEnum('title', '特级')).toEqual({ ok: false, expected: 'enum' });
  });
});

describe('readEnumList', () => {
  it('splits on every separator', () => {
    expect(readEnumList('focus', '学校管理、师资建设,教学研究，资源共享;校园文化；students')).toEqual({
      ok: true,
      value: ['management', 'teachers', 'research', 'resources', 'culture', 'students'],
    });
    expect(readEnumList('focus', '师资建设、师资建设')).toEqual({ ok: true, value: ['teachers'] });
    expect(readEnumList('focus', '、')).toEqual({ ok: true, value: null });
  });
  it('fails when one item is unknown', () => {
    expect(readEnumList('focus', '师资建设、跳舞')).toEqual({ ok: false, expected: 'enum_list' });
  });
});

describe('readTerm', () => {
  it.each([
    ['2026-2027-1', '2026-2027-1'],
    ['2026-2027-2', '2026-2027-2'],
    ['2026-2027学年第一学期', '2026-2027-1'],
    ['2026—2027学年第二学期', '2026-2027-2'],
    ['2026-2027 term 2', '2026-2027-2'],
    ['２０２６-２０２７-１', '2026-2027-1'],
  ])('reads %s', (v, t) => {
    expect(readTerm(v)).toEqual({ ok: true, value: t });
  });
  it('rejects other text and years that do not follow', () => {
    for (const v of ['2026-2028-1', '2026-2027-3', 'autumn', 2026]) expect(readTerm(v as never).ok).toBe(false);
  });
});

describe('readText', () => {
  it('trims text and turns numbers into their string', () => {
    expect(readText('  T01 ')).toEqual({ ok: true, value: 'T01' });
    expect(readText(1001)).toEqual({ ok: true, value: '1001' });
    expect(readText('  ')).toEqual({ ok: true, value: null });
    expect(readText(new Date(Date.UTC(2026, 8, 1)))).toEqual({ ok: true, value: '2026-09-01' });
  });
});
