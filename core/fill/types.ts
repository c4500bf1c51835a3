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
}

export interface FillResult {
  writes: CellWrite[];
  newSheets: NewSheet[];
  /** Fills not made, with why: a write that would cover a person's cell, a plan with no term... */
  refused: Issue[];
  suggestions?: PairingSuggestion[];
}

export function emptyFill(): FillResult {
  return { writes: [], newSheets: [], refused: [] };
}
