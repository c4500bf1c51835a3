/** Teachers: each works at the Program school or at a partner school, and two of one school have two names. */
import { personKey } from '../identity';
import { idKey, str, type CheckContext } from './context';

export function checkTeachers(ctx: CheckContext): void {
  // Without a school code there is nothing to compare with; the reader reported it.
  if (!idKey(ctx.program.school_code)) return;
  const rows = ctx.view('teachers');
  const school = rows.column('school_code');
  for (let k = 0; k < rows.n; k++) {
    const code = school.value(k);
    const key = idKey(code);
    if (key === null || ctx.knownSchools.has(key)) continue;
    ctx.add('teacher.school_unknown', 'teachers', { value: str(code), school: str(ctx.program.school_code) }, k, 'school_code');
    rows.markError(k);
  }
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
