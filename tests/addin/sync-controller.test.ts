/**
 * The sync workflow apart from the DOM (addin/src/sync-controller.ts), in node: the demo workbook
 * in the Office adapter over the fake of Excel, a fake worker behind fetch, and a host that records
 * what the pane would show. A saved token is tried and its panel follows its role; a refused token
 * is kept and said as an error; a sync lists the rows it held back with why and where; a retry
 * countdown and the progress do not outlive their sync; every line goes at the next action.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import type { WorkbookRead } from '../../core/read';
import type { Issue, Lang } from '../../core/types';
import { t, type StringKey } from '../../addin/src/i18n';
import { OfficePort } from '../../addin/src/office-port';
import { MemoryStore, SettingsStore } from '../../addin/src/settings';
import { SyncController } from '../../addin/src/sync-controller';
import type { StatusExtra, SyncHost } from '../../addin/src/ui/host';
import { FakeExcel } from './fake-excel';

const TODAY = '2026-10-15';
const GOOD = 'school-token-1';
const BUREAU = 'bureau-token-1';

interface Shown {
  key: StringKey;
  params?: Record<string, string | number>;
  extra?: StatusExtra | (StatusExtra | undefined)[];
  tone?: 'error';
}

/** What the pane would show, and the workbook in the Office adapter over the fake of Excel. */
class Host implements SyncHost {
  port: OfficePort;
  last: { read: WorkbookRead; issues: Issue[] } | null = null;
  shown: Shown[] = [];
  renders = 0;
  busy = false;
  readonly opts: SyncHost['opts'];

  constructor(
    public lang: Lang,
    fetchFn: typeof fetch,
  ) {
    const xl = new FakeExcel();
    for (const s of demoWorkbook().sheets) xl.addSheet(s.name, s.values as Parameters<FakeExcel['addSheet']>[1]);
    this.port = new OfficePort(xl.runner());
    const settings = new SettingsStore(new MemoryStore());
    this.opts = {
      settings,
      today: TODAY,
      fetchFn,
      newBatchId: () => `b${Math.random()}`,
      backoff: { baseMs: 1, maxMs: 2, attempts: 3, jitter: 0 },
    };
  }

  t(key: StringKey, params?: Record<string, string | number>): string {
    return t(this.lang, key, params);
  }
  status(
    key: StringKey,
    params?: Record<string, string | number>,
    extra?: StatusExtra | (StatusExtra | undefined)[],
    tone?: 'error',
  ): void {
    this.shown.push({ key, params, extra, tone });
  }
  statusKeyNow(): StringKey | null {
    return this.shown.at(-1)?.key ?? null;
  }
  /** The status line as the pane writes it. */
  line(): string {
    const s = this.shown.at(-1);
    if (!s) return '';
    const words = (e: StatusExtra | undefined) => (e === undefined ? '' : typeof e === 'string' ? e : this.t(e.key, e.params));
    return [this.t(s.key, s.params), ...(Array.isArray(s.extra) ? s.extra : [s.extra]).map(words)].filter(Boolean).join(' ');
  }
  async guard(fn: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await fn();
    } finally {
      this.busy = false;
    }
  }
  needPort() {
    return this.port;
  }
  async runCheck(): Promise<StatusExtra | undefined> {
    this.last = checkWorkbook(await this.port.readSheets(), { today: TODAY });
    return undefined;
  }
  async showIssues(): Promise<StatusExtra | undefined> {
    return undefined;
  }
  render(): void {
    this.renders++;
  }
  async blankWorkbook() {
    return null;
  }
  selected: string[] = [];
  async selectCell(sheetName: string, cell: string): Promise<void> {
    this.selected.push(`${sheetName}!${cell}`);
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A worker as the pane sees it: GH01's school token, a bureau token, and sync answers `syncStatus` (200: every row applied). */
function worker(opts: { syncStatus?: number } = {}) {
  let revision = 0;
  const calls: string[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const u = new URL(url);
    calls.push(`${init?.method ?? 'GET'} ${u.pathname}`);
    if (u.pathname === '/healthz') return json({ ok: true });
    const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
    const role = auth === `Bearer ${GOOD}` ? 'school' : auth === `Bearer ${BUREAU}` ? 'bureau' : null;
    if (!role) return json({ error: { code: 'unauthorized', message: 'token not valid' } }, 401);
    if (u.pathname === '/api/v1/whoami')
      return json({
        role,
        token_id: 't1',
        county: 'CTY01',
        ...(role === 'school' ? { school: 'GH01', school_name: '国河中心小学' } : {}),
        term_locked: false,
      });
    if (u.pathname === '/api/v1/sync/status')
      return json({
        term: '2026-2027-1',
        school: 'GH01',
        school_name: '国河中心小学',
        rows: 0,
        by_table: {},
        last_sync_at: null,
        last_sync_local: null,
        workbooks: 0,
        unnamed_syncs: 0,
      });
    if (u.pathname === '/api/v1/rules') return json({ county: 'CTY01', rules: {} });
    if (u.pathname === '/api/v1/sync') {
      if (opts.syncStatus && opts.syncStatus !== 200) return json({ error: { code: 'server_error', message: 'down' } }, opts.syncStatus);
      const body = JSON.parse(String(init?.body)) as { batch_id: string; rows: { table: string; id: string }[] };
      revision++;
      return json({
        batch_id: body.batch_id,
        revision,
        applied: body.rows.map((r) => ({ table: r.table, id: r.id, version: 1 })),
        rejected: [],
        conflicts: [],
      });
    }
    return json({ error: { code: 'not_found', message: u.pathname } }, 404);
  }) as typeof fetch;
  return { fetchFn, calls };
}

