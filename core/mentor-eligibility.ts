/**
 * Who may mentor (DOMAIN.md "Teachers"): a senior title, or a backbone teacher or academic leader
 * at district level or above, or a secondary title and volunteering. The one definition the
 * Pairings check and the mentor suggestions both use; it also says what makes a mentor eligible.
 */

/** A teacher's qualities as read: codes (`senior`, `county`), `volunteer` a boolean, unknown as null. */
export interface MentorQualities {
  title: unknown;
  backbone: unknown;
  volunteer: unknown;
  /** The backbone cell as typed: `县级学科带头人` reads as county level and names an academic leader. */
  backboneTyped?: unknown;
}

/** One thing that makes a teacher eligible to mentor; `level` is a backbone level code. */
export type EligibleBy =
  { by: 'senior_title' } | { by: 'backbone'; level: string } | { by: 'academic_leader'; level: string } | { by: 'secondary_volunteer' };

const BACKBONE_ENOUGH: ReadonlySet<string> = new Set(['district', 'county', 'city', 'province']);

/** Whether a backbone cell as typed names an academic leader (学科带头人) rather than a backbone teacher. */
function namesAcademicLeader(typed: unknown): boolean {
  return typeof typed === 'string' && /学科带头人|academic\s*leader/i.test(typed);
}

/** Every reason the teacher may mentor, in the order DOMAIN.md gives them; empty when not eligible. */
export function mentorEligibility(q: MentorQualities): EligibleBy[] {
  const out: EligibleBy[] = [];
  if (q.title === 'senior') out.push({ by: 'senior_title' });
  if (typeof q.backbone === 'string' && BACKBONE_ENOUGH.has(q.backbone)) {
    out.push({ by: namesAcademicLeader(q.backboneTyped) ? 'academic_leader' : 'backbone', level: q.backbone });
  }
  if (q.title === 'secondary' && q.volunteer === true) out.push({ by: 'secondary_volunteer' });
  return out;
}

export function isMentorEligible(q: MentorQualities): boolean {
  return mentorEligibility(q).length > 0;
}
