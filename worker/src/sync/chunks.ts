/**
 * D1 takes at most 100 bound parameters a statement and about 2 MB a bound value (the local
 * workerd SQLite refuses more with SQLITE_TOOBIG), so a list of any length goes to SQL as JSON
 * arrays, one bound parameter each, read with json_each, each array at most CHUNK_BYTES of UTF-8
 * (a character of Chinese text is three bytes, so characters are not the measure).
 */
import { utf8Length } from '../../../core/utf8';

/** UTF-8 bytes of one JSON array bound as a parameter: well under D1's 2 MB a value. */
export const CHUNK_BYTES = 900_000;

/**
 * The items as JSON arrays of at most `max` UTF-8 bytes each (an item larger than that alone in
 * its array; callers bound their items far below it). No items: no arrays.
 */
export function jsonChunks(items: readonly unknown[], max = CHUNK_BYTES): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let size = 2;
  for (const it of items) {
    const s = JSON.stringify(it);
    const bytes = utf8Length(s) + 1;
    if (size + bytes > max && cur.length) {
      out.push(`[${cur.join(',')}]`);
      cur = [];
      size = 2;
    }
    cur.push(s);
    size += bytes;
  }
  if (cur.length) out.push(`[${cur.join(',')}]`);
  return out;
}
