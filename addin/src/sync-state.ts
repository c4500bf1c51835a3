/**
 * What the server confirmed for each row, kept IN the workbook (a very hidden sheet, see
 * docs/addin.md) so that a workbook reopened later, on another computer or in file mode, sends
 * only the rows changed since: per row its table, id, the version the server gave it and a hash
 * of the values that were sent. Held with the server address, school and term it belongs to; a
 * workbook copied to another school or term starts again from nothing.
 *
 * The token is never here: the hidden sheet travels with the file.
 */
import type { CellValue } from '../../core/types';

/** The sheet's name: ASCII, under Excel's 31 characters, unlike any template sheet. */
export const STATE_SHEET = '_jiedui_sync';
const MAGIC = 'jiedui-sync';
const FORMAT = 1;

export interface RowState {
  version: number;
  /** Hash of the values last sent (or written from the server); null forces the row to be sent. */
  hash: string | null;
}

export interface SyncScope {
  server: string;
  school: string;
  term: string;
}

export class SyncState {
  /** `table:id` -> what the server confirmed. */
  readonly rows = new Map<string, RowState>();
  /** The school's revision from the last answer, for `GET /rows?since=`. */
  revision = 0;

  constructor(readonly scope: SyncScope) {}

  get(table: string, id: string): RowState | undefined {
    return this.rows.get(`${table}:${id}`);
  }

  set(table: string, id: string, s: RowState): void {
    this.rows.set(`${table}:${id}`, s);
  }

  delete(table: string, id: string): void {
    this.rows.delete(`${table}:${id}`);
  }

  /** The hidden sheet's cells: a header row, then one row per synced row. */
  toRows(): (string | number)[][] {
    const out: (string | number)[][] = [[MAGIC, FORMAT, this.scope.server, this.scope.school, this.scope.term, this.revision]];
    for (const [k, s] of this.rows) {
      const i = k.indexOf(':');
      out.push([k.slice(0, i), k.slice(i + 1), s.version, s.hash ?? '']);
    }
    return out;
  }

  /**
   * Reads the hidden sheet's cells. Anything that is not our format, or that belongs to another
   * server, school or term, gives an empty state for `scope`: the first sync then sends every row
   * and the server answers with conflicts for the rows it already has, never silently overwriting.
   */
  static fromRows(values: CellValue[][] | null, scope: SyncScope): SyncState {
    const s = new SyncState(scope);
    const head = values?.[0];
    if (!values || !head || head[0] !== MAGIC || Number(head[1]) !== FORMAT) return s;
    if (String(head[2] ?? '') !== scope.server || String(head[3] ?? '') !== scope.school || String(head[4] ?? '') !== scope.term) return s;
    s.revision = Number(head[5]) || 0;
    for (const r of values.slice(1)) {
      const [table, id, version, hash] = r;
      if (typeof table !== 'string' || !table || id === null || id === undefined || id === '') continue;
      const v = Number(version);
      if (!Number.isInteger(v) || v < 1) continue;
      s.set(table, String(id), { version: v, hash: typeof hash === 'string' && hash ? hash : null });
    }
    return s;
  }
}

/** JSON of the values with sorted keys, so the same row always hashes the same. */
export function canonicalJson(values: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k] ?? null]));
}

/** cyrb53: a fast 53-bit string hash; enough to notice an edited row, not a security measure. */
export function hashText(str: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function hashValues(values: Record<string, unknown>): string {
  return hashText(canonicalJson(values));
}
