/** Assessment: each assessed teacher exists and is in a pairing (only paired teachers are assessed). */
import { idKey, str, type CheckContext } from './context';

export function checkAssessment(ctx: CheckContext): void {
  const rows = ctx.view('assessment');
  if (rows.n === 0) return;
  const paired = new Set<string>();
  const pairings = ctx.view('pairings');
  const mentor = pairings.column('mentor_id');
  const mentee = pairings.column('mentee_id');
  for (let k = 0; k < pairings.n; k++) {
    const m = idKey(mentor.value(k));
    const e = idKey(mentee.value(k));
    if (m) paired.add(m);
    if (e) paired.add(e);
  }
  const teacher = rows.column('teacher_id');
  for (let k = 0; k < rows.n; k++) {
    const raw = teacher.value(k);
    const key = idKey(raw);
    if (key === null) continue;
    if (!ctx.teachers.has(key)) {
      ctx.add('teacher.unknown', 'assessment', { column: ctx.label('assessment', 'teacher_id'), value: str(raw) }, k, 'teacher_id');
      rows.markError(k);
    } else if (!paired.has(key)) {
      ctx.add('assessment.not_paired', 'assessment', { teacher: str(raw) }, k, 'teacher_id');
    }
  }
}
