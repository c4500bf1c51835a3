/**
 * The add-in's sync client against the real worker (wrangler dev on local D1, started and stopped
 * here): a first sync, an edit and a second sync sending one row, a replay after a dropped answer
 * (the totals count the row once), a conflict from a second workbook settled both ways, a
 * revoked token and a locked term, each named in a teacher's words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import type { WorkbookInput } from '../../core/types';
import { keepMine } from '../../addin/src/conflicts';
import { problemOf, testConnection } from '../../addin/src/connection';
import { HttpError } from '../../addin/src/http';
import { MemoryStore } from '../../addin/src/settings';
import { getTotals, planChanges, postSync } from '../../addin/src/sync-client';
import { Outbox, newBatchId, runPlan, type EngineDeps } from '../../addin/src/sync-engine';
import { SyncState, newWorkbookId } from '../../addin/src/sync-state';
import { freePort } from '../../scripts/worker-local.mjs';
import { ADMIN, GH01, addSchool, newToken, useLocalWorker } from './local-worker';

const TODAY = '2026-10-15';
const TERM = '2026-2027-1';
const worker = useLocalWorker();
const api = worker.api;
let school: { id: string; token: string };
let bureau: string;

beforeAll(async () => {
  await addSchool(worker, GH01);
  const t = await api('POST', '/api/v1/tokens', ADMIN, { role: 'school', school: 'GH01' });
  school = { id: t.json.id as string, token: t.json.token as string };
  bureau = await newToken(worker, { role: 'bureau', county: 'CTY01' });
});

function workbook(edit?: (wb: WorkbookInput) => void) {
  const wb = demoWorkbook();
  edit?.(wb);
  return checkWorkbook(wb, { today: TODAY });
}

function teacherRow(wb: WorkbookInput, id: string) {
  return wb.sheets.find((s) => s.name === '教师名册')!.values.find((r) => r[0] === id)!;
}

/** One workbook's sync: its own state (as in its hidden sheet), outbox and request log. */
function client(fetchFn: typeof fetch = fetch, token = () => school.token) {
  const scope = { server: worker.url, school: 'GH01', term: TERM };
  const state = new SyncState(scope);
  state.book.workbookId = newWorkbookId();
  const sent: { rows: number; bytes: number }[] = [];
  const d: EngineDeps = {
    send: (body) => {
      sent.push({ rows: body.rows.length, bytes: JSON.stringify(body).length });
      return postSync(worker.url, token(), body, fetchFn);
    },
    outbox: new Outbox(new MemoryStore(), Outbox.keyFor(scope, state.book.workbookId)),
    state,
    saveState: async () => undefined,
    newBatchId,
    backoff: { baseMs: 10, maxMs: 50 },
  };
  return {
    state,
    sent,
    d,
    sync: async (edit?: (wb: WorkbookInput) => void) => {
      const { read, issues } = workbook(edit);
      const plan = planChanges(read, issues, state);
      return { plan, totals: await runPlan(d, plan) };
    },
  };
}

const teachersOnServer = async () =>
  ((await getTotals(worker.url, bureau, { term: TERM, group_by: 'school' })).rows.find((r) => r.key === 'GH01')?.teachers as number) ?? 0;

