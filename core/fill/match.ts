import { idKey } from '../keys';
import type { WorkbookRead } from '../read';
import { enumLabel } from '../template';
import type { CellWrite } from '../types';
import { mentorEligibility } from '../mentor-eligibility';
import { idSequence } from './ids';
import { MinCostFlow } from './mcmf';
import { activePairs, isEligibleMentor, isMentee, pairings, teachersById, termStart, type Pair, type Teacher } from './people';
import { refusedFill, rowWrites, sheetTarget } from './target';
import type { FillResult, PairingSuggestion, SuggestionReason } from './types';

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

/** Two schools, their codes compared as `idKey` (`gh01` is `GH01`). */
export function crossSchool(a: Teacher, b: Teacher): boolean {
  const x = idKey(a.school);
  const y = idKey(b.school);
  return x !== null && y !== null && x !== y;
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
      if (p.mentors[j].capacity <= 0 || a.key === b.key) continue;
      const w = (sameSubject(a, b) ? B : 0) + (p.crossCounts && crossSchool(a, b) ? 1 : 0);
      edges.push({ e: g.addEdge(i, n + j, 1, -w), i, j });
    }
  }
  g.run(S, T);
  return edges
    .filter((x) => g.flowOn(x.e) > 0)
    .map((x) => [x.i, x.j] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * Per mentor (`idKey`): the most of its pairings active on one day from `from` on, counted as the
 * check `pairing.mentor_over_capacity` counts them: a pair of teachers once (a repeated row is
 * reported as a duplicate and not counted again), never a teacher with itself, an end before its
 * start taking no part, a missing date open, and ranges inclusive (one ending on the day another
 * starts overlaps it). A suggested pairing runs from `from` with no end, so it adds one to every day
 * of this.
 */
function mentorLoad(pairs: readonly Pair[], from: string | null): Map<string, number> {
  const open = '0000-00-00';
  const since = from ?? open;
  const seen = new Set<string>();
  const byMentor = new Map<string, { start: string; end: string }[]>();
  for (const p of pairs) {
    if (p.mentorKey === p.menteeKey) continue;
    const pair = p.mentorKey + '\u0000' + p.menteeKey;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const start = p.start ?? open;
    const end = p.end ?? '9999-99-99';
    if (end < start || end < since) continue;
    let ranges = byMentor.get(p.mentorKey);
    if (!ranges) byMentor.set(p.mentorKey, (ranges = []));
    ranges.push({ start: start < since ? since : start, end });
  }
  const out = new Map<string, number>();
  for (const [mentor, ranges] of byMentor) {
    const events = ranges.flatMap((r) => [
      { date: r.start, d: 1 },
      { date: r.end, d: -1 },
    ]);
    // Starts before ends on one day, as the check sweeps them.
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.d - a.d));
    let active = 0;
    let peak = 0;
    for (const e of events) {
      active += e.d;
      if (active > peak) peak = active;
    }
    out.set(mentor, peak);
  }
  return out;
}

function matchProblem(read: WorkbookRead): MatchProblem {
  const teachers = teachersById(read);
  // A mentee with a mentor in the term has one; a new mentor would be a second (pairing.mentee_two_mentors).
  const hasMentor = new Set(activePairs(read).map((p) => p.menteeKey));
  const load = mentorLoad(pairings(read), termStart(read));
  const mentees = [...teachers.values()].filter((t) => isMentee(t, read.rules) && !hasMentor.has(t.key));
  const mentors = [...teachers.values()]
    .filter((t) => t.role !== 'new' && isEligibleMentor(t))
    .map((teacher) => ({ teacher, capacity: read.rules.mentor_max_mentees - (load.get(teacher.key) ?? 0) }))
    .filter((x) => x.capacity > 0);
  const crossCounts = (read.sheets.partnerships?.rows.length ?? 0) > 0;
  return { mentees, mentors, crossCounts };
}

/** Why a mentor is suggested for a mentee: subject, the mentor's load, schools, eligibility. */
function suggestionReasons(mentee: Teacher, mentor: Teacher, load: number, max: number): SuggestionReason[] {
  const out: SuggestionReason[] = [];
  if (sameSubject(mentee, mentor)) out.push({ kind: 'same_subject', subject: mentee.subject! });
  else out.push({ kind: 'other_subject', mentorSubject: mentor.subject, menteeSubject: mentee.subject });
  out.push({ kind: 'load', load, max });
  if (crossSchool(mentee, mentor)) out.push({ kind: 'cross_school', mentorSchool: mentor.school!, menteeSchool: mentee.school! });
  else if (idKey(mentee.school) !== null && idKey(mentee.school) === idKey(mentor.school))
    out.push({ kind: 'same_school', school: mentor.school });
  for (const e of mentorEligibility({
    title: mentor.title,
    backbone: mentor.backbone,
    volunteer: mentor.volunteer,
    backboneTyped: mentor.backboneTyped,
  })) {
    out.push({ kind: 'eligible', ...e });
  }
  return out;
}

/**
 * Mentor suggestions for new teachers with no active mentor: eligible mentors within capacity
 * only, each with why. Pairings a person typed stay as they are: their mentees are not suggested
 * again and their mentors' load counts them.
 */
export function suggestMentors(read: WorkbookRead): PairingSuggestion[] {
  const p = matchProblem(read);
  const max = read.rules.mentor_max_mentees;
  const pairs = solveMatch(p);
  const added = new Map<number, number>();
  for (const [, j] of pairs) added.set(j, (added.get(j) ?? 0) + 1);
  return pairs.map(([i, j]) => {
    const a = p.mentees[i];
    const b = p.mentors[j].teacher;
    const load = max - p.mentors[j].capacity + added.get(j)!;
    return {
      menteeId: a.id,
      menteeName: a.name,
      mentorId: b.id,
      mentorName: b.name,
      subject: a.subject,
      sameSubject: sameSubject(a, b),
      crossSchool: crossSchool(a, b),
      reasons: suggestionReasons(a, b, load, max),
    };
  });
}

/** Accepted suggestions as new Pairings rows, each with a fresh id and the term's first day. */
export function acceptSuggestions(read: WorkbookRead, suggestions: PairingSuggestion[]): FillResult {
  if (suggestions.length === 0) return { writes: [], newSheets: [], refused: [] };
  const t = sheetTarget(read, 'pairings', ['pairing_id', 'mentor_id', 'mentee_id', 'subject', 'start_date']);
  if (t.refused) return refusedFill(t);
  const seq = idSequence(read, 'pairings');
  const start = termStart(read);
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
