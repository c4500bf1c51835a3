/**
 * The table view the checks read rows through: row k of a sheet, 0..n-1, its sheet row and each
 * column's typed value. Rows a workbook read and rows the worker stored are both `TypedRow`s.
 */
import type { CellValue } from './types';
import { idKey } from './keys';

/** A row as read (or stored by the worker), with its values typed. */
export interface TypedRow {
  /** 1-based sheet row; 0 when the row did not come from a sheet (worker). */
  row: number;
  /** Typed values: ISO date strings, numbers, booleans, enum codes, string[] for lists, null when empty. */
  values: Record<string, unknown>;
  raw: Record<string, CellValue>;
  hasErrors: boolean;
}

/** One column of a sheet's rows. */
export interface ColumnView {
  /** The typed value of row k (null when empty or unreadable; undefined when the column is absent). */
  value(k: number): unknown;
  /** The cell as typed. */
  raw(k: number): CellValue;
  /** The id row k names (`idKey` of its value), or null. */
  key(k: number): string | null;
  /** The value of row k when it is text (an ISO date, an enum code), else null. */
  text(k: number): string | null;
}

/** The rows of one sheet as the checks see them: by index k in 0..n-1. */
export interface RowsView {
  readonly n: number;
  /** 1-based sheet row of row k; 0 when the row did not come from a sheet. */
  rowOf(k: number): number;
  column(key: string): ColumnView;
  markError(k: number): void;
}

/** A read sheet's column store (reading/store.ts): its rows, once made, are the data instead. */
export interface StoredRows extends RowsView {
  readonly built: TypedRow[] | null;
}

class RecordColumnView implements ColumnView {
  constructor(
    private readonly rows: readonly TypedRow[],
    private readonly name: string,
  ) {}

  value(k: number): unknown {
    return this.rows[k].values[this.name];
  }

  raw(k: number): CellValue {
    return this.rows[k].raw?.[this.name];
  }

  key(k: number): string | null {
    return idKey(this.value(k));
  }

  text(k: number): string | null {
    const v = this.value(k);
    return typeof v === 'string' ? v : null;
  }
}

export class RecordsView implements RowsView {
  readonly n: number;

  constructor(private readonly rows: readonly TypedRow[]) {
    this.n = rows.length;
  }

  rowOf(k: number): number {
    return this.rows[k].row;
  }

  column(key: string): ColumnView {
    return new RecordColumnView(this.rows, key);
  }

  markError(k: number): void {
    this.rows[k].hasErrors = true;
  }
}

/**
 * For each row k, the first earlier row whose key equals row k's, or -1; a null key equals nothing
 * (unique ids).
 */
export function firstOfEqual(keys: readonly (string | null)[]): Int32Array {
  const first = new Int32Array(keys.length).fill(-1);
  // One Set insert a row finds the keys seen twice (few: ids are meant to be unique); only their
  // rows then look up the first row of their key, in a Map of those keys alone. On the bench's
  // 110k ids: 20.5 ms against 23.1 for a Map get and set a row (quiet machine, best of 6).
  const seen = new Set<string>();
  const repeated = new Map<string, number>();
  for (const key of keys) {
    if (key === null) continue;
    const size = seen.size;
    if (seen.add(key).size === size) repeated.set(key, -1);
  }
  if (repeated.size === 0) return first;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const j = key === null ? undefined : repeated.get(key);
    if (j === undefined) continue;
    if (j === -1) repeated.set(key!, k);
    else first[k] = j;
  }
  return first;
}

/** Each row's id in one column (`idKey`), for `firstOfEqual`. */
export function columnKeys(rows: RowsView, column: string): (string | null)[] {
  const col = rows.column(column);
  const keys: (string | null)[] = new Array(rows.n);
  for (let k = 0; k < rows.n; k++) keys[k] = col.key(k);
  return keys;
}

/** Numbers for keys, 0, 1, 2... in the order each is first seen. */
export class Numbering {
  private readonly numbers = new Map<string, number>();

  get count(): number {
    return this.numbers.size;
  }

  of(key: string): number {
    let n = this.numbers.get(key);
    if (n === undefined) this.numbers.set(key, (n = this.numbers.size));
    return n;
  }

  /** The keys, by number. */
  keys(): string[] {
    return [...this.numbers.keys()];
  }
}

/**
 * For each row k, the first earlier row with the same pair (a[k], b[k]), or -1; a row whose a is -1
 * takes no part. a's are below aCount, b's below bCount. Linear, with no key made per row: the rows
 * are put in order of a (a counting sort, which keeps each a's rows in order), and within each a
 * the first row of each b is kept in an array stamped with that a. For the Schedule's lead teacher
 * and day: checkSchedule 47 ms against 57 with a Map of each teacher's days (100k rows, quiet
 * machine, best of 6).
 */
export function firstOfEqualPair(a: Int32Array, aCount: number, b: Int32Array, bCount: number): Int32Array {
  const n = a.length;
  const first = new Int32Array(n).fill(-1);
  const start = new Int32Array(aCount + 1);
  for (let k = 0; k < n; k++) if (a[k] !== -1) start[a[k] + 1]++;
  for (let i = 0; i < aCount; i++) start[i + 1] += start[i];
  const order = new Int32Array(start[aCount]);
  const fill = start.slice(0, aCount);
  for (let k = 0; k < n; k++) if (a[k] !== -1) order[fill[a[k]]++] = k;
  const stamp = new Int32Array(bCount).fill(-1);
  const firstOfB = new Int32Array(bCount);
  for (const k of order) {
    const x = b[k];
    if (stamp[x] === a[k]) first[k] = firstOfB[x];
    else {
      stamp[x] = a[k];
      firstOfB[x] = k;
    }
  }
  return first;
}
