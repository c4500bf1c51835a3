/** Teachers: each works at the Program school or at a partner school. */
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
