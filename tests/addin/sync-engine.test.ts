/**
 * The sync engine without a network: backoff scheduling with an injected sleep and random, the
 * outbox that keeps a batch (with its batch_id) until its answer is recorded, resuming after a
 * failure or a cancel, and that nothing is recorded that the server did not confirm.
 */
import { describe, expect, it } from 'vitest';
import { AbortedError, backoffDelay, isRetryable, withRetry } from '../../addin/src/backoff';
import { HttpError } from '../../addin/src/http';
import { MemoryStore } from '../../addin/src/settings';
import type { SyncAnswer, SyncPlan, SyncRequestBody, SyncRowOut } from '../../addin/src/sync-client';
import { Outbox, resumePending, runPlan, type EngineDeps } from '../../addin/src/sync-engine';
import { SyncState } from '../../addin/src/sync-state';

const SCOPE = { server: 'http://x', school: 'GH01', term: '2026-2027-1' };

describe('backoff', () => {
  it('doubles from the base up to the cap, with bounded jitter', () => {
    const o = { baseMs: 1000, maxMs: 30_000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, o))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const j = { baseMs: 1000, maxMs: 30_000, jitter: 0.25 };
    expect(backoffDelay(1, j, () => 0)).toBe(750);
    expect(backoffDelay(1, j, () => 0.999999)).toBe(1000);
  });

  it('retries offline, 5xx, 429 (after Retry-After) and busy; never a revoked token or a locked term', async () => {
    expect(isRetryable(new HttpError(0, 'x'))).toBe(true);
    expect(isRetryable(new HttpError(503, 'x'))).toBe(true);
    expect(isRetryable(new HttpError(409, 'x', 'busy'))).toBe(true);
    expect(isRetryable(new HttpError(409, 'x', 'conflict'))).toBe(false);
    expect(isRetryable(new HttpError(401, 'x'))).toBe(false);
    expect(isRetryable(new HttpError(423, 'x', 'term_locked'))).toBe(false);

    const waits: number[] = [];
    const failures = [new HttpError(0, 'offline'), new HttpError(500, 'oops'), new HttpError(429, 'slow', 'too_many_requests', 20)];
    const result = await withRetry(
      async () => {
        const f = failures.shift();
        if (f) throw f;
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5, jitter: 0 },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1000, 2000, 20_000]);

    let tries = 0;
    await expect(
      withRetry(
        async () => {
          tries++;
          throw new HttpError(401, 'revoked');
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toThrow('revoked');
    expect(tries).toBe(1);
    tries = 0;
    await expect(
      withRetry(
        async () => {
          tries++;
          throw new HttpError(0, 'down');
        },
        { sleep: async () => undefined, attempts: 4 },
      ),
    ).rejects.toThrow('down');
    expect(tries).toBe(4);
  });

  it('stops waiting when cancelled', async () => {
    const ctl = new AbortController();
    const t0 = Date.now();
    // The real sleep, with a long first delay: only the cancel can end it early.
    const p = withRetry(
      async () => {
        throw new HttpError(0, 'down');
      },
      { baseMs: 60_000, jitter: 0, signal: ctl.signal },
    );
    setTimeout(() => ctl.abort(), 20);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

/** A fake worker: applies rows at version base+1, answers a replayed batch_id with its first answer. */
function fakeServer() {
  const answers = new Map<string, SyncAnswer>();
  const versions = new Map<string, number>();
  let revision = 0;
  const bodies: SyncRequestBody[] = [];
  return {
    bodies,
    versions,
    applyCount: 0,
    send(this: { applyCount: number }, body: SyncRequestBody): SyncAnswer {
      bodies.push(body);
      const prev = answers.get(body.batch_id);
      if (prev) return prev;
      this.applyCount += body.rows.length;
      const a: SyncAnswer = { batch_id: body.batch_id, revision: ++revision, applied: [], rejected: [], conflicts: [] };
      for (const r of body.rows) {
        const k = `${r.table}:${r.id}`;
        const v = versions.get(k) ?? 0;
        if (v !== r.base_version) a.conflicts.push({ table: r.table, id: r.id, server_version: v });
        else {
          versions.set(k, v + 1);
          a.applied.push({ table: r.table, id: r.id, version: v + 1 });
        }
      }
      answers.set(body.batch_id, a);
      return a;
    },
  };
}

function planOf(n: number): SyncPlan {
  const rows: SyncRowOut[] = Array.from({ length: n }, (_, i) => ({
    table: 'teachers',
    id: `T${i}`,
    base_version: 0,
    values: { teacher_id: `T${i}` },
  }));
  return {
    term: '2026-2027-1',
    rows,
    hashes: new Map(rows.map((r) => [`teachers:${r.id}`, `h${r.id}`])),
    local: new Map(),
    unchanged: 0,
    skipped: 0,
    issues: [],
    heldDeletes: 0,
    refused: 0,
    heldRows: [],
  };
}

/** A workbook's state for SCOPE, its book named `id` (as the panel names it before the first batch). */
function stateOf(id = 'wb-1'): SyncState {
  const s = new SyncState(SCOPE);
  s.book.workbookId = id;
  return s;
}

function deps(over: Partial<EngineDeps> & { send: EngineDeps['send'] }): EngineDeps & { saved: number } {
  let id = 0;
  const d = {
    outbox: new Outbox(new MemoryStore(), Outbox.keyFor(SCOPE, 'wb-1')),
    state: stateOf(),
    saved: 0,
    saveState: async () => void d.saved++,
    newBatchId: () => `batch-${++id}`,
    limits: { maxRows: 2, maxBytes: 1_000_000 },
    backoff: { sleep: async () => undefined },
    ...over,
  };
  return d;
}

describe('sync engine', () => {
  it('sends a plan in chunks, records each answer as it comes and reports progress', async () => {
    const server = fakeServer();
    const progress: string[] = [];
    const d = deps({
      send: async (b) => server.send(b),
      onProgress: (p) => void progress.push(`${p.done}/${p.total} ${p.batch}/${p.batches}`),
    });
    const t = await runPlan(d, planOf(5));
    expect(server.bodies.map((b) => b.rows.length)).toEqual([2, 2, 1]);
    // Every body names the scope's school and the workbook (the worker refuses another school's).
    expect(server.bodies.map((b) => [b.school, b.workbook])).toEqual([
      ['GH01', 'wb-1'],
      ['GH01', 'wb-1'],
      ['GH01', 'wb-1'],
    ]);
    expect(t).toMatchObject({ applied: 5, batches: 3 });
    expect(d.saved).toBe(3);
    expect(d.state.get('teachers', 'T4')).toEqual({ version: 1, hash: 'hT4' });
    expect(progress).toEqual(['0/5 0/3', '2/5 1/3', '4/5 2/3', '5/5 3/3']);
    expect(d.outbox.list()).toEqual([]);
  });

  it('retries a dropped answer with the same batch_id: the server applies the rows once', async () => {
    const server = fakeServer();
    let drop = true;
    const d = deps({
      send: async (b) => {
        const a = server.send(b);
        if (drop) {
          drop = false;
          throw new HttpError(0, 'connection reset after the server answered');
        }
        return a;
      },
    });
    await runPlan(d, planOf(2));
    expect(server.bodies.map((b) => b.batch_id)).toEqual(['batch-1', 'batch-1']);
    expect(server.applyCount).toBe(2);
    expect(d.state.get('teachers', 'T0')!.version).toBe(1);
  });

  it('a failed sync keeps what was confirmed and the unanswered batch; the next sync resends it as it was', async () => {
    const server = fakeServer();
    let calls = 0;
    const store = new MemoryStore();
    const outbox = new Outbox(store, Outbox.keyFor(SCOPE, 'wb-1'));
    const state = stateOf();
    const failing = deps({
      outbox,
      state,
      send: async (b) => {
        calls++;
        if (calls === 1) return server.send(b);
        server.send(b); // the second chunk lands, but its answer never arrives
        throw new HttpError(0, 'offline');
      },
      backoff: { sleep: async () => undefined, attempts: 2 },
    });
    await expect(runPlan(failing, planOf(4))).rejects.toThrow('offline');
    expect(state.rows.size).toBe(2);
    expect(outbox.list().map((b) => b.body.batch_id)).toEqual(['batch-2']);

    // Later, the network is back: the pending batch goes first, with its batch_id and body.
    const again = deps({ outbox: new Outbox(store, Outbox.keyFor(SCOPE, 'wb-1')), state, send: async (b) => server.send(b) });
    const r = await resumePending(again);
    expect(r.resumed).toBe(2);
    expect(server.bodies.at(-1)!.batch_id).toBe('batch-2');
    expect(server.applyCount).toBe(4);
    expect(state.rows.size).toBe(4);
    expect(again.outbox.list()).toEqual([]);
  });

  it('a batch belongs to the workbook that sent it: a second workbook of the school in the same browser never takes it in', async () => {
    const server = fakeServer();
    const store = new MemoryStore();
    const send = async (b: SyncRequestBody) => server.send(b);
    // Workbook A: the second chunk lands on the server, its answer never comes back.
    const a = stateOf('wb-A');
    let calls = 0;
    const failing = deps({
      state: a,
      outbox: new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')),
      send: async (b) => {
        const answer = server.send(b);
        if (++calls === 2) throw new HttpError(0, 'offline');
        return answer;
      },
      backoff: { sleep: async () => undefined, attempts: 1 },
    });
    await expect(runPlan(failing, planOf(4))).rejects.toThrow('offline');
    expect(new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')).list().map((b) => b.workbook)).toEqual(['wb-A']);

    // Workbook B (same school, server and term; another file): nothing of A's is resumed into its
    // state, so its next plan has nothing of A's to delete.
    const b = stateOf('wb-B');
    const r = await resumePending(deps({ state: b, outbox: new Outbox(store, Outbox.keyFor(SCOPE, 'wb-B')), send }));
    expect(r.resumed).toBe(0);
    // Not even from A's outbox: the batch names the workbook that sent it.
    const r2 = await resumePending(deps({ state: b, outbox: new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')), send }));
    expect(r2.resumed).toBe(0);
    expect(b.rows.size).toBe(0);
    expect(new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')).list()).toHaveLength(1);

    // A, opened again, resumes its own batch.
    const r3 = await resumePending(deps({ state: a, outbox: new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')), send }));
    expect(r3.resumed).toBe(2);
    expect(a.rows.size).toBe(4);
    expect(new Outbox(store, Outbox.keyFor(SCOPE, 'wb-A')).list()).toEqual([]);
    // A batch sent from a state with no workbook named is never resumed: nobody can claim it.
    const unnamed = new SyncState(SCOPE);
    const lost = deps({
      state: unnamed,
      outbox: new Outbox(store, Outbox.keyFor(SCOPE, '')),
      send: async () => {
        throw new HttpError(0, 'offline');
      },
      backoff: { sleep: async () => undefined, attempts: 1 },
    });
    await expect(runPlan(lost, planOf(1))).rejects.toThrow('offline');
    expect((await resumePending(deps({ state: unnamed, outbox: lost.outbox, send }))).resumed).toBe(0);
  });

  it('cancel stops between chunks; what was answered stays recorded', async () => {
    const server = fakeServer();
    const ctl = new AbortController();
    const d = deps({
      signal: ctl.signal,
      send: async (b) => {
        const a = server.send(b);
        ctl.abort(); // the person presses Cancel while the first request is in flight
        return a;
      },
    });
    await expect(runPlan(d, planOf(6))).rejects.toBeInstanceOf(AbortedError);
    expect(server.bodies).toHaveLength(1);
    expect(d.state.rows.size).toBe(2);
    expect(d.outbox.list()).toEqual([]);
  });

  it('a batch kept before bodies named their school is resumed with the scope’s school', async () => {
    const server = fakeServer();
    const d = deps({ send: async (b) => server.send(b) });
    const old = {
      batch_id: 'old-1',
      term: '2026-2027-1',
      template_version: 1,
      rows: [{ table: 'teachers' as const, id: 'T1', base_version: 0, values: {} }],
    };
    d.outbox.put({ body: old as unknown as SyncRequestBody, hashes: { 'teachers:T1': 'h1' }, workbook: 'wb-1' });
    const t = await resumePending(d);
    expect(t.resumed).toBe(1);
    expect(server.bodies[0]).toMatchObject({ batch_id: 'old-1', school: 'GH01' });
    expect(d.outbox.list()).toEqual([]);
  });

  it('keeps a batch refused as another school’s (409 wrong_school): the right token sends it', async () => {
    const d = deps({
      send: async () => {
        throw new HttpError(409, 'wrong school', 'wrong_school');
      },
    });
    await expect(runPlan(d, planOf(1))).rejects.toMatchObject({ status: 409 });
    expect(d.outbox.list().map((b) => b.body.school)).toEqual(['GH01']);
  });

  it('drops a batch the server refuses as such, but keeps one refused for a locked term', async () => {
    const bad = deps({
      send: async () => {
        throw new HttpError(422, 'reused', 'batch_id_reused');
      },
    });
    await expect(runPlan(bad, planOf(1))).rejects.toThrow('reused');
    expect(bad.outbox.list()).toEqual([]);
    const locked = deps({
      send: async () => {
        throw new HttpError(423, 'locked', 'term_locked');
      },
    });
    await expect(runPlan(locked, planOf(1))).rejects.toThrow('locked');
    expect(locked.outbox.list()).toHaveLength(1);
  });
});
