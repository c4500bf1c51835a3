/**
 * Teacher ids numbered alike wherever a sheet names a teacher, so that the checks compare numbers:
 * a teacher's number is the index of the first Teachers row with that id (`idKey` equal), and an
 * id no Teachers row has gets a number of its own, at least the Teachers sheet's row count.
 */
import type { SheetKey } from '../template';
import type { IdKeys } from '../keys';
import type { RowsView } from '../table';
import { firstOfEqualKeys } from './first-equal';
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
  const parts: IdKeys[] = PLACES.map(([sheet, column]) => view(sheet).column(column).idKeys());
  const starts = [0];
  for (const p of parts) starts.push(starts[starts.length - 1] + p.has.length);
  const total = starts[parts.length];
  const has = new Uint8Array(total);
  const hash = new Int32Array(total);
  parts.forEach((p, i) => {
    has.set(p.has, starts[i]);
    hash.set(p.hash, starts[i]);
  });
  const part = (i: number): number => {
    let p = 0;
    while (i >= starts[p + 1]) p++;
    return p;
  };
  const key = (i: number) => parts[part(i)].key(i - starts[part(i)]);
  const value = (i: number) => parts[part(i)].value(i - starts[part(i)]);
  const first = firstOfEqualKeys({ has, hash, key, value });
  const numbers = PLACES.map(([sheet, column], p) => {
    const out = new Int32Array(starts[p + 1] - starts[p]);
    for (let k = 0; k < out.length; k++) {
      const i = starts[p] + k;
      out[k] = has[i] === 0 ? -1 : first[i] < 0 ? i : first[i];
    }
    return [sheet + '.' + column, out] as const;
  });
  const byPlace = new Map(numbers);
  return {
    roster: starts[1],
    count: Math.max(1, total),
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
