/**
 * `npm start`'s worker: wrangler dev on local D1, seeded with the demo (scripts/worker-local.mjs).
 * The seed is the demo workbook's own rows and ids (scripts/demo-seed.ts): the demo workbook as
 * `npx jiedui demo` writes it, opened and synced as GH01 the pane's way, changes nothing on the
 * server. It never synced, so the pane asks first (in Chromium, file mode, against the seeded
 * worker); "take the server's rows" writes no cell and the next sync sends nothing, and "replace
 * the server's rows" deletes nothing and stores nothing new (every row unchanged).
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { replacePlan, takeServerRows } from '../../addin/src/first-sync';
import { MemoryStore } from '../../addin/src/settings';
import { getRows, getSyncStatus, localRows, planChanges, postSync } from '../../addin/src/sync-client';
import { Outbox, newBatchId, runPlan } from '../../addin/src/sync-engine';
import { SyncState, newWorkbookId } from '../../addin/src/sync-state';
import { workbookToInput } from '../../xlsx/to-input';
import { demoSeedRows } from '../../scripts/demo-seed';
import { applyLocalMigrations, freePort, seedDemo, startWorker } from '../../scripts/worker-local.mjs';
import { clickAndWait, filePage, launchChromium, openFileInPane, saveSettings, servePane } from './addin-helpers';

const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-worker-'));
const files = mkdtempSync(join(tmpdir(), 'jiedui-demo-'));
afterAll(() => {
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

const TERM = '2026-2027-1';
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

const DEMO_FILE = join(files, 'demo.xlsx');

/** `npx jiedui demo -o FILE`, opened as the pane's file mode opens a file, and checked. */
async function cliDemoOpened() {
  const path = DEMO_FILE;
  execFileSync(process.execPath, [join(process.cwd(), 'bin/jiedui.mjs'), 'demo', '-o', path], { timeout: 60_000 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return checkWorkbook(workbookToInput(wb), { today: TODAY });
}

it('the seed is the rows the pane sends from `npx jiedui demo`, same ids and values', async () => {
  const { read, issues } = await cliDemoOpened();
  const pane = [...localRows(read, issues).rows.values()].map((r) => ({ table: r.table, id: r.id, base_version: 0, values: r.values }));
  // JSON text, key order included: the server keeps a re-sent row only if its text is the stored one.
  expect(JSON.stringify(await demoSeedRows(TODAY))).toBe(JSON.stringify(pane));
  expect(pane.filter((r) => r.table === 'teachers')).toHaveLength(11);
});

it('starts the worker with wrangler dev, seeds the demo, totals it, and the demo workbook synced as GH01 changes nothing', async () => {
  const port: number = await freePort();
  await applyLocalMigrations({ persistTo });
  const pane = await servePane();
  const worker = await startWorker({ port, persistTo, adminToken: 'e2e-admin-token', extraArgs: ['--var', `CORS_ORIGINS:${pane.url}`] });
  const browser = await launchChromium();
  try {
    const health = await fetch(`${worker.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
    expect(await health.json()).toEqual({ ok: true });
    const demo = await seedDemo({ url: worker.url, adminToken: 'e2e-admin-token', quiet: true });
    expect(Object.keys(demo.schools)).toEqual(['GH01', 'WT01', 'DS01']);
    const totals = async () => {
      const res = await fetch(`${worker.url}/api/v1/totals?term=${TERM}&group_by=county`, {
        headers: { authorization: `Bearer ${demo.bureau}` },
        signal: AbortSignal.timeout(30_000),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { rows: Record<string, unknown>[] };
    };
    const before = await totals();
    expect(before.rows).toHaveLength(1);
    // The demo workbook's figures: 4 pairings, 2 partnerships; 5 teachers, GH01's own, of the 11
    // roster rows sent (one duplicate id held back): WT01's and DS01's people count for them once
    // they record the partnership themselves, and neither has synced.
    expect(before.rows[0]).toMatchObject({ key: 'CTY01', name: '示范县', schools: 3, teachers: 5, pairings: 4, partnerships: 2 });
    // One school of three synced; none has submitted its term report (the reporting rate counts reports).
    expect(before.rows[0].synced_rate).toBeCloseTo(1 / 3, 3);
    expect(before.rows[0].reporting_rate).toBe(0);
    // Seeding again replays the demo sync rather than failing.
    await seedDemo({ url: worker.url, adminToken: 'e2e-admin-token', quiet: true });

    // The demo workbook, opened as GH01, never synced: the server says what it holds (the seed named no workbook).
    const gh = demo.schools.GH01;
    const status = await getSyncStatus(worker.url, gh, TERM);
    const { read, issues } = await cliDemoOpened();
    const mine = localRows(read, issues).rows;
    expect(status).toMatchObject({ rows: mine.size, workbooks: 0, unnamed_syncs: 1 });
    const server = await getRows(worker.url, gh, TERM);
    const scope = { server: worker.url, school: 'GH01', term: TERM };

    // In the pane (Chromium, file mode): the seeded school opens the demo workbook and syncs; it
    // never synced from this workbook, so it is asked; taking the server's rows writes nothing new.
    const page = await filePage({ pane, browser }, 'en', { today: TODAY, page: {} });
    await saveSettings(page, worker.url, gh);
    await openFileInPane(page, DEMO_FILE);
    const statusAfter = (selector: string, done: RegExp) => clickAndWait(page, selector, done);
    expect(await statusAfter('#sync', /never synced|Synced:/)).toContain(
      `the server already holds ${mine.size} rows of this school for this term (last synced ${status.last_sync_local as string} Beijing time, from 0 workbooks, and 1 sync by other programs)`,
    );
    expect(await statusAfter('#first-take', /rows are in this workbook/)).toContain(
      `The server’s ${mine.size} rows are in this workbook (${mine.size} were the same, 0 took the server’s values, 0 were added after their table)`,
    );
    expect(await statusAfter('#sync', /Synced:/)).toMatch(
      new RegExp(`^Synced: 0 rows sent, 0 taken by the server; ${mine.size} unchanged`),
    );
    await page.close();
    expect((await getRows(worker.url, gh, TERM, server.revision)).rows).toEqual([]);

    // "Take the server's rows": every row is the workbook's own, so not one cell is written.
    const took = takeServerRows(read, issues, new SyncState(scope), server);
    expect(took).toMatchObject({ writes: [], same: mine.size, replaced: 0, appended: 0, localOnly: 0 });

    // "Replace the server's rows": nothing to delete, and every row sent is kept as it was.
    const state = new SyncState(scope);
    state.book.workbookId = newWorkbookId();
    const { plan, deletes } = replacePlan(read, issues, state, server);
    expect(deletes).toBe(0);
    expect(plan.rows).toHaveLength(mine.size);
    const sent = await runPlan(
      {
        send: async (b) => {
          const a = await postSync(worker.url, gh, b);
          // Every row unchanged: answered at its version, nothing written.
          expect((a as unknown as { ignored: number }).ignored).toBe(b.rows.length);
          return a;
        },
        outbox: new Outbox(new MemoryStore(), Outbox.keyFor(scope, state.book.workbookId)),
        state,
        saveState: async () => undefined,
        newBatchId,
      },
      plan,
    );
    expect(sent.conflicts).toEqual([]);
    expect(sent.rejected).toEqual([]);
    expect((await getRows(worker.url, gh, TERM, server.revision)).rows).toEqual([]);
    expect(await totals()).toEqual(before);
    // The next sync of that workbook sends nothing.
    expect(planChanges(read, issues, state).rows).toEqual([]);
  } finally {
    await browser.close();
    await worker.stop();
    await pane.close();
  }
  expect(await portIsFree(port)).toBe(true);
});
