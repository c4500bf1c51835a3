/**
 * Which schools a term's reports expect: those taking part in the term. A school retired from a
 * term on (schools.retired_from, routes/schools.ts) takes no part in that term or later ones, so it
 * is neither counted as "not reported" nor listed; retired from a later term, it takes part as any
 * school (totals-sql.ts's base query and reports/totals.ts count the same schools).
 */
import { ApiError } from '../errors';

/** SQL: the school `s` takes part in the term bound as `term` (`?2` or similar). */
export const takingPart = (s: string, term: string) => `(${s}.retired_from IS NULL OR ${term} < ${s}.retired_from)`;

/** Whether a school retired from `retiredFrom` on takes part in `term` (term ids compare as text). */
export const takesPart = (retiredFrom: string | null, term: string) => retiredFrom === null || term < retiredFrom;

/** A retired school's submission of a term it takes no part in: refused as its syncs are. */
export function refuseRetiredReport(school: string, retiredFrom: string | null, term: string): void {
  if (!takesPart(retiredFrom, term)) {
    throw new ApiError(
      409,
      'school_retired',
      `School ${school} is retired from term ${retiredFrom} on: it hands in no report for ${term} (ask the bureau to reverse the retirement if this is wrong)`,
    );
  }
}
