/**
 * Teacher ids numbered alike wherever a sheet names a teacher, so that the checks compare numbers:
 * a teacher's number is the index of the first Teachers row with that id (`idKey` equal), and an
 * id no Teachers row has gets a number of its own, at least the Teachers sheet's row count.
 */
import type { SheetKey } from '../template';
import type { RowsView } from '../table';
import type { CheckContext } from './context';
import { idKey } from '../keys';
import { personKey } from '../identity';

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

/**
 * Two teachers of one school with one name (DOMAIN.md, "Who is who across schools"): across
 * workbooks a person is their school and their name (core/identity.ts), so the totals would count
 * them as one. A warning on the later row, so that the school tells them apart (大王芳 and 小王芳).
 * Rows of one id are the id check's (a repeated id), not this one's.
 */
export function checkTeacherNames(ctx: CheckContext): void {
  const rows = ctx.view('teachers');
  const ids = rows.column('teacher_id');
  const names = rows.column('name');
  const schools = rows.column('school_code');
  const first = new Map<string, { id: string; value: unknown }>();
  for (let k = 0; k < rows.n; k++) {
    const person = personKey(schools.value(k), names.value(k));
    const id = idKey(ids.value(k));
    if (person === null || id === null) continue;
    const seen = first.get(person);
    if (!seen) first.set(person, { id, value: ids.value(k) });
    else if (seen.id !== id) {
      ctx.add('teacher.same_name', 'teachers', { name: String(names.value(k)), first: String(seen.value) }, k, 'name');
    }
  }
}
