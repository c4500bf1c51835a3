/** Assessment: each assessed teacher exists and is in a pairing (only paired teachers are assessed). */
import { idKey, str, type CheckContext } from './context';

export function checkAssessment(ctx: CheckContext): void {
  const rows = ctx.rows('assessment');
  if (rows.length === 0) return;
  const paired = new Set<string>();
  for (const tr of ctx.rows('pairings')) {
    const m = idKey(tr.values.mentor_id);
    const e = idKey(tr.values.mentee_id);
    if (m) paired.add(m);
    if (e) paired.add(e);
  }
  for (const tr of rows) {
    const raw = tr.values.teacher_id;
    const k = idKey(raw);
    if (k === null) continue;
    if (!ctx.teachers.has(k)) {
      ctx.add('teacher.unknown', 'assessment', { column: ctx.label('assessment', 'teacher_id'), value: str(raw) }, tr, 'teacher_id');
      tr.hasErrors = true;
    } else if (!paired.has(k)) {
      ctx.add('assessment.not_paired', 'assessment', { teacher: str(raw) }, tr, 'teacher_id');
    }
  }
}
