/**
 * A sync plan's rows as requests: split within the worker's limits, each with its envelope, and an
 * answer recorded in the sync state.
 */
import { TEMPLATE_VERSION } from '../../core/template';
import { utf8Length } from '../../core/utf8';
import type { SyncAnswer, SyncRequestBody, SyncRowOut } from './sync-client';
import type { SyncState } from './sync-state';

/** Chunks: far under the worker's 50,000 rows and 8 MB, so one request stays quick to retry. */
export const CHUNK_LIMITS = { maxRows: 2000, maxBytes: 4 * 1024 * 1024 };

/** Splits rows into requests of at most `maxRows` rows and about `maxBytes` of JSON each. */
export function chunkRows(rows: SyncRowOut[], limits: { maxRows: number; maxBytes: number } = CHUNK_LIMITS): SyncRowOut[][] {
  const out: SyncRowOut[][] = [];
  let cur: SyncRowOut[] = [];
  let bytes = 0;
  // Room for the envelope (batch_id, term, template_version, school, workbook: at most some 1,000 bytes).
  const budget = limits.maxBytes - 1000;
  for (const r of rows) {
    const b = utf8Length(JSON.stringify(r)) + 1;
    if (cur.length > 0 && (cur.length >= limits.maxRows || bytes + b > budget)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(r);
    bytes += b;
  }
  if (cur.length) out.push(cur);
  return out;
}

export function syncBody(batchId: string, term: string, rows: SyncRowOut[], school: string, workbook?: string): SyncRequestBody {
  const body: SyncRequestBody = { batch_id: batchId, term, template_version: TEMPLATE_VERSION, school, rows };
  if (workbook) body.workbook = workbook;
  return body;
}

/**
 * Records an answer in the state: applied rows take their new version and the hash sent; applied
 * deletes leave it. Conflicts and rejected rows keep what was known, so they come back on the
 * next sync until the person settles them.
 */
export function applyAnswer(state: SyncState, body: SyncRequestBody, hashes: Record<string, string | null>, answer: SyncAnswer): void {
  const deleted = new Set(body.rows.filter((r) => r.deleted).map((r) => `${r.table}:${r.id}`));
  for (const a of answer.applied) {
    const k = `${a.table}:${a.id}`;
    if (deleted.has(k)) state.rows.delete(k);
    else state.rows.set(k, { version: a.version, hash: hashes[k] ?? null });
  }
  state.revision = Math.max(state.revision, answer.revision);
}
