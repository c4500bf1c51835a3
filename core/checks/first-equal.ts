/**
 * "Which earlier row has the same key?" for every row at once (unique ids, a lead teacher's
 * activities on one day).
 *
 * Why not one Map over all rows: a Map of strings hashes each key again, allocates an entry per
 * key and compares with strings scattered over the heap. Here each key is hashed once, by the
 * caller, and the rows go into one open-addressing table of row indices at most half full: four
 * bytes a slot, so 100k rows take a 1 MB table that stays in a core's cache. Text is compared only
 * when two hashes match. On the bench workbook this took the 100k activity ids from 1.8 ms (the
 * rows sorted into cache-sized parts first) to 0.8 ms.
 */

import { equalFolded, FNV_SEED, foldHash, type IdKeys } from '../keys';

/** FNV-1a over UTF-16 code units. */
function fnv(s: string): number {
  let h = FNV_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * For each i, the index of the first j < i whose key equals key i (and, when `groups` is given,
 * whose group number equals group i's), or -1. A null key equals nothing. With `foldCase`, keys
 * compare with A-Z as a-z (keys from `foldKey` then compare as their `idKey`s do).
 */
export function firstOfEqual(keys: readonly (string | null)[], groups?: Int32Array, foldCase = false): Int32Array {
  const has = new Uint8Array(keys.length);
  const hash = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null) continue;
    has[i] = 1;
    hash[i] = foldCase ? foldHash(k) : fnv(k);
  }
  return firstOfEqualKeys({ has, hash, key: (i) => keys[i], value: (i) => keys[i] }, groups, foldCase);
}

/** `firstOfEqual` over keys already hashed (by `keyHash` when `foldCase`, else by FNV-1a). */
export function firstOfEqualKeys(ids: IdKeys, groups?: Int32Array, foldCase = true): Int32Array {
  const { has, hash } = ids;
  const n = has.length;
  const first = new Int32Array(n).fill(-1);
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  // Row index + 1 per slot; 0 is empty. Only the first row of each key goes in, so a later row with
  // that key meets it before an empty slot.
  const table = new Int32Array(size);
  // Keys made to share hashes (the hash is not secret) would make probes long; past a few per row
  // the answer comes from Maps instead, whose hashes are seeded.
  let budget = 8 * n + 64;
  for (let i = 0; i < n; i++) {
    if (has[i] === 0) continue;
    const h = hash[i];
    let slot = h;
    if (groups) {
      slot = Math.imul(h ^ Math.imul(groups[i], 0x9e3779b1), 0x85ebca6b);
      slot ^= slot >>> 15;
    }
    for (slot &= mask; ; slot = (slot + 1) & mask) {
      if (--budget < 0) return firstOfEqualByMap(ids, groups, foldCase);
      const e = table[slot];
      if (e === 0) {
        table[slot] = i + 1;
        break;
      }
      const j = e - 1;
      // Text is compared only when the hashes match.
      if (hash[j] === h && (!groups || groups[j] === groups[i]) && same(ids, i, j, foldCase)) {
        first[i] = j;
        break;
      }
    }
  }
  return first;
}

function same(ids: IdKeys, i: number, j: number, foldCase: boolean): boolean {
  if (ids.value(i) === ids.value(j)) return true;
  const a = ids.key(i);
  const b = ids.key(j);
  return a !== null && b !== null && (foldCase ? equalFolded(a, b) : a === b);
}

/** The same answer from Maps keyed by the text: slower on many rows, but never quadratic. */
function firstOfEqualByMap(ids: IdKeys, groups: Int32Array | undefined, foldCase: boolean): Int32Array {
  const n = ids.has.length;
  const first = new Int32Array(n).fill(-1);
  const seen = new Map<number, Map<string, number>>();
  for (let i = 0; i < n; i++) {
    const key = ids.has[i] === 1 ? ids.key(i) : null;
    if (key === null) continue;
    const k = foldCase ? key.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : key;
    const g = groups ? groups[i] : -1;
    let inGroup = seen.get(g);
    if (!inGroup) seen.set(g, (inGroup = new Map()));
    const j = inGroup.get(k);
    if (j === undefined) inGroup.set(k, i);
    else first[i] = j;
  }
  return first;
}
