/**
 * What a sync must never do to the server's rows, against the real worker (wrangler dev on local
 * D1, on a free port, started and stopped here), one school per case:
 *  - a Teachers sheet whose header row is not found, or whose id column is renamed, deletes none
 *    of its rows;
 *  - blanking or mistyping a part of an id (Assessment's term) deletes nothing;
 *  - a second workbook of the same school in the same browser never resumes the first one's
 *    unanswered batch (and so never deletes its rows);
 *  - one row the server would refuse as a body (an id of 201 characters, a lone surrogate) does
 *    not stop the others;
 *  - a typo in Program's school code is refused by the server (409 wrong_school) and leaves the
 *    workbook's state as it was, so fixing it sends nothing again;
 *  - "take the server's" for a row this workbook deleted puts it back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import type { CellWrite, WorkbookInput } from '../../core/types';
import { adoptRow, placeServersRow } from '../../addin/src/conflicts';
import { MemoryStore } from '../../addin/src/settings';
import { getRows, localRows, planChanges, postSync } from '../../addin/src/sync-client';
import { Outbox, newBatchId, resumePending, runPlan, type EngineDeps } from '../../addin/src/sync-engine';
import { SyncState, newWorkbookId } from '../../addin/src/sync-state';
import { addSchool, newToken, useLocalWorker } from './local-worker';

const TODAY = '2026-10-15';
const TERM = '2026-2027-1';
const SCHOOLS = ['HD01', 'ID01', 'AS01', 'TW01', 'LI01', 'TY01', 'TS01'];
const worker = useLocalWorker();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const code of SCHOOLS) {
    await addSchool(worker, { code, name: code, county: 'CTY01', town: '镇', level: 'primary' });
    tokens[code] = await newToken(worker, { role: 'school', school: code });
  }
});

const sheet = (wb: WorkbookInput, name: string) => wb.sheets.find((s) => s.name === name)!;

function workbook(edit?: (wb: WorkbookInput) => void) {
  const wb = demoWorkbook();
  edit?.(wb);
  return checkWorkbook(wb, { today: TODAY });
}

/** One workbook open in the pane: its state (the hidden sheet, with the workbook's id); the outbox store is the browser's. */
function pane(token: string, store = new MemoryStore(), fetchFn: typeof fetch = fetch, attempts = 6) {
  // Program names the token's school (the demo's GH01 would be refused: 409 wrong_school).
  const scope = { server: worker.url, school: Object.keys(tokens).find((c) => tokens[c] === token)!, term: TERM };
  const state = new SyncState(scope);
  state.book.workbookId = newWorkbookId();
  const d: EngineDeps = {
    send: (b) => postSync(worker.url, token, b, fetchFn),
    outbox: new Outbox(store, Outbox.keyFor(scope, state.book.workbookId)),
    state,
    saveState: async () => undefined,
    newBatchId,
    backoff: { baseMs: 5, maxMs: 10, attempts },
  };
  return {
    state,
    d,
    sync: async (edit?: (wb: WorkbookInput) => void) => {
      const { read, issues } = workbook(edit);
      const resumed = await resumePending(d);
      const plan = planChanges(read, issues, state);
      return { resumed, plan, sent: await runPlan(d, plan) };
    },
  };
}

async function live(token: string, table: string): Promise<string[]> {
  const r = await getRows(worker.url, token, TERM);
  return r.rows.filter((x) => x.table === table && !x.deleted).map((x) => x.id);
}

