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

/** One column as read: its key, its place in each row's typed values, its index in each input row. */
export interface StoreColumn {
  readonly key: string;
  readonly j: number;
  /** Each row's typed value. */
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
    return this.column ? this.table.cells[this.table.src[k]][this.column.j] : null;
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
  /** Per row: its sheet row. */
  readonly rowNumbers: number[] = [];
  /** Per row: its index in `cells`. */
  readonly src: number[] = [];
  /** Per row: whether a cell or a check found an error on it. */
  readonly hasErrors: boolean[] = [];
  private readonly byKey: Map<string, StoreColumn>;

  constructor(
    /** The sheet's input rows, not copied: a caller must not change them while it uses this read. */
    readonly cells: readonly (readonly CellValue[])[],
    readonly columns: readonly StoreColumn[],
    /** Template columns the sheet lacks: null in every record. */
    readonly absent: readonly string[],
  ) {
    this.byKey = new Map(columns.map((c) => [c.key, c]));
  }

  /** Adds a row as read. */
  push(sheetRow: number, src: number, hasErrors: boolean): void {
    this.rowNumbers.push(sheetRow);
    this.src.push(src);
    this.hasErrors.push(hasErrors);
  }

  get n(): number {
    return this.rowNumbers.length;
  }

  rowOf(k: number): number {
    return this.rowNumbers[k];
  }

  column(key: string): ColumnView {
    return new StoreColumnView(this, this.byKey.get(key));
  }

  markError(k: number): void {
    this.hasErrors[k] = true;
  }

  /** The rows as records (absent columns null), made on first call and kept. */
  rows(): TypedRow[] {
    if (this.built) return this.built;
    const out: TypedRow[] = [];
    for (let k = 0; k < this.n; k++) {
      const values: Record<string, unknown> = {};
      const raw: Record<string, CellValue> = {};
      const cells = this.cells[this.src[k]];
      for (const c of this.columns) {
        values[c.key] = c.values[k];
        raw[c.key] = cells[c.j];
      }
      for (const key of this.absent) values[key] = raw[key] = null;
      out.push({ row: this.rowNumbers[k], values, raw, hasErrors: this.hasErrors[k] });
    }
    this.built = out;
    return out;
  }
}
