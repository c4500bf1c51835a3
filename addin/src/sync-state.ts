/**
 * What the server confirmed for each row, kept IN the workbook (a very hidden sheet, see
 * docs/addin.md) so that a workbook reopened later, on another computer or in file mode, sends
 * only the rows changed since: per row its table, id, the version the server gave it and a hash
 * of the values that were sent. Held per sync scope (server address, school and term): a
 * workbook whose Program names another school or term starts that scope from nothing, and the
 * states of the other scopes stay in the sheet untouched, so a typo in Program costs nothing
 * once it is corrected. The sheet also names the workbook (an id made once), which keys the
 * outbox of batches sent and not yet answered: a batch is only ever resumed into the workbook
 * that sent it.
 *
 * The token is never here: the hidden sheet travels with the file.
 */
import type { CellValue } from '../../core/types';

/** The sheet's name: ASCII, under Excel's 31 characters, unlike any template sheet. */
export const STATE_SHEET = '_jiedui_sync';
const MAGIC = 'jiedui-sync';
/** 1: one scope in the header row (read, never written). 2: the workbook's id, then a block per scope. */
const FORMAT = 2;
/** The first cell of a scope's line in format 2; no table is called that. */
const SCOPE_MARK = '#scope';

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

export const scopeKey = (s: SyncScope): string => JSON.stringify([s.server, s.school, s.term]);

/** A cell read back as the text it was written as (ids, codes, hashes); '' for an empty cell. */
const text = (v: CellValue): string => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

export class SyncState {
  /** `table:id` -> what the server confirmed. */
  readonly rows = new Map<string, RowState>();
  /** The school's revision from the last answer, for `GET /rows?since=`. */
  revision = 0;
  /** Every scope's state in this workbook: `toRows` writes them all, never only this one. */
  readonly book: StateBook;

  constructor(
    readonly scope: SyncScope,
    book?: StateBook,
  ) {
    this.book = book ?? new StateBook();
    this.book.states.set(scopeKey(scope), this);
  }

  get(table: string, id: string): RowState | undefined {
    return this.rows.get(`${table}:${id}`);
  }

  set(table: string, id: string, s: RowState): void {
    this.rows.set(`${table}:${id}`, s);
  }

  delete(table: string, id: string): void {
    this.rows.delete(`${table}:${id}`);
  }

  /** The hidden sheet's cells: the whole book (this scope's state and every other's). */
  toRows(): (string | number)[][] {
    return this.book.toRows();
  }

  /**
   * The state for `scope` from the hidden sheet's cells; empty when the sheet is not ours or
   * holds no state for that scope (the first sync then sends every row, and the server answers
   * with conflicts for the rows it already has, never silently overwriting). The other scopes'
   * states stay in its book, so writing it back keeps them.
   */
  static fromRows(values: CellValue[][] | null, scope: SyncScope): SyncState {
    return StateBook.fromRows(values).stateFor(scope);
  }
}

/** The hidden sheet: the workbook's id and a state per scope. */
export class StateBook {
  /** Made once, on the first sync, and kept in the sheet: it keys this workbook's outbox. */
  workbookId: string | null = null;
  readonly states = new Map<string, SyncState>();

  /** The state this workbook holds for `scope`, if any. */
  find(scope: SyncScope): SyncState | undefined {
    return this.states.get(scopeKey(scope));
  }

  /** The state for `scope`: the one held, or a new empty one that joins the book. */
  stateFor(scope: SyncScope): SyncState {
    return this.find(scope) ?? new SyncState(scope, this);
  }

  /** Scopes other than `scope` that hold synced rows. */
  otherScopes(scope: SyncScope): SyncScope[] {
    const k = scopeKey(scope);
    return [...this.states.entries()].filter(([key, s]) => key !== k && s.rows.size > 0).map(([, s]) => s.scope);
  }

  /**
   * The sheet's cells: `[MAGIC, FORMAT, workbookId]`, then per scope a line `['#scope', server,
   * school, term, revision]` and one line per synced row `[table, id, version, hash]`. A scope
   * with nothing in it (no row, no revision) is left out.
   */
  toRows(): (string | number)[][] {
    const out: (string | number)[][] = [[MAGIC, FORMAT, this.workbookId ?? '']];
    for (const s of this.states.values()) {
      if (s.rows.size === 0 && s.revision === 0) continue;
      out.push([SCOPE_MARK, s.scope.server, s.scope.school, s.scope.term, s.revision]);
      for (const [k, r] of s.rows) {
        const i = k.indexOf(':');
        out.push([k.slice(0, i), k.slice(i + 1), r.version, r.hash ?? '']);
      }
    }
    return out;
  }

  /**
   * Reads the hidden sheet's cells (format 2, or format 1's single scope). Every id, code and hash
   * is read as text: a cell Excel turned into a number still names the row it was written for.
   * Anything that is not our format gives an empty book.
   */
  static fromRows(values: CellValue[][] | null): StateBook {
    const book = new StateBook();
    const head = values?.[0];
    if (!values || !head || head[0] !== MAGIC) return book;
    const format = Number(head[1]);
    let cur: SyncState | null = null;
    const line = (r: CellValue[]) => {
      const [table, id, version, hash] = r;
      const t = text(table);
      const i = text(id);
      if (!cur || !t || !i) return;
      const v = Number(version);
      if (!Number.isInteger(v) || v < 1) return;
      const h = text(hash);
      cur.set(t, i, { version: v, hash: h || null });
    };
    if (format === 1) {
      cur = book.stateFor({ server: text(head[2]), school: text(head[3]), term: text(head[4]) });
      cur.revision = Number(head[5]) || 0;
      for (const r of values.slice(1)) line(r);
      return book;
    }
    if (format !== FORMAT) return book;
    book.workbookId = text(head[2]) || null;
    for (const r of values.slice(1)) {
      if (r[0] === SCOPE_MARK) {
        cur = book.stateFor({ server: text(r[1]), school: text(r[2]), term: text(r[3]) });
        cur.revision = Number(r[4]) || 0;
      } else line(r);
    }
    return book;
  }
}

/** A new workbook id: random, so two workbooks of one school in one browser never share an outbox. */
export function newWorkbookId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `w-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** JSON of the values with sorted keys, so the same row always hashes the same. */
export function canonicalJson(values: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k] ?? null]),
  );
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
