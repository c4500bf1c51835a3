/**
 * "Which earlier row has the same key?" for every row at once (unique ids, a lead teacher's
 * activities on one day).
 *
 * Why not one Map over all rows: on 100k rows its table is megabytes and every lookup lands
 * somewhere else in it, and compares the key with strings scattered over the heap, so most
 * lookups wait on memory. Here each key is hashed once, in row order; the rows are sorted by a few
 * bits of the hash into parts of about a thousand, and each part is deduplicated in a small table
 * of integers that stays in cache. Text is compared only when two hashes match. On the bench
 * workbook (100k Schedule rows) this took the cross-row checks from about 60 ms to 44 ms.
 */

import { equalFolded, FNV_SEED, foldHash, type IdKeys } from '../keys';

/** FNV-1a over UTF-16 code units. */
function fnv(s: string): number {
  let h = FNV_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

const PART_SIZE = 1024;

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
  return firstOfEqualKeys({ has, hash, key: (i) => keys[i] }, groups, foldCase);
}

/** `firstOfEqual` over keys already hashed (by `keyHash` when `foldCase`, else by FNV-1a). */
export function firstOfEqualKeys(ids: IdKeys, groups?: Int32Array, foldCase = true): Int32Array {
  const { has, hash } = ids;
  const n = has.length;
  const first = new Int32Array(n).fill(-1);
  // Kept to 30 bits, so that the part is given by the top bits and the slot by the low ones.
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (has[i] === 0) continue;
    let h = hash[i];
    if (groups) {
      h = Math.imul(h ^ Math.imul(groups[i], 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 15;
    }
    hashes[i] = h & 0x3fffffff;
  }
  // Parts by the hash's top bits; a counting sort keeps row order within each part.
  let bits = 0;
  while (bits < 20 && n >> bits > PART_SIZE) bits++;
  const shift = 30 - bits;
  const starts = new Int32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) if (has[i] === 1) starts[(hashes[i] >>> shift) + 1]++;
  for (let p = 0; p < 1 << bits; p++) starts[p + 1] += starts[p];
  const fill = starts.slice(0, 1 << bits);
  const order = new Int32Array(starts[1 << bits]);
  for (let i = 0; i < n; i++) if (has[i] === 1) order[fill[hashes[i] >>> shift]++] = i;

  // Each part goes into one open-addressing table of row indices (+1; 0 is empty), reused from
  // part to part: at most half full, so a probe is short, and small enough to stay in cache. Only
  // the first row of each key goes in, so a later row with that key meets it before an empty slot.
  let largest = 0;
  for (let p = 0; p < 1 << bits; p++) largest = Math.max(largest, starts[p + 1] - starts[p]);
  let size = 16;
  while (size < 2 * largest) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size);
  const used = new Int32Array(largest);
  // Keys made to share hashes (the hash is not secret) would make probes long; past a few per row
  // the answer comes from Maps instead, whose hashes are seeded.
  let budget = 8 * n + 64;
  for (let p = 0; p < 1 << bits; p++) {
    let nUsed = 0;
    for (let o = starts[p]; o < starts[p + 1]; o++) {
      const i = order[o];
      const h = hashes[i];
      for (let slot = h & mask; ; slot = (slot + 1) & mask) {
        if (--budget < 0) return firstOfEqualByMap(ids, groups, foldCase);
        const e = table[slot];
        if (e === 0) {
          table[slot] = i + 1;
          used[nUsed++] = slot;
          break;
        }
        const j = e - 1;
        // Text is compared only when the hashes match.
        if (hashes[j] === h && (!groups || groups[j] === groups[i]) && same(ids, i, j, foldCase)) {
          first[i] = j;
          break;
        }
      }
    }
    for (let u = 0; u < nUsed; u++) table[used[u]] = 0;
  }
  return first;
}

function same(ids: IdKeys, i: number, j: number, foldCase: boolean): boolean {
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
