/** The table view's helpers the checks use: the first earlier row of an equal key, and a column's ids. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnKeys, firstOfEqual, firstOfEqualPair, Numbering, RecordsView, type TypedRow } from '../../core/table';
import { idKey } from '../../core/keys';

/** The answer by definition: the first earlier row with the same key. */
function reference(keys: readonly (string | null)[]): number[] {
  return keys.map((k, i) => (k === null ? -1 : keys.findIndex((o, j) => j < i && o === k)));
}

describe('firstOfEqualPair', () => {
  /** By definition: the first earlier row with the same pair; a row whose a is -1 takes no part. */
  const pairReference = (a: number[], b: number[]) =>
    a.map((x, i) => (x === -1 ? -1 : a.findIndex((y, j) => j < i && y === x && b[j] === b[i])));

  it('agrees with the definition on random pairs', () => {
    const row = fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
        const a = rows.map(([x]) => x);
        const b = rows.map(([, y]) => y);
        const got = firstOfEqualPair(Int32Array.from(a), 6, Int32Array.from(b), 5);
        expect(Array.from(got)).toEqual(pairReference(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('numbers keys in the order first seen', () => {
    const n = new Numbering();
    expect(['x', 'y', 'x', 'z'].map((k) => n.of(k))).toEqual([0, 1, 0, 2]);
    expect(n.count).toBe(3);
    expect(n.keys()).toEqual(['x', 'y', 'z']);
  });
});

describe('firstOfEqual', () => {
  it('agrees with the definition on random keys and nulls', () => {
    const key = fc.option(fc.constantFrom('T1', 't1', 'T2', 'T3', '', '甲', 'T1 '), { nil: null });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), (keys) => {
        expect(Array.from(firstOfEqual(keys))).toEqual(reference(keys));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on 200,000 rows with repeats far apart', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => (i % 7 === 0 ? `A${i % 5000}` : `A${i}`));
    const first = firstOfEqual(keys);
    // A${i % 5000} for i a multiple of 7 first appears at the least such i: i itself when i < 35000.
    expect(first[7]).toBe(-1);
    expect(first[35_007]).toBe(7);
    expect(first[35_000 + 5000 * 7]).toBe(first[35_000]);
    expect(Array.from(first).filter((f) => f >= 0).length).toBe(keys.length - new Set(keys).size);
  });
});

describe('columnKeys', () => {
  const rows = (ids: unknown[]): TypedRow[] => ids.map((id, i) => ({ row: i + 2, values: { teacher_id: id }, raw: {}, hasErrors: false }));

  it('gives each row its idKey, so ids equal despite case, spaces and full-width forms find each other', () => {
    const view = new RecordsView(rows(['T001', ' t001 ', 'Ｔ００１', 'T002', null, '', 7, 7.0, NaN]));
    const keys = columnKeys(view, 'teacher_id');
    expect(keys).toEqual(['t001', 't001', 't001', 't002', null, null, '7', '7', null]);
    expect(Array.from(firstOfEqual(keys))).toEqual([-1, 0, 0, -1, -1, -1, -1, 6, -1]);
  });

  it('agrees with idKey on any value', () => {
    const unit = fc.constantFrom(
      'A',
      'a',
      'Z',
      'z',
      '1',
      '-',
      'Ａ',
      'ａ',
      ' ',
      '\u3000',
      '\u200b',
      '甲',
      '乙',
      'é',
      'É',
      'İ',
      'ß',
      '①',
      '\t',
    );
    const value = fc.oneof(
      fc.array(unit, { maxLength: 4 }).map((xs) => xs.join('')),
      fc.constantFrom(7, 7.5, NaN, true, null, undefined),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 20 }), (vs) => {
        expect(columnKeys(new RecordsView(rows(vs)), 'teacher_id')).toEqual(vs.map(idKey));
      }),
      { numRuns: 500 },
    );
  });
});
