/**
 * A table sheet as read, kept by column. A typed row record per row (the contract's `TypedRow`) is
 * what adapters want, but on 100k rows building one object per row and collecting them afterwards
 * costs several times what checking the cells does; so the reader keeps, per column, an integer per
 * row saying what the cell read as, and the rows are made only when someone asks for them.
 * The checks read the same data through `RowsView`, which rows kept by the worker implement too.
 */
import type { CellValue } from './types';
import type { ColumnDef } from './template';
import type { TypedRow } from './read';
import { foldHash, foldKey, hasId, keyHash, type IdKeys } from './keys';
import { keepShape } from './shapes';

/** The cell's typed value is the cell as typed (text with nothing to trim, a plain number). */
export const AS_TYPED = -1;

export interface TableColumn {
  readonly key: string;
  readonly def: ColumnDef;
  /** Index of the column in each input row. */
  readonly j: number;
  /** Per row: AS_TYPED, or an index into `outcomes`. */
  readonly out: Int32Array;
  /** Typed values the column's cells read as (shared by the cells that read alike). */
  readonly outcomes: readonly unknown[];
}

/** One column of a sheet's rows, whichever way they are kept. */
export interface ColumnView {
  /** The typed value of row k (null when empty, unreadable or the column is absent). */
  value(k: number): unknown;
  /** The cell as typed. */
  raw(k: number): CellValue;
  /**
   * The column's values numbered: row k holds `values[ids[k]]`, and two rows hold equal values
   * (SameValueZero; lists by identity) exactly when their ids are equal. Lets a check work out a
   * fact once per value (a date in the term, a kind of activity) and then per row by number.
   */
  distinct(): Distinct;
  /** Per row: 1 when the value names an id (`hasId`). */
  has(): Uint8Array;
  /** The column's ids (`idKey` of each value), hashed, for finding equal ones. */
  idKeys(): IdKeys;
}

/** `keyHash` of a value's id; 0 when it has none. */
function hashOf(v: unknown): number {
  if (typeof v === 'string') return v === '' ? 0 : keyHash(v);
  const key = foldKey(v);
  return key === null ? 0 : foldHash(key);
}

export interface Distinct {
  readonly ids: Int32Array;
  readonly values: readonly unknown[];
}

/** Numbers values as `distinct` promises: in the order first met, SameValueZero. */
class Numbering {
  readonly values: unknown[] = [];
  private readonly seen = new Map<unknown, number>();

  id(v: unknown): number {
    let id = this.seen.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.seen.set(v, id);
    }
    return id;
  }
}

/** The rows of one sheet as the checks see them: by index k in 0..n-1. */
export interface RowsView {
  readonly n: number;
  /** 1-based sheet row of row k; 0 when the row did not come from a sheet. */
  rowOf(k: number): number;
  column(key: string): ColumnView;
  markError(k: number): void;
}

/** A column the sheet does not have: every row reads null. */
class AbsentColumnView implements ColumnView {
  constructor(private readonly n: number) {}

  value(): unknown {
    return null;
  }

  raw(): CellValue {
    return null;
  }

  distinct(): Distinct {
    return { ids: new Int32Array(this.n), values: [null] };
  }

  has(): Uint8Array {
    return new Uint8Array(this.n);
  }

  idKeys(): IdKeys {
    return { has: new Uint8Array(this.n), hash: new Int32Array(this.n), key: () => null, value: () => null };
  }
}

class TableColumnView implements ColumnView {
  private readonly out: Int32Array;
  private readonly outcomes: readonly unknown[];
  private readonly j: number;

  constructor(
    private readonly cells: readonly (readonly CellValue[])[],
    private readonly src: Int32Array,
    private readonly n: number,
    c: TableColumn,
  ) {
    this.out = c.out;
    this.outcomes = c.outcomes;
    this.j = c.j;
  }

  value(k: number): unknown {
    const o = this.out[k];
    return o < 0 ? this.cells[this.src[k]][this.j] : this.outcomes[o];
  }

  raw(k: number): CellValue {
    return this.cells[this.src[k]][this.j];
  }

  distinct(): Distinct {
    // Outcomes are few, but two may hold one value (a date typed as a serial and as text).
    const numbering = new Numbering();
    const canon = Int32Array.from(this.outcomes, (v) => numbering.id(v));
    const { n, out, cells, src, j } = this;
    const ids = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const o = out[k];
      ids[k] = o >= 0 ? canon[o] : numbering.id(cells[src[k]][j]);
    }
    return { ids, values: numbering.values };
  }

  has(): Uint8Array {
    const { n, out } = this;
    const outcomeHas = Uint8Array.from(this.outcomes, (v) => (hasId(v) ? 1 : 0));
    const has = new Uint8Array(n);
    // As typed is text with nothing to trim or a number: either names an id.
    for (let k = 0; k < n; k++) has[k] = out[k] < 0 ? 1 : outcomeHas[out[k]];
    return has;
  }

  idKeys(): IdKeys {
    const { n, out, cells, src, j } = this;
    const outcomeHas = Uint8Array.from(this.outcomes, (v) => (hasId(v) ? 1 : 0));
    const outcomeHash = Int32Array.from(this.outcomes, hashOf);
    const has = new Uint8Array(n);
    const hash = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const o = out[k];
      if (o >= 0) {
        has[k] = outcomeHas[o];
        hash[k] = outcomeHash[o];
      } else {
        has[k] = 1;
        hash[k] = hashOf(cells[src[k]][j]);
      }
    }
    return { has, hash, key: (k) => foldKey(this.value(k)), value: (k) => this.value(k) };
  }
}

