/**
 * Assessment: each assessed teacher exists and is in a pairing (only paired teachers are assessed),
 * and has one row per term: two would make the teacher's score ambiguous.
 */
import { str, type CheckContext } from './context';

export function checkAssessment(ctx: CheckContext): void {
  const rows = ctx.view('assessment');
  if (rows.n === 0) return;
  const ids = ctx.teacherIds();
  const assessed = ids.of('assessment', 'teacher_id');
  const paired = new Set<number>();
  for (const t of ids.of('pairings', 'mentor_id')) paired.add(t);
  for (const t of ids.of('pairings', 'mentee_id')) paired.add(t);
  const teacher = rows.column('teacher_id');
  const termOf = rows.column('term');
  /** Per roster teacher: the rows naming it so far with a term, one per term (few per teacher). */
  const byTeacher = new Map<number, number[]>();
  for (let k = 0; k < rows.n; k++) {
    const t = assessed[k];
    if (t < 0) continue;
    if (t >= ids.roster) {
      ctx.add(
        'teacher.unknown',
        'assessment',
        { column: ctx.label('assessment', 'teacher_id'), value: str(teacher.value(k)) },
        k,
        'teacher_id',
      );
      rows.markError(k);
      continue;
    }
    if (!paired.has(t)) ctx.add('assessment.not_paired', 'assessment', { teacher: str(teacher.value(k)) }, k, 'teacher_id');
    const term = termOf.value(k);
    if (typeof term !== 'string') continue;
    let earlier = byTeacher.get(t);
    if (!earlier) byTeacher.set(t, (earlier = []));
    const first = earlier.find((o) => termOf.value(o) === term);
    if (first === undefined) {
      earlier.push(k);
      continue;
    }
    ctx.add('assessment.duplicate', 'assessment', { teacher: str(teacher.value(k)), term, first_row: rows.rowOf(first) }, k, 'teacher_id');
    rows.markError(k);
  }
}
