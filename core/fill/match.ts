import type { WorkbookRead } from '../read';
import { enumLabel } from '../template';
import { parseTermId, termRange } from '../term';
import type { CellWrite } from '../types';
import { idSequence } from './ids';
import { MinCostFlow } from './mcmf';
import { isEligibleMentor, isMentee, pairings, teachersById, type Teacher } from './people';
import { refusedFill, rowWrites, sheetTarget } from './target';
import type { FillResult, PairingSuggestion } from './types';

export interface MatchProblem {
  mentees: Teacher[];
  mentors: { teacher: Teacher; capacity: number }[];
  /** Cross-school pairs count only where the program pairs schools. */
  crossCounts: boolean;
}

export interface MatchObjective {
  matched: number;
  sameSubject: number;
  crossSchool: number;
}

export function sameSubject(a: Teacher, b: Teacher): boolean {
  return a.subject !== null && a.subject === b.subject;
}

export function crossSchool(a: Teacher, b: Teacher): boolean {
  return a.school !== null && b.school !== null && a.school !== b.school;
}

export function objectiveOf(p: MatchProblem, pairs: [number, number][]): MatchObjective {
  let same = 0;
  let cross = 0;
  for (const [i, j] of pairs) {
    if (sameSubject(p.mentees[i], p.mentors[j].teacher)) same++;
    if (p.crossCounts && crossSchool(p.mentees[i], p.mentors[j].teacher)) cross++;
  }
  return { matched: pairs.length, sameSubject: same, crossSchool: cross };
}

/**
 * Best assignment of mentees to mentors: the most mentees matched, then the most same-subject
 * pairs, then the most cross-school pairs. Max flow fixes the count; the edge cost
 * -(same * B + cross) with B above any possible cross count makes the subject order strict.
 * Returns [mentee index, mentor index] pairs in mentee order.
 */
export function solveMatch(p: MatchProblem): [number, number][] {
  const n = p.mentees.length;
  const m = p.mentors.length;
  const S = n + m;
  const T = S + 1;
  const g = new MinCostFlow(n + m + 2);
  const B = n + 1;
  const edges: { e: number; i: number; j: number }[] = [];
  for (let i = 0; i < n; i++) g.addEdge(S, i, 1, 0);
  for (let j = 0; j < m; j++) if (p.mentors[j].capacity > 0) g.addEdge(n + j, T, p.mentors[j].capacity, 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const a = p.mentees[i];
      const b = p.mentors[j].teacher;
      if (p.mentors[j].capacity <= 0 || a.id === b.id) continue;
      const w = (sameSubject(a, b) ? B : 0) + (p.crossCounts && crossSchool(a, b) ? 1 : 0);
      edges.push({ e: g.addEdge(i, n + j, 1, -w), i, j });
    }
  }
  g.run(S, T);
  return edges.filter((x) => g.flowOn(x.e) > 0).map((x) => [x.i, x.j] as [number, number]).sort((a, b) => a[0] - b[0]);
}

/** Active pairings: without an end date, or ending on or after the term's first day. */
function activePairs(read: WorkbookRead) {
  const term = read.program.term;
  const start = term && parseTermId(term) ? termRange(term, read.rules).start : null;
  return pairings(read).filter((p) => !p.end || !start || p.end >= start);
}

export function matchProblem(read: WorkbookRead): MatchProblem {
  const teachers = teachersById(read);
  const active = activePairs(read);
  const hasMentor = new Set(active.map((p) => p.mentee));
  const load = new Map<string, number>();
  for (const p of active) load.set(p.mentor, (load.get(p.mentor) ?? 0) + 1);
  const mentees = [...teachers.values()].filter((t) => isMentee(t, read.rules) && !hasMentor.has(t.id));
  const mentors = [...teachers.values()]
    .filter((t) => t.role !== 'new' && isEligibleMentor(t))
    .map((teacher) => ({ teacher, capacity: read.rules.mentor_max_mentees - (load.get(teacher.id) ?? 0) }))
    .filter((x) => x.capacity > 0);
  const crossCounts = (read.sheets.partnerships?.rows.length ?? 0) > 0;
  return { mentees, mentors, crossCounts };
}

/** Mentor suggestions for new teachers with no active mentor: eligible mentors within capacity only. */
export function suggestMentors(read: WorkbookRead): PairingSuggestion[] {
  const p = matchProblem(read);
  return solveMatch(p).map(([i, j]) => {
    const a = p.mentees[i];
    const b = p.mentors[j].teacher;
    return {
      menteeId: a.id,
      menteeName: a.name,
      mentorId: b.id,
      mentorName: b.name,
      subject: a.subject,
      sameSubject: sameSubject(a, b),
      crossSchool: crossSchool(a, b),
    };
  });
}

/** Accepted suggestions as new Pairings rows, each with a fresh id and the term's first day. */
export function acceptSuggestions(read: WorkbookRead, suggestions: PairingSuggestion[]): FillResult {
  if (suggestions.length === 0) return { writes: [], newSheets: [], refused: [] };
  const t = sheetTarget(read, 'pairings', ['pairing_id', 'mentor_id', 'mentee_id', 'subject', 'start_date']);
  if (t.refused) return refusedFill(t);
  const seq = idSequence(read, 'pairings');
  const term = read.program.term;
  const start = term && parseTermId(term) ? termRange(term, read.rules).start : null;
  const writes: CellWrite[] = [...t.setup.writes];
  suggestions.forEach((s, i) => {
    writes.push(
      ...rowWrites(t, t.nextRow + i, {
        pairing_id: seq.take(),
        mentor_id: s.mentorId,
        mentee_id: s.menteeId,
        subject: s.subject ? enumLabel('subject', s.subject, read.lang) : null,
        start_date: start,
      }),
    );
  });
  return { writes, newSheets: t.setup.newSheets, refused: [] };
}
