/**
 * The server's own Assessment results. The add-in fills role, score and result, but the server
 * never trusts them: it scores each row again with core's scoreRow, the role coming from the
 * school's stored Pairings and the rules from the bureau. A teacher in no pairing is not assessed.
 */
import { scoreRow } from '../../../core/fill/assessment';
import type { Rules } from '../../../core/rules';
import type { StoredRow } from './stored';

export interface DerivedAssessment {
  id: string;
  role: 'mentor' | 'mentee' | null;
  score: number | null;
  result: 'pass' | 'fail' | null;
}

export function deriveAssessments(rows: Iterable<StoredRow>, rules: Rules, term: string): DerivedAssessment[] {
  const live = [...rows].filter((r) => !r.deleted);
  const roles = new Map<string, 'mentor' | 'mentee'>();
  const pairs = live.filter((r) => r.table === 'pairings');
  // A teacher who mentors anyone is assessed as a mentor, as in the add-in's fill.
  for (const p of pairs) if (p.vals.mentee_id != null) roles.set(String(p.vals.mentee_id), 'mentee');
  for (const p of pairs) if (p.vals.mentor_id != null) roles.set(String(p.vals.mentor_id), 'mentor');
  return live
    .filter((r) => r.table === 'assessment')
    .map((r) => {
      const role = r.vals.teacher_id != null ? roles.get(String(r.vals.teacher_id)) : undefined;
      if (!role) return { id: r.id, role: null, score: null, result: null };
      const rowTerm = typeof r.vals.term === 'string' ? r.vals.term : term;
      const s = scoreRow({ row: 0, values: r.vals, raw: r.raw as never, hasErrors: false }, role, rules, rowTerm);
      return { id: r.id, role, score: s.score, result: s.pass ? 'pass' : 'fail' };
    });
}
