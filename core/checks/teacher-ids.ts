/**
 * Teacher ids numbered alike wherever a sheet names a teacher, so that the checks compare numbers:
 * a teacher's number is the index of the first Teachers row with that id (`idKey` equal), and an
 * id no Teachers row has gets a number of its own, at least the Teachers sheet's row count.
 */
import type { SheetKey } from '../template';
import type { RowsView } from '../table';

/** Where teacher ids are read; the roster first, so that its rows are the first of each id. */
const PLACES: readonly (readonly [SheetKey, string])[] = [
  ['teachers', 'teacher_id'],
  ['pairings', 'mentor_id'],
  ['pairings', 'mentee_id'],
  ['assessment', 'teacher_id'],
  ['support', 'teacher_id'],
];

export interface TeacherIds {
  /** Numbers below this are Teachers rows. */
  readonly roster: number;
  /** Every number is below this. */
  readonly count: number;
  /** Per row of the sheet: the number of the teacher its column names, or -1 when it names none. */
  of(sheet: SheetKey, column: string): Int32Array;
}

export function numberTeacherIds(view: (sheet: SheetKey) => RowsView): TeacherIds {
  const numberOf = new Map<string, number>();
  const byPlace = new Map<string, Int32Array>();
  let next = 0;
  let roster = 0;
  for (const [sheet, column] of PLACES) {
    const rows = view(sheet);
    const col = rows.column(column);
    const out = new Int32Array(rows.n).fill(-1);
    for (let k = 0; k < rows.n; k++, next++) {
      const key = col.key(k);
      if (key === null) continue;
      const known = numberOf.get(key);
      if (known !== undefined) out[k] = known;
      else numberOf.set(key, (out[k] = next));
    }
    byPlace.set(sheet + '.' + column, out);
    if (sheet === 'teachers') roster = next;
  }
  return {
    roster,
    count: Math.max(1, next),
    of(sheet, column) {
      const out = byPlace.get(sheet + '.' + column);
      if (!out) throw new Error(`teacher ids are not numbered in ${sheet}.${column}`);
      return out;
    },
  };
}
