/**
 * Deciding each row of a batch: rejected (core's readRecord finds an error), conflict (its
 * base_version is not the server's), ignored (sent on the server's version with the values the
 * server holds: answered as applied at that version, nothing written) or applied (a new version).
 * Pure: no D1 here.
 */
import { readRecord } from '../../../core/read';
import { SHEET_BY_KEY, type SheetKey } from '../../../core/template';
import type { Issue, IssueCode } from '../../../core/types';
import type { z } from 'zod';
import { MAX_CELL_CHARS, type SyncRow } from '../schemas';
import { isSyncTable, type SyncTable } from '../tables';
import { rowKey, type StoredRow } from './stored';

/** One row's raw values, as JSON, may not exceed this: a D1 row holds at most 2 MB. */
export const MAX_ROW_JSON = 100_000;

/**
 * Issues an answer lists one by one at most. A batch of 8 MB whose every cell is wrong would
 * otherwise answer with some 35 MB (its issues name the column, the value and the allowed labels),
 * near what a Worker may hold; past this, a rejected row with several issues says how many it has.
 */
export const MAX_LISTED_ISSUES = 20_000;

/** Live rows (all tables) a school may hold for a term: what one sync derives from, bounded. */
export const MAX_STORED_ROWS = 50_000;

export interface SyncPlan {
  /** Rows written and rows ignored (these keep their version). */
  applied: { table: string; id: string; version: number }[];
  /** How many of `applied` were unchanged re-sends, not written. */
  ignored: number;
  rejected: { table: string; id: string; issues: Issue[] }[];
  conflicts: { table: string; id: string; server_version: number }[];
  /** The rows to write, as they will be stored. */
  writes: StoredRow[];
  /** Stored rows with this batch applied: what the warnings are computed on. */
  after: Map<string, StoredRow>;
}

const liveCount = (rows: Iterable<StoredRow>): number => {
  let n = 0;
  for (const r of rows) if (!r.deleted) n++;
  return n;
};

/**
 * The live rows a plan leaves stored, when that passes MAX_STORED_ROWS and is more than were
 * stored before (a school over the bound from before may still delete and edit); else null.
 */
export function overStoredBound(stored: Map<string, StoredRow>, plan: SyncPlan): { count: number; limit: number } | null {
  const after = liveCount(plan.after.values());
  if (after <= MAX_STORED_ROWS || after <= liveCount(stored.values())) return null;
  return { count: after, limit: MAX_STORED_ROWS };
}

// `table` is a sheet key except in sync.unknown_table, whose issue names the table as sent.
const serverIssue = (table: string, code: IssueCode, params: Record<string, string | number> = {}): Issue => ({
  code,
  severity: 'error',
  sheet: table as SheetKey,
  params,
});

/**
 * A live row whose values, as JSON, are the text stored (the server stores the values as sent, in
 * the order sent), or a delete of a tombstone. Any other difference, even key order, is a change.
 */
function unchanged(server: StoredRow, deleted: boolean, rawText: string): boolean {
  if (deleted || server.deleted) return deleted && server.deleted;
  return server.rawText !== undefined && server.rawText === rawText;
}

/**
 * A text cell longer than Excel holds (MAX_CELL_CHARS): one issue per such cell, naming the column
 * (key, and its template label) and the limit. Such a row is rejected alone, not the batch.
 */
function longCells(table: string, values: Record<string, unknown>): Issue[] {
  const columns = SHEET_BY_KEY[table as keyof typeof SHEET_BY_KEY]?.columns ?? [];
  const out: Issue[] = [];
  for (const [key, v] of Object.entries(values)) {
    if (typeof v !== 'string' || v.length <= MAX_CELL_CHARS) continue;
    const label = columns.find((c) => c.key === key)?.zh ?? key;
    out.push({ ...serverIssue(table, 'sync.cell_too_long', { column: label, length: v.length, max: MAX_CELL_CHARS }), column: key });
  }
  return out;
}

/** Issues listed so far in a plan's `rejected`. */
interface Listing {
  listed: number;
}

/**
 * The values of a row to write, as core reads them (`term`: see planSync); null when the row is
 * rejected: added to `plan.rejected`, its issues counted in `listing`.
 */
function readValues(
  plan: SyncPlan,
  row: { table: SyncTable; id: string; values: NonNullable<z.infer<typeof SyncRow>['values']>; rawText: string; term: string | undefined },
  listing: Listing,
): Record<string, unknown> | null {
  const { table, id } = row;
  const tooLong = longCells(table, row.values);
  if (tooLong.length) {
    plan.rejected.push({ table, id, issues: tooLong });
    listing.listed += tooLong.length;
    return null;
  }
  if (row.rawText.length > MAX_ROW_JSON) {
    plan.rejected.push({ table, id, issues: [serverIssue(table, 'sync.row_too_large', { max: MAX_ROW_JSON })] });
    return null;
  }
  const read = readRecord(table, row.values, 'zh', { termId: row.term });
  const errors = read.issues.filter((i) => i.severity === 'error');
  if (!errors.length) return read.values;
  if (listing.listed + errors.length > MAX_LISTED_ISSUES && errors.length > 1) {
    plan.rejected.push({ table, id, issues: [serverIssue(table, 'sync.issues_left_out', { count: errors.length })] });
    listing.listed += 1;
  } else {
    plan.rejected.push({ table, id, issues: errors });
    listing.listed += errors.length;
  }
  return null;
}

/** `term`: the batch's term, which gives a year to a date typed without one (9月22日), as the workbook's Program does. */
export function planSync(rows: z.infer<typeof SyncRow>[], stored: Map<string, StoredRow>, term?: string): SyncPlan {
  const after = new Map(stored);
  const plan: SyncPlan = { applied: [], ignored: 0, rejected: [], conflicts: [], writes: [], after };
  const listing: Listing = { listed: 0 };
  const seen = new Set<string>();
  for (const row of rows) {
    const { table, id } = row;
    if (!isSyncTable(table)) {
      plan.rejected.push({ table, id, issues: [serverIssue(table, 'sync.unknown_table', { table })] });
      continue;
    }
    const key = rowKey(table, id);
    if (seen.has(key)) {
      plan.rejected.push({ table, id, issues: [serverIssue(table, 'sync.duplicate_row', { table, id })] });
      continue;
    }
    seen.add(key);
    const server = stored.get(key);
    const serverVersion = server?.version ?? 0;
    const base = row.base_version ?? 0;
    // A deleted row may be created again by a client that never saw it.
    if (base !== serverVersion && !(server?.deleted && base === 0)) {
      plan.conflicts.push({ table, id, server_version: serverVersion });
      continue;
    }
    let raw: Record<string, unknown> = {};
    let vals: Record<string, unknown> = {};
    const rawText = row.deleted ? '' : JSON.stringify(row.values ?? {});
    if (server && base === serverVersion && unchanged(server, !!row.deleted, rawText)) {
      // Written already and read by core then: rewriting it would only bump versions for nothing.
      plan.ignored++;
      plan.applied.push({ table, id, version: serverVersion });
      continue;
    }
    if (!row.deleted) {
      raw = row.values ?? {};
      const read = readValues(plan, { table, id, values: row.values ?? {}, rawText, term }, listing);
      if (!read) continue;
      vals = read;
    }
    const written: StoredRow = { table, id, version: serverVersion + 1, deleted: !!row.deleted, raw, vals };
    plan.writes.push(written);
    after.set(key, written);
    plan.applied.push({ table, id, version: written.version });
  }
  return plan;
}
