/** Id columns: unique when filled; an empty one is an info because a fill supplies it. */
import type { SheetKey } from '../template';
import { SHEET_BY_KEY } from '../template';
import { str, type CheckContext } from './context';
import { columnKeys, firstOfEqual } from '../table';

const ID_COLUMNS: [SheetKey, string, boolean][] = [
  ['teachers', 'teacher_id', false],
  ['partnerships', 'partnership_id', true],
  ['pairings', 'pairing_id', true],
  ['schedule', 'activity_id', true],
  ['support', 'record_id', true],
];

export function checkIds(ctx: CheckContext): void {
  for (const [sheet, column, fillable] of ID_COLUMNS) {
    const rows = ctx.view(sheet);
    const n = rows.n;
    if (n === 0) continue;
    // Only report ids missing when the column exists or the rows came from storage (no columns map).
    const cols = ctx.model.sheets[sheet]?.columns;
    const columnPresent = !cols || cols[column] !== undefined;
    const id = rows.column(column);
    const keys = columnKeys(rows, column);
    const first = firstOfEqual(keys);
    const label = ctx.label(sheet, column);
    const reportMissing = fillable && columnPresent && SHEET_BY_KEY[sheet].idColumn === column;
    for (let k = 0; k < n; k++) {
      if (keys[k] === null) {
        // Teachers' id is required: the reader already raised cell.required.
        if (reportMissing) ctx.add('row.id_missing', sheet, { column: label }, k, column);
        continue;
      }
      const f = first[k];
      if (f === -1) continue;
      ctx.add('row.duplicate_id', sheet, { column: label, value: str(id.value(k)), first_row: rows.rowOf(f) }, k, column);
      rows.markError(k);
    }
  }
}