function setup(lang: Lang, token: string, opts: { syncStatus?: number } = {}) {
  const w = worker(opts);
  const host = new Host(lang, w.fetchFn);
  host.opts.settings.save({ serverUrl: 'http://worker.test', token });
  const sync = new SyncController(host);
  let changes = 0;
  sync.view = { changed: () => changes++, askFirstSync: () => {}, closeFirstSync: () => {} };
  return { host, sync, calls: w.calls, changes: () => changes };
}

describe.each(['zh', 'en'] as const)('the sync controller (%s)', (lang) => {
  it('a school token saved over a bureau one: the panel switches at once and the role is learnt', async () => {
    const { host, sync } = setup(lang, GOOD);
    host.opts.settings.saveRole(''); // what saving a changed token does (ui/app.ts saveSettings)
    host.status('saved');
    await sync.saved(true);
    expect(host.renders).toBeGreaterThanOrEqual(1);
    expect(host.opts.settings.loadRole()).toBe('school');
    expect(sync.connection.conn).toMatchObject({ key: 'connOkSchool', ok: true });
    // A saved line that said nothing wrong stays as it was.
    expect(host.line()).toBe(t(lang, 'saved'));
  });

  it('a bureau token saved over a school one renders the bureau panel once its role is known', async () => {
    const { host, sync } = setup(lang, BUREAU);
    host.opts.settings.saveRole('');
    host.status('saved');
    const before = host.renders;
    await sync.saved(true);
    expect(host.opts.settings.loadRole()).toBe('bureau');
    expect(host.renders).toBe(before + 2); // at saving, then when the role turned out to be a bureau's
  });

  it('a wrong token is kept as typed and said as an error, in the status line and the connection line', async () => {
    const { host, sync } = setup(lang, 'mistyped');
    host.status('saved');
    await sync.saved(true);
    expect(host.opts.settings.load().token).toBe('mistyped');
    expect(sync.connection.conn).toMatchObject({ key: 'problem_token_revoked', ok: false });
    const last = host.shown.at(-1)!;
    expect(last).toMatchObject({ key: 'savedButProblem', tone: 'error' });
    expect(host.line()).toContain(t(lang, 'problem_token_revoked'));
    expect(host.line()).toContain(t(lang, 'tokenKept'));
  });

  it('a refusal found after another action started leaves that action’s line alone', async () => {
    const { host, sync } = setup(lang, 'mistyped');
    host.status('saved');
    const test = sync.saved(true);
    host.status('checking');
    await test;
    expect(host.statusKeyNow()).toBe('checking');
    expect(sync.connection.conn?.ok).toBe(false);
  });

  it('a sync lists the rows it held back: sheet, row, id and why, with the cell to select', async () => {
    const { host, sync } = setup(lang, GOOD);
    await sync.sync();
    const done = host.shown.at(-1)!;
    expect(done.key).toBe('syncDone');
    expect(sync.held.length).toBeGreaterThan(0);
    expect(sync.held.length).toBe(Number(done.params!.skipped));
    for (const r of sync.held) {
      expect(r.sheetName).toBeTruthy();
      expect(r.row).toBeGreaterThan(1);
      expect(r.cell).toMatch(/^[A-Z]+\d+$/);
      expect(['errors', 'no_id', 'duplicate', 'refused']).toContain(r.why);
    }
    // The demo's second T005 and its 2026/11/31: each held back on its row, for its error, on its cell.
    expect(sync.held.map((r) => [r.sheetName, r.row, r.id, r.why, r.cell, r.issue?.code])).toEqual([
      ['教师名册', 13, 'T005', 'errors', 'A13', 'row.duplicate_id'],
      ['活动安排', 6, 'A0005', 'errors', 'B6', 'cell.date_no_such_day'],
    ]);
    // The next sync starts its list afresh; a new workbook shows none.
    sync.reset();
    expect(sync.held).toEqual([]);
  });

  it('giving up after retries leaves no countdown, says it as an error, and the next action clears the progress', async () => {
    const { host, sync } = setup(lang, GOOD, { syncStatus: 503 });
    await sync.sync();
    const last = host.shown.at(-1)!;
    expect(last).toMatchObject({ key: 'syncStopped', tone: 'error' });
    expect(sync.progress).not.toBeNull();
    expect(sync.progress!.retryInSec).toBeUndefined();
    expect(sync.running).toBeNull();
    sync.actionStarted();
    expect(sync.progress).toBeNull();
    expect(sync.note).toBeNull();
  });

  it('another school’s workbook: the note and an error line; the next action takes the note away', async () => {
    const { host, sync } = setup(lang, GOOD);
    const { fetchFn } = worker();
    // The token's school is WT01 now: the demo workbook is GH01's.
    host.opts.fetchFn = (async (url: string, init?: RequestInit) => {
      if (new URL(url).pathname === '/api/v1/whoami')
        return json({ role: 'school', token_id: 't2', county: 'CTY01', school: 'WT01', school_name: '湾头小学' });
      return fetchFn(url, init);
    }) as typeof fetch;
    await sync.sync();
    expect(host.shown.at(-1)).toMatchObject({ key: 'wrongSchool', tone: 'error' });
    expect(sync.note?.key).toBe('wrongSchool');
    sync.actionStarted();
    expect(sync.note).toBeNull();
  });
});
