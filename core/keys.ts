/**
 * Ids and codes as the checks compare them: despite case, spaces and full-width forms, as people
 * type them. `idKey` is the definition; `foldKey`, `keyHash` and `equalFolded` give the same
 * answers without making a lower-cased copy of every id, which on 100k rows is most of the cost.
 */
import { normalizeLabel, plainLabelChar as plain } from './normalize';

/** The normalised id of a cell's typed value; null when it names nothing. */
export function idKey(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : normalizeLabel(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Whether `idKey(v)` is not null: text that is not empty, or a finite number. */
export function hasId(v: unknown): boolean {
  return typeof v === 'string' ? v !== '' : typeof v === 'number' && Number.isFinite(v);
}

/**
 * A key equal to another under `equalFolded` exactly when their `idKey`s are equal, and null
 * exactly when `idKey` is. Plain ids are their own key.
 */
export function foldKey(v: unknown): string | null {
  if (typeof v !== 'string') return idKey(v);
  if (v === '') return null;
  for (let i = 0; i < v.length; i++) if (!plain(v.charCodeAt(i))) return normalizeLabel(v);
  return v;
}

/** Whether two strings are equal when A-Z count as a-z. */
export function equalFolded(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x |= 0x20;
    if (y >= 0x41 && y <= 0x5a) y |= 0x20;
    if (x !== y) return false;
  }
  return true;
}

export const FNV_SEED = 0x811c9dc5;

/** A-Z as a-z; every other code unit as it is. */
const fold = (c: number): number => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);

/** Spreads every bit of `h` over the low ones, which pick a table's slot (murmur3's finaliser). */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A hash of `s` with A-Z as a-z: strings equal under `equalFolded` hash alike. Two UTF-16 code
 * units a step (FNV-1a's multiply on 32 bits at a time), which halves the chain of multiplies that
 * bounds a short id's hashing; `finish` brings the high half's bits down.
 */
export function foldHash(s: string): number {
  const n = s.length;
  let h = FNV_SEED ^ n;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (fold(s.charCodeAt(i)) | (fold(s.charCodeAt(i + 1)) << 16)), 0x01000193);
  if (i < n) h = Math.imul(h ^ fold(s.charCodeAt(i)), 0x01000193);
  return finish(h);
}

/** `foldHash(foldKey(s))` for a non-empty string, in one pass over a plain one. */
export function keyHash(s: string): number {
  const n = s.length;
  let h = FNV_SEED ^ n;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let a = s.charCodeAt(i);
    let b = s.charCodeAt(i + 1);
    if (!plain(a) || !plain(b)) return foldHash(normalizeLabel(s));
    if ((a - 0x41) >>> 0 < 26) a |= 0x20;
    if ((b - 0x41) >>> 0 < 26) b |= 0x20;
    h = Math.imul(h ^ (a | (b << 16)), 0x01000193);
  }
  if (i < n) {
    let a = s.charCodeAt(i);
    if (!plain(a)) return foldHash(normalizeLabel(s));
    if ((a - 0x41) >>> 0 < 26) a |= 0x20;
    h = Math.imul(h ^ a, 0x01000193);
  }
  return finish(h);
}

/** The ids of one column, for finding equal ones: per row whether it has one, and its hash. */
export interface IdKeys {
  readonly has: Uint8Array;
  /** `keyHash` of the row's id, where `has`. */
  readonly hash: Int32Array;
  /** The row's `foldKey`. */
  key(k: number): string | null;
  /** The value the row's key is made from: equal values have equal keys, and this is cheaper to compare. */
  value(k: number): unknown;
}
