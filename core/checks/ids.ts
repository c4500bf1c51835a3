/** Id columns: unique when filled; an empty one is an info because a fill supplies it. */
import type { SheetKey } from '../template';
import { SHEET_BY_KEY } from '../template';
import type { TypedRow } from '../read';
import { idKey, str, type CheckContext } from './context';

const ID_COLUMNS: [SheetKey, string, boolean][] = [
  ['teachers', 'teacher_id', false],
  ['partnerships', 'partnership_id', true],
  ['pairings', 'pairing_id', true],
  ['schedule', 'activity_id', true],
  ['support', 'record_id', true],
];

export function checkIds(ctx: CheckContext): void {
  for (const [sheet, column, fillable] of ID_COLUMNS) {
    const rows = ctx.rows(sheet);
    if (rows.length === 0) continue;
    // Only report ids missing when the column exists or the rows came from storage (no columns map).
    const cols = ctx.model.sheets[sheet]?.columns;
    const columnPresent = !cols || cols[column] !== undefined;
    // A Set answers "seen before?" with one hash lookup per row; which row came first is needed
    // only for a duplicate, so that map is built on the first one (sheets rarely have any).
    const seen = new Set<string>();
    let first: Map<string, number> | null = null;
    const label = ctx.label(sheet, column);
    for (let i = 0; i < rows.length; i++) {
      const tr = rows[i];
      const v = tr.values[column];
      const k = idKey(v);
      if (k === null) {
        // Teachers' id is required: the reader already raised cell.required.
        if (fillable && columnPresent && SHEET_BY_KEY[sheet].idColumn === column) {
          ctx.add('row.id_missing', sheet, { column: label }, tr, column);
        }
        continue;
      }
      const size = seen.size;
      seen.add(k);
      if (seen.size !== size) {
        first?.set(k, tr.row);
        continue;
      }
      first ??= firstRows(rows, column, i);
      ctx.add('row.duplicate_id', sheet, { column: label, value: str(v), first_row: first.get(k)! }, tr, column);
      tr.hasErrors = true;
    }
  }
}

/** id -> row of its first occurrence among rows[0..end). */
function firstRows(rows: TypedRow[], column: string, end: number): Map<string, number> {
  const first = new Map<string, number>();
  for (let i = 0; i < end; i++) {
    const k = idKey(rows[i].values[column]);
    if (k !== null && !first.has(k)) first.set(k, rows[i].row);
  }
  return first;
}
