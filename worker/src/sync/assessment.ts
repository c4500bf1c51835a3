/**
 * The server's own Assessment results. The add-in fills role, score and result, but the server
 * never trusts them: it scores each row again with core's scoreRow, the role coming from the
 * school's stored Pairings and the rules from the bureau. A teacher in no pairing is not assessed.
 */
import { scoreRow } from '../../../core/fill/assessment';
import { idKey } from '../../../core/keys';
import type { Rules } from '../../../core/rules';
import { rowKey, type StoredRow } from './stored';

export interface DerivedAssessment {
  id: string;
  role: 'mentor' | 'mentee' | null;
  score: number | null;
  result: 'pass' | 'fail' | null;
}

/**
 * The results to write: those of rows this batch writes (their typed columns come from the
 * client's values until scored) and those whose stored scores differ, e.g. after a pairing changed.
 */
export function changedAssessments(derived: DerivedAssessment[], after: Map<string, StoredRow>, written: Set<string>): DerivedAssessment[] {
  return derived.filter((d) => {
    const key = rowKey('assessment', d.id);
    if (written.has(key)) return true;
    const s = after.get(key)?.scores;
    return !s || s.role !== d.role || s.score !== d.score || s.result !== d.result;
  });
}

export function deriveAssessments(rows: Iterable<StoredRow>, rules: Rules, term: string): DerivedAssessment[] {
  const live = [...rows].filter((r) => !r.deleted);
  const roles = new Map<string, 'mentor' | 'mentee'>();
  const pairs = live.filter((r) => r.table === 'pairings');
  // A teacher who mentors anyone is assessed as a mentor, as in the add-in's fill.
  // Ids compared as the checks compare them (idKey: despite case, spaces and full-width forms).
  for (const p of pairs) {
    const mentee = idKey(p.vals.mentee_id);
    if (mentee !== null) roles.set(mentee, 'mentee');
  }
  for (const p of pairs) {
    const mentor = idKey(p.vals.mentor_id);
    if (mentor !== null) roles.set(mentor, 'mentor');
  }
  return live
    .filter((r) => r.table === 'assessment')
    .map((r) => {
      const teacher = idKey(r.vals.teacher_id);
      const role = teacher !== null ? roles.get(teacher) : undefined;
      if (!role) return { id: r.id, role: null, score: null, result: null };
      const rowTerm = typeof r.vals.term === 'string' ? r.vals.term : term;
      const s = scoreRow(
        {
          row: 0,
          values: r.vals,
          get raw() {
            return r.raw as never;
          },
          hasErrors: false,
        },
        role,
        rules,
        rowTerm,
      );
      return { id: r.id, role, score: s.score, result: s.pass ? 'pass' : 'fail' };
    });
}
