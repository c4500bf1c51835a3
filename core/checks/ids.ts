/** Id columns: unique when filled; an empty one is an info because a fill supplies it. */
import type { SheetKey } from '../template';
import { SHEET_BY_KEY } from '../template';
import { idKey, str, type CheckContext } from './context';
import { firstOfEqual } from './first-equal';

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
    const keys = rows.map((tr) => idKey(tr.values[column]));
    const first = firstOfEqual(keys);
    const label = ctx.label(sheet, column);
    for (let i = 0; i < rows.length; i++) {
      const tr = rows[i];
      if (keys[i] === null) {
        // Teachers' id is required: the reader already raised cell.required.
        if (fillable && columnPresent && SHEET_BY_KEY[sheet].idColumn === column) {
          ctx.add('row.id_missing', sheet, { column: label }, tr, column);
        }
        continue;
      }
      const f = first[i];
      if (f === -1) continue;
      ctx.add('row.duplicate_id', sheet, { column: label, value: str(tr.values[column]), first_row: rows[f].row }, tr, column);
      tr.hasErrors = true;
    }
  }
}