describe('sync client against wrangler dev', () => {
  let a: ReturnType<typeof client>;

  it('first sync sends every clean row; a second sends only the edited one', async () => {
    a = client();
    const first = await a.sync();
    expect(first.plan.rows.length).toBeGreaterThan(20);
    expect(first.totals.applied).toBe(first.plan.rows.length);
    expect(first.totals.conflicts).toEqual([]);
    expect(a.state.get('teachers', 'T001')!.version).toBe(1);
    // 12 teacher rows in the demo, one a duplicate id held back: 11 sent; GH01 counts its own 5, the
    // partner schools' teachers it lists count for their own schools (DOMAIN, who is who).
    expect(await teachersOnServer()).toBe(5);

    const again = await a.sync();
    expect(again.plan.rows).toEqual([]);

    const edited = await a.sync((wb) => (teacherRow(wb, 'T001')[1] = '王丽华（改）'));
    expect(edited.plan.rows).toHaveLength(1);
    expect(a.sent.at(-1)!.rows).toBe(1);
    expect(edited.totals.applied).toBe(1);
    expect(a.state.get('teachers', 'T001')!.version).toBe(2);
  });

  it('a dropped answer is retried with the same batch_id and the row counts once', async () => {
    let dropped = 0;
    // The request reaches the worker and is applied; the answer is lost on the way back.
    const dropOnce: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (dropped++ === 0) {
        await res.text();
        throw new TypeError('network connection lost');
      }
      return res;
    };
    const b = client(dropOnce);
    for (const [k, v] of a.state.rows) b.state.rows.set(k, { ...v });
    const before = await teachersOnServer();
    const addT100 = (wb: WorkbookInput) => {
      wb.sheets.find((s) => s.name === '教师名册')!.values.push(['T100', '新老师', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      teacherRow(wb, 'T001')[1] = '王丽华（改）';
    };
    const r = await b.sync(addT100);
    expect(dropped).toBe(2);
    expect(r.totals.applied).toBe(1);
    expect(r.totals.conflicts).toEqual([]);
    expect(b.state.get('teachers', 'T100')!.version).toBe(1);
    expect(await teachersOnServer()).toBe(before + 1);
    for (const [k, v] of b.state.rows) a.state.rows.set(k, { ...v });
  });

  it('a second workbook that edits the same row gets a conflict; keep mine sends it on the server’s version', async () => {
    const other = client();
    for (const [k, v] of a.state.rows) other.state.rows.set(k, { ...v });
    const mine = (wb: WorkbookInput) => {
      wb.sheets.find((s) => s.name === '教师名册')!.values.push(['T100', '新老师', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      teacherRow(wb, 'T001')[1] = '王丽华（改）';
      teacherRow(wb, 'T002')[1] = '第一本工作簿';
    };
    const theirs = (wb: WorkbookInput) => {
      mine(wb);
      teacherRow(wb, 'T002')[1] = '第二本工作簿';
    };
    expect((await a.sync(mine)).totals.applied).toBe(1);
    const conflicted = await other.sync(theirs);
    expect(conflicted.totals.conflicts).toEqual([{ table: 'teachers', id: 'T002', server_version: 2 }]);
    expect(other.state.get('teachers', 'T002')!.version).toBe(1);

    keepMine(other.state, conflicted.totals.conflicts[0]);
    const settled = await other.sync(theirs);
    expect(settled.plan.rows).toEqual([expect.objectContaining({ id: 'T002', base_version: 2 })]);
    expect(settled.totals.applied).toBe(1);
    const rows = await api('GET', `/api/v1/rows?term=${TERM}`, school.token);
    const t2 = (rows.json.rows as { id: string; version: number; values: Record<string, unknown> }[]).find((r) => r.id === 'T002')!;
    expect(t2).toMatchObject({ version: 3, values: expect.objectContaining({ name: '第二本工作簿' }) });
  });

  it('a locked term stops the sync with the bureau’s words, and nothing is written', async () => {
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, bureau)).status).toBe(200);
    const c = client();
    const e = await c.sync((wb) => (teacherRow(wb, 'T003')[1] = '锁定后修改')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect(problemOf(e)).toBe('term_locked');
    expect(c.d.outbox.list()).toHaveLength(1); // kept, to go once the bureau reopens the term
    expect((await api('POST', `/api/v1/terms/${TERM}/unlock`, bureau)).status).toBe(200);
  });

  it('a revoked token is named as such, by Test connection and by Sync', async () => {
    expect(await testConnection(worker.url, school.token, TERM)).toMatchObject({ ok: true, role: 'school', county: 'CTY01' });
    expect(await testConnection(worker.url, bureau, TERM)).toMatchObject({ ok: true, role: 'bureau' });
    expect((await api('DELETE', `/api/v1/tokens/${school.id}`, ADMIN)).status).toBe(204);
    expect((await testConnection(worker.url, school.token, TERM)).problem).toBe('token_revoked');
    const e = await client()
      .sync()
      .catch((x: unknown) => x);
    expect(problemOf(e)).toBe('token_revoked');
    const closed = await freePort();
    expect((await testConnection(`http://127.0.0.1:${closed}`, school.token, TERM)).problem).toBe('unreachable');
  });
});
