/**
 * The server's own Assessment results. The add-in fills role, score and result, but the server
 * never trusts them: it scores each row again with core's scoreRow, the role coming from the
 * school's stored Pairings (core's rolesFromPairings) and the rules from the bureau. A teacher in
 * no pairing is not assessed, and neither is a row the checks find an error in (an unknown teacher,
 * a second row of one teacher and term): the add-in would not have sent it.
 *
 * `counted` says which rows the bureau's `assessed` and `passed` count, as the school's Summary
 * (core/fill/summary.ts) counts its assessments: the rows of the term synced, one per teacher (ids
 * as `idKey`): of the rows naming one teacher, the first (by row id, the server's row order); it
 * counts when it is scored, and a later row never takes the place of an unscored first one.
 */
import { firstOfTerm, rolesFromPairings, scoreRow } from '../../../core/fill/assessment';
import { idKey } from '../../../core/keys';
import type { TypedRow, WorkbookRead } from '../../../core/read';
import { rowKey, type StoredRow } from './stored';

export interface DerivedAssessment {
  id: string;
  role: 'mentor' | 'mentee' | null;
  score: number | null;
  result: 'pass' | 'fail' | null;
  counted: 0 | 1;
}

/**
 * The results to write: those of rows this batch writes (their typed columns come from the
 * client's values until scored) and those whose stored scores differ, e.g. after a pairing changed.
 */
export function changedAssessments(derived: DerivedAssessment[], after: Map<string, StoredRow>, written: Set<string>): DerivedAssessment[] {
  return derived.filter((d) => {
    const key = rowKey('assessment', d.id);
    if (written.has(key)) return true;
    const stored = after.get(key);
    const s = stored?.scores;
    return !s || s.role !== d.role || s.score !== d.score || s.result !== d.result || stored!.counted !== d.counted;
  });
}

/**
 * Scores the Assessment rows of a school's term. `clean` is the read of its rows without those the
 * checks find errors in, `rows` every live Assessment row with its record in `clean` (null for a
 * row left out of it).
 */
export function deriveAssessments(
  clean: WorkbookRead,
  term: string,
  rows: { row: StoredRow; record: TypedRow | null }[],
): DerivedAssessment[] {
  const roles = rolesFromPairings(clean);
  // The term's first row of each teacher is the one the Summary counts (core's rule).
  const kept = rows.filter((r) => r.record !== null);
  const firsts = firstOfTerm(
    kept.map((r) => r.record!),
    term,
  );
  const isFirst = new Map(kept.map((r, i) => [r.row.id, firsts[i]]));
  return rows.map(({ row, record }) => {
    const none: DerivedAssessment = { id: row.id, role: null, score: null, result: null, counted: 0 };
    if (!record) return none;
    const teacher = idKey(record.values.teacher_id);
    const first = isFirst.get(row.id) === true;
    const role = teacher !== null ? roles.get(teacher) : undefined;
    if (!role) return none;
    const rowTerm = typeof record.values.term === 'string' ? record.values.term : term;
    const s = scoreRow(record, role, clean.rules, rowTerm);
    return { id: row.id, role, score: s.score, result: s.pass ? 'pass' : 'fail', counted: first ? 1 : 0 };
  });
}
