import type { EligibleBy } from '../mentor-eligibility';
import type { SheetKey } from '../template';
import type { CellWrite, Issue } from '../types';

/** A sheet a fill creates; its writes use header row 1 and data from row 2. */
export interface NewSheet {
  key: SheetKey;
  name: string;
  /** Header labels in the workbook's language, column A onwards. */
  headers: string[];
}

/** A proposed mentor for an unpaired mentee; a person accepts or drops each one. */
export interface PairingSuggestion {
  menteeId: string;
  menteeName: string | null;
  mentorId: string;
  mentorName: string | null;
  /** The mentee's subject code (or local subject as typed), null when unknown. */
  subject: string | null;
  sameSubject: boolean;
  crossSchool: boolean;
  /** Why this mentor: structured, worded by `suggestionSentence` (core/fill/explain.ts). */
  reasons: SuggestionReason[];
}

/**
 * One reason for a suggestion. Subjects are codes (or a local subject as typed), schools codes as
 * typed; `load` is the mentor's mentees at the busiest time of the term with this suggestion and
 * the others made to the same mentor, `max` the rule `mentor_max_mentees`.
 */
export type SuggestionReason =
  | { kind: 'same_subject'; subject: string }
  | { kind: 'other_subject'; mentorSubject: string | null; menteeSubject: string | null }
  | { kind: 'load'; load: number; max: number }
  | { kind: 'cross_school'; mentorSchool: string; menteeSchool: string }
  | { kind: 'same_school'; school: string | null }
  | ({ kind: 'eligible' } & EligibleBy);

export interface FillResult {
  writes: CellWrite[];
  newSheets: NewSheet[];
  /** Fills not made, with why: a write that would cover a person's cell, a plan with no term... */
  refused: Issue[];
  suggestions?: PairingSuggestion[];
}
