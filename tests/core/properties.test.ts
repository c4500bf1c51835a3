import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readDate, readEnum, readEnumList, readInt, readNumber, readTerm, readText, readYesNo, isoToSerial } from '../../core/values';
import { readWorkbook, readRecord } from '../../core/read';
import { checkWorkbook } from '../../core/check';
import { SHEETS } from '../../core/template';
import type { CellValue } from '../../core/types';

/** Anything a cell could hand us, and worse. */
const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 2958465, 2958466, 60),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constant(new Date(NaN)),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('#N/A', '#VALUE!', '２０', '20节', '2026年9月1日', '是', '×', '2026-2027-1', '\u3000', '-1', '1e5'),
);

const ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function validIso(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const readers: [string, (v: CellValue) => unknown][] = [
  ['readDate', readDate],
  ['readInt', readInt],
  ['readNumber', readNumber],
  ['readYesNo', readYesNo],
  ['readTerm', readTerm],
  ['readText', readText],
  ['readEnum subject', (v) => readEnum('subject', v)],
  ['readEnum activity_type', (v) => readEnum('activity_type', v)],
  ['readEnumList focus', (v) => readEnumList('focus', v)],
];

describe('readers never throw and never accept garbage', () => {
  for (const [name, read] of readers) {
    it(`${name} never throws and returns a Read`, () => {
      fc.assert(
        fc.property(anyCell, (v) => {
          const r = read(v) as { ok: boolean; expected?: string };
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(typeof r.expected).toBe('string');
        }),
        { numRuns: 600 },
      );
    });
  }

  it('readDate accepts only valid ISO dates', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const r = readDate(v);
        if (r.ok && r.value !== null) expect(validIso(r.value), String(r.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('readInt accepts only non-negative safe integers and readNumber only non-negative finite numbers', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const i = readInt(v);
        if (i.ok && i.value !== null) {
          expect(Number.isSafeInteger(i.value)).toBe(true);
          expect(i.value).toBeGreaterThanOrEqual(0);
          expect(Object.is(i.value, -0)).toBe(false);
        }
        const n = readNumber(v);
        if (n.ok && n.value !== null) {
          expect(Number.isFinite(n.value)).toBe(true);
          expect(n.value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('readTerm accepts only well-formed term ids', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const r = readTerm(v);
        if (r.ok && r.value !== null) {
          const m = /^(\d{4})-(\d{4})-([12])$/.exec(r.value);
          expect(m).not.toBeNull();
          expect(Number(m![2])).toBe(Number(m![1]) + 1);
        }
      }),
    );
  });

  it('readEnum returns a code of a closed enum or nothing', () => {
    const codes = new Set(['planned', 'done', 'cancelled']);
    fc.assert(
      fc.property(anyCell, (v) => {
        const r = readEnum('status', v);
        if (r.ok && r.value !== null) expect(codes.has(r.value)).toBe(true);
      }),
    );
  });
});

describe('round trips', () => {
  const validDate = fc
    .date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('readDate reads back an ISO date, its slash form, its Chinese form and its Excel serial', () => {
    fc.assert(
      fc.property(validDate, (iso) => {
        const [y, m, d] = iso.split('-').map(Number);
        expect(readDate(iso)).toEqual({ ok: true, value: iso });
        expect(readDate(`${y}/${m}/${d}`)).toEqual({ ok: true, value: iso });
        expect(readDate(`${y}年${m}月${d}日`)).toEqual({ ok: true, value: iso });
        expect(readDate(isoToSerial(iso))).toEqual({ ok: true, value: iso });
        expect(readDate(new Date(iso + 'T00:00:00Z'))).toEqual({ ok: true, value: iso });
      }),
    );
  });

  it('readInt reads back any safe non-negative integer, with a unit or in full width', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(readInt(n)).toEqual({ ok: true, value: n });
        expect(readInt(`${n}节`)).toEqual({ ok: true, value: n });
        const wide = String(n).replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c)));
        expect(readInt(wide)).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('the workbook reader never throws', () => {
  const sheetName = fc.oneof(fc.constantFrom(...SHEETS.flatMap((s) => [s.zh, s.en])), fc.string());
  const grid = fc.array(fc.array(anyCell, { maxLength: 8 }), { maxLength: 8 });

  it('on arbitrary sheets of arbitrary cells', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: sheetName, values: grid }), { maxLength: 5 }), (sheets) => {
        const r = checkWorkbook({ sheets }, { today: '2026-10-01' });
        expect(Array.isArray(r.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('with real headers over arbitrary cells, locating every issue in the sheet', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHEETS.filter((s) => s.kind === 'table')), grid, (def, rows) => {
        const values = [def.columns.map((c) => c.zh), ...rows];
        const r = readWorkbook({
          sheets: [
            { name: '项目信息', values: [['学校代码', 'A']] },
            { name: def.zh, values },
          ],
        });
        for (const i of r.issues) {
          if (i.row !== undefined) expect(i.row).toBeGreaterThanOrEqual(1);
          if (i.cell !== undefined) expect(i.cell).toMatch(/^[A-Z]+\d+$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('readRecord on arbitrary raw values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHEETS.map((s) => s.key)), fc.dictionary(fc.string(), anyCell), (key, raw) => {
        expect(Array.isArray(readRecord(key, raw).issues)).toBe(true);
      }),
    );
  });
});