type RecordMaker = (buf: readonly unknown[]) => Record<string, unknown>;

export class SheetTable implements RowsView {
  /** Set once `rows` were made: from then on they are the data (a caller may have changed them). */
  built: TypedRow[] | null = null;
  private readonly byKey: Map<string, TableColumn>;

  constructor(
    /** The sheet's input rows, not copied: a caller must not change them while it uses this read. */
    readonly cells: readonly (readonly CellValue[])[],
    /** Number of rows read. */
    readonly n: number,
    /** Per row: its 1-based sheet row. */
    readonly rowNumbers: Int32Array,
    /** Per row: its index in `cells`. */
    readonly src: Int32Array,
    readonly columns: readonly TableColumn[],
    /** Per row: 1 when a cell or a check found an error on it. */
    readonly hasErrors: Uint8Array,
    private readonly makeRecord: RecordMaker,
  ) {
    this.byKey = new Map(columns.map((c) => [c.key, c]));
  }

  rowOf(k: number): number {
    return this.rowNumbers[k];
  }

  column(key: string): ColumnView {
    const c = this.byKey.get(key);
    return c ? new TableColumnView(this.cells, this.src, this.n, c) : new AbsentColumnView(this.n);
  }

  markError(k: number): void {
    this.hasErrors[k] = 1;
  }

  /** The rows as records, made on first call and kept. */
  rows(): TypedRow[] {
    if (this.built) return this.built;
    const views = this.columns.map((c) => new TableColumnView(this.cells, this.src, this.n, c));
    const buf = new Array<unknown>(views.length);
    const out = new Array<TypedRow>(this.n);
    for (let k = 0; k < this.n; k++) {
      for (let ci = 0; ci < views.length; ci++) buf[ci] = views[ci].value(k);
      out[k] = new SheetRow(this, k, this.makeRecord(buf));
    }
    this.built = out;
    return out;
  }

  /** The cells of row k as typed, by column key (absent columns null). */
  rawRecord(k: number): Record<string, CellValue> {
    const row = this.cells[this.src[k]];
    const buf = this.columns.map((c) => row[c.j]);
    return this.makeRecord(buf) as Record<string, CellValue>;
  }
}

/**
 * A row made from a table. `raw` (the cells as typed) is wanted by few callers (fills, the sync,
 * unreadable-cell tests), so it is made on first access and kept.
 */
class SheetRow implements TypedRow {
  row: number;
  hasErrors: boolean;
  private built: Record<string, CellValue> | null = null;

  constructor(
    private readonly table: SheetTable,
    private readonly k: number,
    public values: Record<string, unknown>,
  ) {
    this.row = table.rowNumbers[k];
    this.hasErrors = table.hasErrors[k] === 1;
  }

  get raw(): Record<string, CellValue> {
    if (this.built === null) this.built = this.table.rawRecord(this.k);
    return this.built;
  }

  set raw(r: Record<string, CellValue>) {
    this.built = r;
  }

  /** The plain TypedRow, so that JSON of a read (tests, hashes, the add-in's messages) shows raw. */
  toJSON(): TypedRow {
    return { row: this.row, values: this.values, raw: this.raw, hasErrors: this.hasErrors };
  }
}

class RecordColumnView implements ColumnView {
  constructor(
    private readonly rows: readonly TypedRow[],
    private readonly key: string,
  ) {}

  value(k: number): unknown {
    return this.rows[k].values[this.key];
  }

  raw(k: number): CellValue {
    return this.rows[k].raw?.[this.key];
  }

  distinct(): Distinct {
    const numbering = new Numbering();
    const ids = Int32Array.from(this.rows, (r) => numbering.id(r.values[this.key]));
    return { ids, values: numbering.values };
  }

  has(): Uint8Array {
    return Uint8Array.from(this.rows, (r) => (hasId(r.values[this.key]) ? 1 : 0));
  }

  idKeys(): IdKeys {
    const hash = Int32Array.from(this.rows, (r) => hashOf(r.values[this.key]));
    return { has: this.has(), hash, key: (k) => foldKey(this.value(k)), value: (k) => this.value(k) };
  }
}

/** Rows kept as records (the worker's stored rows, or a read whose rows were made). */
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

// One of each kind of view kept, so that their hidden classes outlive every check (see shapes.ts).
{
  const text: ColumnDef = { key: 'k', zh: 'k', en: 'k', type: 'text' };
  const table = new SheetTable([['x']], 1, new Int32Array(1), new Int32Array(1), [{ key: 'k', def: text, j: 0, out: new Int32Array(1), outcomes: [] }], new Uint8Array(1), () => ({ k: 'x' }));
  const records = new RecordsView(table.rows());
  for (const o of [table, table.column('k'), table.column('absent'), new Numbering(), records, records.column('k')]) keepShape(o);
}
