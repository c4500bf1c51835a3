/**
 * Running a sync plan: one request per chunk, each with its own batch_id. Before a chunk leaves,
 * it is written to the outbox (browser storage); it leaves the outbox only once its answer is
 * recorded in the workbook's sync state. So:
 *  - each chunk is one transaction on the worker, and the state records exactly what the worker
 *    confirmed: a cancelled or failed sync leaves nothing half done;
 *  - a chunk whose answer never came (offline, dropped connection, closed pane) is sent again
 *    with the SAME batch_id and body, first thing on the next sync; the worker answers a replayed
 *    batch with its stored answer and applies nothing twice;
 *  - Cancel stops between chunks (a request in flight is let finish, so its answer is kept);
 *  - a batch belongs to the workbook that sent it: the outbox is kept per scope AND per workbook
 *    (the id in the workbook's state sheet), and each batch carries that id, so a second
 *    workbook of the same school open in the same browser never takes in the first one's batch
 *    (recording its rows in the wrong state would make that workbook delete them next).
 */
import { AbortedError, withRetry, type BackoffOptions } from './backoff';
import { HttpError } from './http';
import type { KeyValueStore } from './settings';
import { applyAnswer, chunkRows, syncBody } from './sync-batches';
import type { SyncAnswer, SyncPlan, SyncRequestBody } from './sync-client';
import type { SyncState } from './sync-state';

export interface PendingBatch {
  body: SyncRequestBody;
  hashes: Record<string, string | null>;
  /** The id of the workbook that sent it (its state sheet's). */
  workbook?: string;
}

/** Batches sent whose answer is not yet recorded, per sync scope and workbook. */
export class Outbox {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {}

  /**
   * The outbox of one workbook for one scope. A key without the workbook (before batches were
   * tied to a workbook) is never read again: whose batch it held cannot be known.
   */
  static keyFor(scope: { server: string; school: string; term: string }, workbookId: string): string {
    return `jiedui.outbox.${scope.server}|${scope.school}|${scope.term}|${workbookId}`;
  }

  list(): PendingBatch[] {
    try {
      const v = JSON.parse(this.store.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(v) ? (v as PendingBatch[]).filter((b) => b && b.body && typeof b.body.batch_id === 'string') : [];
    } catch {
      return [];
    }
  }

  put(b: PendingBatch): void {
    const all = this.list().filter((x) => x.body.batch_id !== b.body.batch_id);
    all.push(b);
    this.write(all);
  }

  remove(batchId: string): void {
    this.write(this.list().filter((x) => x.body.batch_id !== batchId));
  }

  private write(all: PendingBatch[]): void {
    try {
      this.store.setItem(this.key, JSON.stringify(all));
    } catch {
      // Storage full: the batch is still retried in this session; only a closed pane loses it,
      // and then the rows are sent again as conflicts the person settles, never duplicated.
    }
  }
}

export interface SyncProgress {
  /** Rows whose answer is in. */
  done: number;
  total: number;
  batch: number;
  batches: number;
  /** Set while waiting to retry: seconds until the next try. */
  retryInSec?: number;
}

export interface SyncTotals {
  applied: number;
  rejected: SyncAnswer['rejected'];
  conflicts: SyncAnswer['conflicts'];
  batches: number;
  /** Rows sent again from an earlier, unfinished sync. */
  resumed: number;
}

export interface EngineDeps {
  send: (body: SyncRequestBody) => Promise<SyncAnswer>;
  outbox: Outbox;
  /** This workbook's state for the scope; `state.book.workbookId` names the workbook. */
  state: SyncState;
  /** Writes the state into the workbook; called after every answer. */
  saveState: (state: SyncState) => Promise<void>;
  newBatchId: () => string;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
  backoff?: BackoffOptions;
  limits?: { maxRows: number; maxBytes: number };
}

function emptyTotals(): SyncTotals {
  return { applied: 0, rejected: [], conflicts: [], batches: 0, resumed: 0 };
}

function add(t: SyncTotals, a: SyncAnswer): void {
  t.applied += a.applied.length;
  t.rejected.push(...a.rejected);
  t.conflicts.push(...a.conflicts);
  t.batches++;
}

async function sendOne(d: EngineDeps, b: PendingBatch, progress: () => SyncProgress): Promise<SyncAnswer> {
  d.outbox.put(b);
  const answer = await withRetry(() => d.send(b.body), {
    ...d.backoff,
    signal: d.signal,
    onRetry: (attempt, delayMs, e) => {
      d.onProgress?.({ ...progress(), retryInSec: Math.ceil(delayMs / 1000) });
      d.backoff?.onRetry?.(attempt, delayMs, e);
    },
  }).catch((e: unknown) => {
    // A body the worker refuses as such (bad request, too large, batch id reused) can never
    // succeed: keeping it would block every later sync. A revoked token or a locked term can be
    // fixed, so that batch stays and is sent again as it was.
    if (e instanceof HttpError && [400, 413, 415, 422].includes(e.status)) d.outbox.remove(b.body.batch_id);
    throw e;
  });
  applyAnswer(d.state, b.body, b.hashes, answer);
  await d.saveState(d.state);
  d.outbox.remove(b.body.batch_id);
  return answer;
}

/**
 * Sends what an earlier sync of this workbook left in the outbox, as it was. Run before planning a
 * new sync. A batch another workbook sent is left alone, whatever outbox it is found in.
 */
export async function resumePending(d: EngineDeps): Promise<SyncTotals> {
  const t = emptyTotals();
  const mine = d.state.book.workbookId;
  const pending = d.outbox.list().filter((b) => !!mine && b.workbook === mine);
  let done = 0;
  const total = pending.reduce((n, b) => n + b.body.rows.length, 0);
  for (const [i, b] of pending.entries()) {
    if (d.signal?.aborted) throw new AbortedError();
    // A batch kept before bodies named their school is of this scope's school (the outbox is per
    // scope): named now, or the worker would refuse it as a body without one.
    if (!b.body.school) b.body = { ...b.body, school: d.state.scope.school };
    const a = await sendOne(d, b, () => ({ done, total, batch: i + 1, batches: pending.length }));
    add(t, a);
    done += b.body.rows.length;
    t.resumed += b.body.rows.length;
    d.onProgress?.({ done, total, batch: i + 1, batches: pending.length });
  }
  return t;
}

export async function runPlan(d: EngineDeps, plan: SyncPlan): Promise<SyncTotals> {
  const t = emptyTotals();
  const chunks = chunkRows(plan.rows, d.limits);
  // The pane names the workbook before anything leaves; a batch without a name is never resumed.
  const workbook = d.state.book.workbookId ?? undefined;
  const total = plan.rows.length;
  let done = 0;
  d.onProgress?.({ done, total, batch: 0, batches: chunks.length });
  for (const [i, rows] of chunks.entries()) {
    if (d.signal?.aborted) throw new AbortedError();
    const hashes: Record<string, string | null> = {};
    for (const r of rows) hashes[`${r.table}:${r.id}`] = plan.hashes.get(`${r.table}:${r.id}`) ?? null;
    const b: PendingBatch = { body: syncBody(d.newBatchId(), plan.term, rows, d.state.scope.school, workbook), hashes, workbook };
    const a = await sendOne(d, b, () => ({ done, total, batch: i + 1, batches: chunks.length }));
    add(t, a);
    done += rows.length;
    d.onProgress?.({ done, total, batch: i + 1, batches: chunks.length });
  }
  return t;
}

export function newBatchId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `b-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
