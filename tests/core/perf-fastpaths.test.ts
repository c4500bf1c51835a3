/**
 * What is kept for speed must give exactly what the plain definitions give: normalizeLabel
 * against its full form, ColumnReader (its memo, its plain-text shortcut) against readCellValue,
 * and the rows made from the column store against the cells they came from.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeLabel, normalizeLabelFull, nfkc } from '../../core/normalize';
import { ColumnReader, readCellValue, readWorkbook } from '../../core/read';
import { EXCEL_ERRORS, isEnumCode } from '../../core/values';
import { ENUMS, SHEETS, type ColumnDef } from '../../core/template';
import type { CellValue } from '../../core/types';

const labels = Object.values(ENUMS).flatMap((e) => e.values.flatMap((v) => [v.code, v.zh, v.en, ...(v.aliases ?? [])]));

/** Strings near the edges of the shortcuts: ASCII, CJK, full-width forms, Unicode spaces, case. */
const edgyChar = fc.constantFrom(
  'a',
  'Z',
  // The bounds of the shortcut's classes: ! ~ printable ASCII, @ [ ` { around the capitals and small letters.
  '!',
  '~',
  '@',
  '[',
  '`',
  '{',
  '0',
  '-',
  '_',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u200b',
  '\u2028',
  '\u202f',
  '\u3000',
  '\ufeff',
  '教',
  '师',
  '\u4e00',
  '\u9fff',
  '\u3400',
  '\ua000',
  'Ａ',
  'ｚ',
  '１',
  '（',
  '\uff5e',
  '\uff5f',
  'É',
  'ß',
  'İ',
  'ﬁ',
  '㎏',
  '①',
  '\ud800',
  '\udc00',
  '😀',
  '\u0301',
  '\u007f',
);
const edgyString = fc.oneof(
  fc.array(edgyChar, { maxLength: 8 }).map((cs) => cs.join('')),
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.constantFrom(...labels),
  fc.constantFrom(...labels).map((l) => ` ${l.toUpperCase()}\u3000`),
);

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  edgyString,
  fc.double(),
  fc.integer({ min: -5, max: 3_000_000 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 60, 45_000, 2958465, 2958466, 1.5, 2 ** 53, Number.MAX_VALUE),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('2026-09-01', '2026/9/1', ' 2026年9月1日 ', '２０节', '5,000元', '是', 'N', '√', '2026-2027-1', 'A1', 't001', 'Ｔ００１'),
  // Excel errors, and text that only looks like one
  fc.constantFrom(...EXCEL_ERRORS, '#N/A ', '#n/a', '#1', '#', 'T#1'),
);

const allColumns: ColumnDef[] = SHEETS.flatMap((s) => s.columns);

/** What a cell reads as by the definitions alone (values.ts), without ColumnReader's shortcuts. */
function reference(def: ColumnDef, v: CellValue): { value: unknown; code: string | null } {
  if (typeof v === 'string' && EXCEL_ERRORS.has(v)) return { value: null, code: 'cell.excel_error' };
  const r = readCellValue(def, v);
  if (!r.ok) return { value: null, code: r.code ?? (def.type === 'enum' || def.type === 'enum_list' ? 'cell.enum' : 'cell.type') };
  if (r.value === null) return { value: null, code: def.required ? 'cell.required' : null };
  if (def.max !== undefined && typeof r.value === 'number' && r.value > def.max) return { value: null, code: 'cell.too_large' };
  if (def.type === 'enum' && def.enum && !isEnumCode(def.enum, r.value)) return { value: r.value, code: 'cell.enum_open' };
  return { value: r.value, code: null };
}

describe('normalizeLabel shortcut', () => {
  it('agrees with NFKC + lower-case + no white space on any string', () => {
    fc.assert(
      fc.property(edgyString, (s) => normalizeLabel(s) === normalizeLabelFull(s)),
      { numRuns: 3000 },
    );
  });

  it('takes the shortcut only where it is sound', () => {
    expect(normalizeLabel('T00123')).toBe('t00123');
    expect(normalizeLabel('教师12')).toBe('教师12');
    expect(normalizeLabel('Ｔ００１')).toBe('t001');
    expect(normalizeLabel('A 1')).toBe('a1');
    expect(normalizeLabel('ﬁ')).toBe('fi');
  });

  it('nfkc skips only ASCII', () => {
    fc.assert(
      fc.property(edgyString, (s) => nfkc(s) === s.normalize('NFKC')),
      { numRuns: 3000 },
    );
  });
});

describe('ColumnReader shortcuts and memo', () => {
  it('read gives the value and issue code the readers define, for every column type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allColumns), fc.array(anyCell, { minLength: 1, maxLength: 6 }), (def, cells) => {
        // One reader for several cells, twice over, so that memo hits are compared too.
        const reader = new ColumnReader(def);
        for (const v of [...cells, ...cells]) {
          const { value, code } = reader.read(v);
          const want = reference(def, v);
          expect(Object.is(value, want.value) || JSON.stringify(value) === JSON.stringify(want.value)).toBe(true);
          expect(code).toBe(want.code);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('turns -0 into 0 on the int shortcut, as readInt does', () => {
    const def = allColumns.find((c) => c.type === 'int')!;
    expect(Object.is(new ColumnReader(def).read(-0).value, 0)).toBe(true);
  });
});

describe('rows made from the column store', () => {
  const def = SHEETS.find((d) => d.key === 'teachers')!;

  it("give every template key, the sheet's columns in template order then the absent ones as null, on a plain prototype", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(def.columns, { minLength: 2 }),
        fc.array(fc.array(anyCell, { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        (cols, cells) => {
          const header = cols.map((c) => c.zh);
          const read = readWorkbook({ sheets: [{ name: '教师名册', values: [header, ...cells.map((r) => r.slice(0, cols.length))] }] });
          const present = def.columns.filter((c) => cols.includes(c)).map((c) => c.key);
          const absent = def.columns.filter((c) => !cols.includes(c)).map((c) => c.key);
          const table = read.sheets.teachers!.table!;
          for (const [k, row] of read.sheets.teachers!.rows.entries()) {
            expect(Object.keys(row.values)).toEqual([...present, ...absent]);
            expect(Object.keys(row.raw)).toEqual([...present, ...absent]);
            expect(Object.getPrototypeOf(row.values)).toBe(Object.prototype);
            for (const key of absent) expect(row.values[key]).toBeNull();
            for (const key of present) {
              const j = cols.findIndex((c) => c.key === key);
              expect(Object.is(row.raw[key], cells[table.rowOf(k) - 2][j])).toBe(true);
              expect(
                Object.is(row.values[key], table.column(key).value(k)) ||
                  JSON.stringify(row.values[key]) === JSON.stringify(table.column(key).value(k)),
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('are made once and kept: a change to them is what the checks then see', () => {
    const read = readWorkbook({
      sheets: [
        {
          name: '教师名册',
          values: [
            ['工号', '姓名'],
            ['T1', '甲'],
          ],
        },
      ],
    });
    const sheet = read.sheets.teachers!;
    expect(sheet.rows).toBe(sheet.rows);
    sheet.rows[0].values.name = '乙';
    expect(sheet.table!.built![0].values.name).toBe('乙');
  });
});
