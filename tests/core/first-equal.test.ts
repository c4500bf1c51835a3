import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOfEqual } from '../../core/checks/first-equal';
import { equalFolded, foldKey, idKey } from '../../core/keys';

/** The answer by definition: the first earlier row with the same key (and group). */
function reference(keys: readonly (string | null)[], groups?: Int32Array): number[] {
  const seen = new Map<string, number>();
  return keys.map((k, i) => {
    if (k === null) return -1;
    const id = JSON.stringify([groups ? groups[i] : null, k]);
    const j = seen.get(id);
    if (j === undefined) seen.set(id, i);
    return j ?? -1;
  });
}

/** FNV-1a as the module computes it, here only to make keys that land on one slot. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

describe('firstOfEqual', () => {
  it('agrees with the definition on random keys, nulls and groups', () => {
    const key = fc.option(fc.constantFrom('T1', 't1', 'T2', 'T3', '', '甲', 'T1 '), { nil: null });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.boolean(), fc.array(fc.constantFrom(0, 1, 2), { minLength: 300, maxLength: 300 }), (keys, grouped, g) => {
        const groups = grouped ? Int32Array.from(g.slice(0, keys.length)) : undefined;
        expect(Array.from(firstOfEqual(keys, groups))).toEqual(reference(keys, groups));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on 200,000 rows, with distinct keys that share a 30-bit hash among them', () => {
    // Birthday search for keys of equal hash: the case the text comparison exists for.
    const byHash = new Map<number, string>();
    const twins: string[] = [];
    for (let i = 0; twins.length < 6 && i < 2_000_000; i++) {
      const k = `c${i}`;
      const other = byHash.get(fnv(k));
      if (other !== undefined) twins.push(other, k);
      else byHash.set(fnv(k), k);
    }
    expect(twins.length).toBe(6);
    expect(fnv(twins[0])).toBe(fnv(twins[1]));
    const keys = Array.from({ length: 200_000 }, (_, i) => (i % 7 === 0 ? `A${i % 5000}` : `A${i}`));
    keys.splice(1000, 0, twins[0], twins[1], twins[0]);
    keys.splice(150_000, 0, ...twins, twins[3], twins[4]);
    expect(Array.from(firstOfEqual(keys))).toEqual(reference(keys));
  });

  it('stays correct when keys are made to pile onto one slot (the fallback to Maps)', () => {
    const crowd: string[] = [];
    for (let i = 0; crowd.length < 300; i++) if ((fnv(`x${i}`) & 1023) === 0) crowd.push(`x${i}`);
    const keys = [...crowd, ...crowd.slice(0, 50), null, crowd[7]];
    const groups = Int32Array.from(keys, (_, i) => i % 2);
    expect(Array.from(firstOfEqual(keys))).toEqual(reference(keys));
    expect(Array.from(firstOfEqual(keys, groups))).toEqual(reference(keys, groups));
  });

  it('with foldCase, agrees with the definition over keys with A-Z lower-cased', () => {
    const key = fc.option(fc.constantFrom('T1', 't1', 'T2', 'É1', 'é1', 'Ａ1', '甲', 'a-B', 'A-b'), { nil: null });
    const lower = (k: string | null) => (k === null ? null : k.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), fc.array(fc.constantFrom(0, 1), { minLength: 200, maxLength: 200 }), (keys, g) => {
        const groups = Int32Array.from(g.slice(0, keys.length));
        expect(Array.from(firstOfEqual(keys, groups, true))).toEqual(reference(keys.map(lower), groups));
      }),
      { numRuns: 200 },
    );
  });
});

describe('foldKey', () => {
  it('gives keys equal under equalFolded exactly when idKey gives equal keys, and null exactly when idKey does', () => {
    const unit = fc.constantFrom('A', 'a', 'Z', 'z', '1', '-', 'Ａ', 'ａ', ' ', '\u3000', '\u200b', '甲', '乙', 'é', 'É', 'İ', 'ß', '①', '\t');
    const value = fc.oneof(fc.array(unit, { maxLength: 4 }).map((xs) => xs.join('')), fc.constantFrom(7, 7.5, NaN, true, null, undefined));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const [fa, fb] = [foldKey(a), foldKey(b)];
        expect(fa === null).toBe(idKey(a) === null);
        if (fa !== null && fb !== null) expect(equalFolded(fa, fb)).toBe(idKey(a) === idKey(b));
      }),
      { numRuns: 2000 },
    );
  });
});

