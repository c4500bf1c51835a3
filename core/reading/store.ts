/**
 * The column store: a table sheet as read, kept by column (one array of typed values per column,
 * made at the sheet's size and cut to the rows read) with each row's sheet row and its place among
 * the input rows. The checks read it through the table view (core/table.ts) as they read stored
 * rows; the row records (`TypedRow`) adapters want are made from it on first asking, so a check
 * that only reports never makes them. Kept for issue 16's budget: on the 115k-row bench, reading
 * into it took 50 ms against 60-65 ms for an array a row and 70+ ms for a push a cell (a large
 * array goes to V8's large-object space, never copied by a scavenge; 115k small ones are, twice).
 */
import type { CellValue } from '../types';
import type { ColumnView, StoredRows, TypedRow } from '../table';
import { idKey } from '../keys';

/** One column as read: its key, its index in each input row, and each row's typed value. */
export interface StoreColumn {
  readonly key: string;
  readonly j: number;
  readonly values: unknown[];
}

class StoreColumnView implements ColumnView {
  constructor(
    private readonly table: SheetTable,
    private readonly column: StoreColumn | undefined,
  ) {}

  value(k: number): unknown {
    return this.column ? this.column.values[k] : null;
  }

  raw(k: number): CellValue {
    return this.column ? this.table.cellsOf(k)[this.column.j] : null;
  }

  key(k: number): string | null {
    return idKey(this.value(k));
  }

  text(k: number): string | null {
    const v = this.value(k);
    return typeof v === 'string' ? v : null;
  }
}

export class SheetTable implements StoredRows {
  /** Set once `rows` were made: from then on they are the data (a caller may have changed them). */
  built: TypedRow[] | null = null;
  /** How many rows were read. */
  n = 0;
  /** Per row: its sheet row. */
  private rowNumbers: Int32Array;
  /** Per row: its index in `cells`. */
  private src: Int32Array;
  /** Per row: 1 when a cell or a check found an error on it. */
  private errors: Uint8Array;
  /** The columns read, each with its values' array made at the sheet's size. */
  readonly columns: readonly StoreColumn[];
  private readonly byKey: Map<string, StoreColumn>;

  constructor(
    /** The sheet's input rows, not copied: a caller must not change them while it uses this read. */
    readonly cells: readonly (readonly CellValue[])[],
    columns: readonly { key: string; j: number }[],
    /** Template columns the sheet lacks: null in every record. */
    readonly absent: readonly string[],
    /** The most rows the sheet can have. */
    capacity: number,
  ) {
    this.columns = columns.map((c) => ({ key: c.key, j: c.j, values: new Array(capacity) }));
    this.byKey = new Map(this.columns.map((c) => [c.key, c]));
    this.rowNumbers = new Int32Array(capacity);
    this.src = new Int32Array(capacity);
    this.errors = new Uint8Array(capacity);
  }

  /** Adds row n, whose typed values the reader wrote in each column's `values[n]`. */
  push(sheetRow: number, src: number, hasErrors: boolean): void {
    this.rowNumbers[this.n] = sheetRow;
    this.src[this.n] = src;
    this.errors[this.n] = hasErrors ? 1 : 0;
    this.n++;
  }

  /** Cuts every array to the rows read. */
  finish(): void {
    for (const c of this.columns) c.values.length = this.n;
    this.rowNumbers = this.rowNumbers.slice(0, this.n);
    this.src = this.src.slice(0, this.n);
    this.errors = this.errors.slice(0, this.n);
  }

  /** The input row of row k. */
  cellsOf(k: number): readonly CellValue[] {
    return this.cells[this.src[k]];
  }

  rowOf(k: number): number {
    return this.rowNumbers[k];
  }

  column(key: string): ColumnView {
    return new StoreColumnView(this, this.byKey.get(key));
  }

  markError(k: number): void {
    this.errors[k] = 1;
  }

  /** The rows as records (absent columns null), made on first call and kept. */
  rows(): TypedRow[] {
    if (this.built) return this.built;
    const out: TypedRow[] = [];
    for (let k = 0; k < this.n; k++) {
      const values: Record<string, unknown> = {};
      const raw: Record<string, CellValue> = {};
      const cells = this.cellsOf(k);
      for (const c of this.columns) {
        values[c.key] = c.values[k];
        raw[c.key] = cells[c.j];
      }
      for (const key of this.absent) values[key] = raw[key] = null;
      out.push({ row: this.rowNumbers[k], values, raw, hasErrors: this.errors[k] === 1 });
    }
    this.built = out;
    return out;
  }
}
