import { idKey } from '../keys';
import { isMentorEligible } from '../mentor-eligibility';
import type { WorkbookRead } from '../read';
import type { Rules } from '../rules';
import { parseTermId, termRange } from '../term';

export interface Teacher {
  /** The id as the Teachers sheet writes it (what a fill writes back). */
  id: string;
  /** `idKey(id)`: how the checks compare it (despite case, spaces, full-width forms). */
  key: string;
  name: string | null;
  school: string | null;
  subject: string | null;
  title: string | null;
  backbone: string | null;
  /** The backbone cell as typed (`县级学科带头人` names an academic leader). */
  backboneTyped?: string | null;
  years: number | null;
  role: string | null;
  volunteer: boolean | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : v == null ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Teachers by `idKey` of their id, as the checks number them: a repeated id (`T01` and `t01`
 * alike) keeps its first row (the check reports the others).
 */
export function teachersById(read: WorkbookRead): Map<string, Teacher> {
  const out = new Map<string, Teacher>();
  for (const r of read.sheets.teachers?.rows ?? []) {
    const id = str(r.values.teacher_id);
    const key = idKey(id);
    if (!id || key === null || out.has(key)) continue;
    out.set(key, {
      id,
      key,
      name: str(r.values.name),
      school: str(r.values.school_code),
      subject: str(r.values.subject),
      title: str(r.values.title),
      backbone: str(r.values.backbone_level),
      backboneTyped: str(r.raw?.backbone_level),
      years: num(r.values.years_teaching),
      role: str(r.values.role),
      volunteer: typeof r.values.volunteer === 'boolean' ? r.values.volunteer : null,
    });
  }
  return out;
}

/** DOMAIN.md's eligibility, the one definition (core/mentor-eligibility.ts) the Pairings check uses too. */
export function isEligibleMentor(t: Teacher): boolean {
  return isMentorEligible({ title: t.title, backbone: t.backbone, volunteer: t.volunteer });
}

/** A new teacher still counts as one within the years rule (unknown years count). */
export function isMentee(t: Teacher, rules: Rules): boolean {
  return t.role === 'new' && (t.years === null || t.years <= rules.mentee_max_years_teaching);
}

export interface Pair {
  /** The ids as Pairings writes them. */
  mentor: string;
  mentee: string;
  /** Their `idKey`s: a pairing naming `t02` names the roster's `T02`. */
  mentorKey: string;
  menteeKey: string;
  start: string | null;
  end: string | null;
}

export function pairings(read: WorkbookRead): Pair[] {
  const out: Pair[] = [];
  for (const r of read.sheets.pairings?.rows ?? []) {
    const mentor = str(r.values.mentor_id);
    const mentee = str(r.values.mentee_id);
    const mentorKey = idKey(mentor);
    const menteeKey = idKey(mentee);
    if (!mentor || !mentee || mentorKey === null || menteeKey === null) continue;
    out.push({ mentor, mentee, mentorKey, menteeKey, start: str(r.values.start_date), end: str(r.values.end_date) });
  }
  return out;
}

/** The Program term's first day; null without a readable term. */
export function termStart(read: WorkbookRead): string | null {
  const term = read.program.term;
  return term && parseTermId(term) ? termRange(term, read.rules).start : null;
}

/**
 * Pairings active in the Program term: a mentor and a mentee who are two teachers (a pairing of
 * one with itself is an error and pairs no one), without an end date or ending on or after the
 * term's first day. These are the pairings a new one from the term's first day overlaps, as the
 * check `pairing.mentee_two_mentors` compares dates.
 */
export function activePairs(read: WorkbookRead): Pair[] {
  const start = termStart(read);
  return pairings(read).filter((p) => p.mentorKey !== p.menteeKey && (!p.end || !start || p.end >= start));
}

/** Whether dates (a missing one open) overlap a term's days; with no term, true. */
export function overlapsTerm(start: unknown, end: unknown, range: { start: string; end: string } | null): boolean {
  if (!range) return true;
  return !(typeof start === 'string' && start > range.end) && !(typeof end === 'string' && end < range.start);
}

/**
 * Who is paired in the Program term, as the Summary and the bureau count it: pairings whose dates
 * overlap the term's, between two teachers of the roster (a pairing naming someone unknown is an
 * error, and pairs no one until fixed).
 */
export function termPairs(read: WorkbookRead, roster: ReadonlyMap<string, unknown>): Pair[] {
  const term = read.program.term;
  const range = term && parseTermId(term) ? termRange(term, read.rules) : null;
  return pairings(read).filter(
    (p) => p.mentorKey !== p.menteeKey && roster.has(p.mentorKey) && roster.has(p.menteeKey) && overlapsTerm(p.start, p.end, range),
  );
}

/** Partner school codes of the Program school, supporting side first seen first (codes compared as `idKey`). */
export function partnerSchools(read: WorkbookRead): string[] {
  const me = idKey(read.program.school_code);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of read.sheets.partnerships?.rows ?? []) {
    const a = str(r.values.supporting_school_code);
    const b = str(r.values.aided_school_code);
    const other = me === null ? null : idKey(a) === me ? b : idKey(b) === me ? a : null;
    const key = idKey(other);
    if (other && key !== null && key !== me && !seen.has(key)) {
      seen.add(key);
      out.push(other);
    }
  }
  return out;
}
