/**
 * An approved report locks the school's term: its syncs answer 423 `report_approved`, saying who
 * approved it and when, until the bureau reopens it. Checked before a sync plans, and again inside
 * its write batch (a guard), so an approval that lands meanwhile still stops it.
 */
import { ApiError } from '../errors';

/** The bureau that reviewed: its token's label, else "the bureau of <county>". */
export const reviewerSql = (tokenId: string) =>
  `COALESCE((SELECT label FROM tokens WHERE id = ${tokenId}), 'the bureau of ' || (SELECT county FROM tokens WHERE id = ${tokenId}), ${tokenId})`;

export async function refuseIfApproved(db: D1DatabaseSession, school: string, term: string): Promise<void> {
  const row = await db
    .prepare(
      `SELECT reviewed_at, ${reviewerSql('reviewed_by')} AS who FROM report_state WHERE school = ? AND term = ? AND state = 'approved'`,
    )
    .bind(school, term)
    .first<{ reviewed_at: string; who: string }>();
  if (row) {
    throw new ApiError(
      423,
      'report_approved',
      `The report of ${school} for ${term} was approved by ${row.who} at ${row.reviewed_at}: nothing changes until the bureau reopens it`,
    );
  }
}

/** A statement for the sync's batch: aborts it (CHECK constraint) when the report is approved. */
export function approvedGuard(db: D1DatabaseSession, school: string, term: string): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO batch_guard (ok) SELECT 0 FROM report_state WHERE school = ? AND term = ? AND state = 'approved'`)
    .bind(school, term);
}
