/** Teachers: each works at the Program school or at a partner school. */
import { idKey, str, type CheckContext } from './context';

export function checkTeachers(ctx: CheckContext): void {
  // Without a school code there is nothing to compare with; the reader reported it.
  if (!idKey(ctx.program.school_code)) return;
  for (const tr of ctx.rows('teachers')) {
    const code = tr.values.school_code;
    const k = idKey(code);
    if (k === null || ctx.knownSchools.has(k)) continue;
    ctx.add('teacher.school_unknown', 'teachers', { value: str(code), school: str(ctx.program.school_code) }, tr, 'school_code');
    tr.hasErrors = true;
  }
}
