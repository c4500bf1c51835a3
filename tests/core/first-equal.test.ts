import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOfEqual } from '../../core/checks/first-equal';

/** The answer by definition: the first earlier row with the same key (and group). */
function reference(keys: readonly (string | null)[], groups?: readonly (string | null)[]): number[] {
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
      fc.property(fc.array(key, { maxLength: 300 }), fc.boolean(), fc.array(fc.option(fc.constantFrom('a', 'b'), { nil: null }), { minLength: 300, maxLength: 300 }), (keys, grouped, g) => {
        const groups = grouped ? g.slice(0, keys.length) : undefined;
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
    const groups = keys.map((_, i) => (i % 2 ? 'g' : null));
    expect(Array.from(firstOfEqual(keys))).toEqual(reference(keys));
    expect(Array.from(firstOfEqual(keys, groups))).toEqual(reference(keys, groups));
  });
});