describe('a sync never deletes what the workbook does not plainly show as gone', () => {
  it('a Teachers sheet whose header row is not recognised deletes no teacher', async () => {
    const p = pane(tokens.HD01);
    await p.sync();
    expect(await live(tokens.HD01, 'teachers')).toHaveLength(11);
    const r = await p.sync((wb) => (sheet(wb, '教师名册').values[0] = sheet(wb, '教师名册').values[0].map(() => '（请勿删除）')));
    expect(r.plan.rows.filter((x) => x.deleted)).toEqual([]);
    expect(r.plan.issues.map((i) => i.code)).toContain('sync.table_no_header');
    expect(await live(tokens.HD01, 'teachers')).toHaveLength(11);
    // Restored: nothing to send, nothing lost.
    expect((await p.sync()).plan.rows).toEqual([]);
  });

  it('a Teachers sheet whose id column was renamed deletes no teacher', async () => {
    const p = pane(tokens.ID01);
    await p.sync();
    const r = await p.sync((wb) => (sheet(wb, '教师名册').values[0][0] = '工号'));
    expect(r.plan.rows.filter((x) => x.deleted)).toEqual([]);
    expect(r.plan.issues.find((i) => i.code === 'sync.table_no_id_column')).toMatchObject({ sheetName: '教师名册', column: 'teacher_id' });
    expect(await live(tokens.ID01, 'teachers')).toHaveLength(11);
  });

  it('blanking or mistyping the term of an assessment row keeps the row on the server', async () => {
    const p = pane(tokens.AS01);
    await p.sync();
    const before = await live(tokens.AS01, 'assessment');
    expect(before).toContain('T001|2026-2027-1');
    for (const term of [null, '2026-2027-9']) {
      const r = await p.sync((wb) => (sheet(wb, '考核').values[1][1] = term));
      expect(r.plan.rows.filter((x) => x.deleted)).toEqual([]);
      expect(r.plan.heldDeletes).toBe(1);
      expect(await live(tokens.AS01, 'assessment')).toEqual(before);
    }
  });

  it('two workbooks of one school in one browser: B never resumes A’s batch nor deletes A’s rows', async () => {
    const store = new MemoryStore();
    let drop = true;
    // A's request reaches the worker and is applied; the answer is lost on the way back.
    const dropping: typeof fetch = async (i, init) => {
      const res = await fetch(i, init);
      if (drop) {
        await res.text();
        throw new TypeError('network connection lost');
      }
      return res;
    };
    const a = pane(tokens.TW01, store, dropping, 1);
    await expect(a.sync()).rejects.toThrow();
    expect(a.d.outbox.list()).toHaveLength(1);
    const before = await live(tokens.TW01, 'teachers');
    expect(before).toHaveLength(11);
    drop = false;
    // B: a fresh copy of the template for the same school: Program and Rules, sheets with headers only.
    const b = pane(tokens.TW01, store);
    const r = await b.sync((wb) => {
      for (const s of wb.sheets) if (!['项目信息', '考核标准'].includes(s.name)) s.values.length = 1;
    });
    expect(r.resumed.resumed).toBe(0);
    expect(r.plan.rows).toEqual([]);
    expect(b.state.rows.size).toBe(0);
    expect(await live(tokens.TW01, 'teachers')).toEqual(before);
    // A, opened again, resumes its own batch: the worker replays its answer and A's state is whole.
    const again = await a.sync();
    expect(again.resumed.resumed).toBeGreaterThan(20);
    expect(again.plan.rows).toEqual([]);
    expect(a.state.get('teachers', 'T001')!.version).toBe(1);
  });

  it('a row the server would refuse (a 201-character id, a lone surrogate) holds back that row only', async () => {
    const p = pane(tokens.LI01);
    const edit = (wb: WorkbookInput) => {
      const t = sheet(wb, '教师名册');
      t.values.push(['T'.repeat(201), '长编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      t.values.push(['T\uD800', '坏编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
    };
    for (let k = 0; k < 2; k++) {
      const r = await p.sync(edit);
      expect(r.plan.refused).toBe(2);
      expect(
        r.plan.issues
          .filter((i) => i.code.startsWith('sync.id_'))
          .map((i) => i.code)
          .sort(),
      ).toEqual(['sync.id_not_well_formed', 'sync.id_too_long']);
    }
    expect(await live(tokens.LI01, 'teachers')).toHaveLength(11);
    expect(p.d.outbox.list()).toEqual([]);
  });

  it('a typo in Program’s school code keeps the workbook’s state; once fixed nothing is sent again', async () => {
    const p = pane(tokens.TY01);
    await p.sync();
    // The hidden sheet's cells, as the pane reads and writes them with Program's scope.
    let cells = p.state.toRows() as unknown[][];
    const scope = (school: string) => ({ server: worker.url, school, term: TERM });
    const syncAs = async (school: string) => {
      const state = SyncState.fromRows(cells as never, scope(school));
      const d: EngineDeps = {
        ...p.d,
        state,
        outbox: new Outbox(new MemoryStore(), Outbox.keyFor(scope(school), state.book.workbookId!)),
        saveState: async (st) => void (cells = st.toRows() as unknown[][]),
      };
      const { read, issues } = workbook();
      const plan = planChanges(read, issues, state);
      const t = await runPlan(d, plan);
      return { sent: plan.rows.length, deleted: plan.rows.filter((r) => r.deleted).length, applied: t.applied };
    };
    expect(await syncAs('TY01')).toEqual({ sent: 0, deleted: 0, applied: 0 });
    // Under the typo the server refuses the batch as another school's (409 wrong_school): nothing is written.
    const revision = (await getRows(worker.url, tokens.TY01, TERM, 2 ** 31)).revision;
    await expect(syncAs('TY0l')).rejects.toMatchObject({ status: 409, code: 'wrong_school' });
    expect((await getRows(worker.url, tokens.TY01, TERM, 2 ** 31)).revision).toBe(revision);
    expect(await syncAs('TY01')).toEqual({ sent: 0, deleted: 0, applied: 0 });
  });

  it('take the server’s for a row this workbook deleted writes it back', async () => {
    const mine = pane(tokens.TS01);
    await mine.sync();
    const other = pane(tokens.TS01);
    for (const [k, v] of mine.state.rows) other.state.rows.set(k, { ...v });
    const renamed = (wb: WorkbookInput) => (sheet(wb, '教师名册').values.find((r) => r[0] === 'T002')![1] = '李建国（另一本）');
    expect((await other.sync(renamed)).sent.applied).toBe(1);
    const withoutT002 = (wb: WorkbookInput) => {
      const t = sheet(wb, '教师名册');
      t.values = t.values.filter((r) => r[0] !== 'T002');
    };
    const r = await mine.sync(withoutT002);
    expect(r.sent.conflicts).toEqual([{ table: 'teachers', id: 'T002', server_version: 2 }]);

    // The person takes the server's: the row comes back into the workbook.
    const { read, issues } = workbook(withoutT002);
    const server = (await getRows(worker.url, tokens.TS01, TERM)).rows.find((x) => x.table === 'teachers' && x.id === 'T002')!;
    const { writes, placed } = placeServersRow(read, issues, mine.state, 'teachers', 'T002', server);
    expect(placed).toBe('appended');
    const written = (wb: WorkbookInput) => {
      withoutT002(wb);
      applyTo(wb, writes);
    };
    const after = workbook(written);
    adoptRow(mine.state, localRows(after.read, after.issues).rows.get('teachers:T002')!, server.version);
    expect(after.read.sheets.teachers!.rows.find((x) => x.values.teacher_id === 'T002')!.values.name).toBe('李建国（另一本）');
    const next = await mine.sync(written);
    expect(next.plan.rows).toEqual([]);
    expect(await live(tokens.TS01, 'teachers')).toContain('T002');
  });
});

/** Cell writes into a workbook's values (sheets start at A1). */
function applyTo(wb: WorkbookInput, writes: CellWrite[]): void {
  for (const w of writes) {
    const v = sheet(wb, w.sheetName).values;
    while (v.length < w.row) v.push([]);
    v[w.row - 1][w.col - 1] = w.value;
  }
}
