/// <reference lib="dom" />
/**
 * The whole pane (addin/src/ui/app.ts, its panels, the sync engine) in Chromium, in office mode,
 * on every Excel a school runs: tests/addin/fake-excel.ts, bundled for the browser
 * (tests/e2e/fake-office-host.ts), is served in place of office.js at the requirement sets of
 * Excel 2016 (ExcelApi 1.1), 2016 updated (1.4), 2019 (1.8), 2021 (1.14) and Microsoft 365 (the
 * latest), and throws ApiNotFound for any member above them, as Excel does. Under each: the
 * one-line limits text, Check with its marks, Clear marks, the live re-check after an edit (from
 * 1.9; below, Check), every Fill (ids and summary, the term
 * plan, mentor suggestions, the term report, the template in an empty workbook), Sync to a real
 * local worker (wrangler dev) and a second Sync that sends nothing, and the bureau's Totals sheet.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { fillAll } from '../../core/fill';
import type { WorkbookInput } from '../../core/types';
import { hostLimits, limitsLine } from '../../addin/src/office-limits';
import { versionAbove } from '../../addin/src/office-apis';
import { OWN_WRITE_QUIET_MS } from '../../addin/src/office-port';
import { fakeOfficeHostScript, hostSheets, statusAfter, useWorkerPane } from './addin-helpers';
import { ADMIN, addSchool, newToken } from './local-worker';

const TODAY = '2026-10-15';
const TERM = '2026-2027-1';
const WAIT = { timeout: 30_000 };
const PROFILES = [
  { label: 'Excel 2016 (ExcelApi 1.1)', apiVersion: '1.1', school: 'PF11' },
  { label: 'Excel 2016 updated (1.4)', apiVersion: '1.4', school: 'PF14' },
  { label: 'Excel 2019 (1.8)', apiVersion: '1.8', school: 'PF18' },
  { label: 'Excel 2021 (1.14)', apiVersion: '1.14', school: 'PF24' },
  { label: 'Microsoft 365 (latest)', apiVersion: '1.20', school: 'PF30' },
];

const env = useWorkerPane();
const api = env.worker.api;

beforeAll(async () => {
  expect((await api('PUT', '/api/v1/counties/CTY01', ADMIN, { name: '示范县' })).status).toBe(200);
});

/** The demo workbook as school `code`'s: every GH01 in it becomes `code`. */
function demoAs(code: string): WorkbookInput {
  const input = demoWorkbook();
  return { ...input, sheets: input.sheets.map((s) => ({ ...s, values: s.values.map((r) => r.map((v) => (v === 'GH01' ? code : v))) })) };
}

/** The pane in Chromium with the fake Excel at `apiVersion` as its host, holding `sheets`. */
async function paneIn(apiVersion: string, input: WorkbookInput | null): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width: 420, height: 900 }, acceptDownloads: true });
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  // The pane logs what its guard caught: an Office error there is a flow that failed on this host.
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      /ApiNotFound|PropertyNotLoaded|InvalidObjectPath|InvalidArgument|is not a function/.test(m.text()) &&
      failures.push(m.text()),
  );
  page.on('dialog', (d) => {
    failures.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  (page as Page & { failures?: string[] }).failures = failures;
  const script = await fakeOfficeHostScript({ apiVersion, displayLanguage: 'en-US', sheets: input ? hostSheets(input) : [] });
  await page.route('**/office.js', (r) => r.fulfill({ contentType: 'text/javascript', body: script }));
  await page.goto(`${env.pane.url}/taskpane.html?lang=en&sw=off&today=${TODAY}`);
  await page.waitForSelector('body[data-ready="office"]', { state: 'attached', ...WAIT });
  return page;
}

/** Opens the Settings panel (a click on its summary would close it if open). */
const openSettings = (page: Page) => page.$eval('#settings-panel', (d) => ((d as HTMLDetailsElement).open = true));
const status = (page: Page) => page.textContent('#status').then((s) => s ?? '');
const idle = (page: Page) => page.waitForSelector('body:not(.busy)', { state: 'attached', ...WAIT });

/** What the fake workbook holds at a cell: value, fill colour, note. */
function cellIn(page: Page, sheet: string, row: number, col: number) {
  return page.evaluate(
    ([s, r, c]) => {
      type Data = { cells: Map<number, unknown>; fills: Map<number, string>; notes: Map<number, string> };
      const xl = (window as unknown as { __fakeExcel: { sheets: Map<string, Data> } }).__fakeExcel;
      const d = xl.sheets.get(s as string);
      const k = (r as number) * 16_384 + (c as number);
      return { value: d?.cells.get(k) ?? null, fill: d?.fills.get(k) ?? null, note: d?.notes.get(k) ?? null };
    },
    [sheet, row - 1, col - 1] as const,
  );
}

function fake<T>(page: Page, read: string): Promise<T> {
  return page.evaluate((expr) => {
    const xl = (window as unknown as { __fakeExcel: unknown }).__fakeExcel;
    return new Function('xl', `return (${expr});`)(xl) as T;
  }, read);
}

describe.each(PROFILES)('the pane on $label', ({ apiVersion, school }) => {
  const supported = (v: string) => !versionAbove(v, apiVersion);
  let page: Page;
  let schoolToken: string;

  afterAll(async () => {
    await page?.close();
  });

  it('starts in office mode and says in one line what this Excel cannot do', async () => {
    page = await paneIn(apiVersion, demoAs(school));
    expect(await page.textContent('#mode')).toContain('Excel');
    const line = limitsLine('en', hostLimits(supported));
    if (apiVersion === '1.20') {
      expect(line).toBeNull();
      expect(await page.locator('#host-limits').count()).toBe(0);
    } else {
      expect(await page.textContent('#host-limits')).toBe(line);
      // Each profile's own: live re-check from 1.9, notes from 1.18, dropdowns from 1.8, a hidden sheet from 1.2.
      expect(line!.includes('press Check after editing')).toBe(!supported('1.9'));
      expect(line!.includes('marks are a fill colour only')).toBe(!supported('1.18'));
      expect(line!.includes('no dropdowns')).toBe(!supported('1.8'));
      expect(line!.includes('cannot be hidden')).toBe(!supported('1.2'));
      expect(line).toMatch(/Check, marks, Clear marks, fills, sync and totals still work\.$/);
    }
  });

  it('Check lists the duplicate id and marks its cell; Clear marks takes the mark away', async () => {
    await page.click('#check');
    const dup = page.locator('button.issue[data-code="row.duplicate_id"]');
    await dup.waitFor(WAIT);
    expect(await dup.getAttribute('data-cell')).toBe('A13');
    expect(await dup.getAttribute('data-sheet')).toBe('教师名册');
    await idle(page);
    expect(await status(page)).toMatch(/^2 errors, \d+ warnings/);
    expect(await status(page)).not.toMatch(/could not mark/);
    const marked = await cellIn(page, '教师名册', 13, 1);
    expect(marked.value).toBe('T005');
    expect(marked.fill).toMatch(/^#/);
    // Notes from ExcelApi 1.18 only: below, the mark is the colour and the message is in the pane.
    if (supported('1.18')) expect(marked.note).toContain('T005');
    else expect(marked.note).toBeNull();
    await dup.click();
    await expect.poll(() => page.textContent('#selected'), WAIT).toBe('教师名册!A13');
    await page.click('#clear-marks');
    await expect.poll(() => status(page), WAIT).toBe('Marks cleared.');
    expect(await cellIn(page, '教师名册', 13, 1)).toEqual({ value: 'T005', fill: null, note: null });
  });

  it('re-checks by itself after a person’s edit from ExcelApi 1.9 only; below, the edit waits for Check', async () => {
    /** A person types into 教师名册!A13 (row 12, column 0 from 0): the value set and Excel's change event raised. */
    const edit = (value: string) =>
      page.evaluate(async (v) => {
        type Xl = {
          sheets: Map<string, { cells: Map<number, unknown> }>;
          raiseChange(s: string, t: string): Promise<void>;
          changeHandlers: unknown[];
        };
        const xl = (window as unknown as { __fakeExcel: Xl }).__fakeExcel;
        xl.sheets.get('教师名册')!.cells.set(12 * 16_384, v);
        await xl.raiseChange('教师名册', 'Local');
        return xl.changeHandlers.length;
      }, value);
    const dupListed = () => page.locator('button.issue[data-code="row.duplicate_id"]').count();
    // Past the quiet time after the pane's own writes (marks, Clear marks), so the edit counts as a person's.
    await page.waitForTimeout(OWN_WRITE_QUIET_MS + 500);
    const handlers = await edit('T099');
    expect(handlers > 0).toBe(supported('1.9'));
    if (supported('1.9')) {
      await expect.poll(dupListed, { timeout: 15_000 }).toBe(0);
    } else {
      await page.waitForTimeout(OWN_WRITE_QUIET_MS + 500);
      expect(await dupListed()).toBe(1);
      await page.click('#check');
      await expect.poll(dupListed, { timeout: 15_000 }).toBe(0);
    }
    // Put back: the duplicate is there again (by itself from 1.9, after Check below).
    await page.waitForTimeout(OWN_WRITE_QUIET_MS + 500);
    await edit('T005');
    if (!supported('1.9')) await page.click('#check');
    await expect.poll(dupListed, { timeout: 15_000 }).toBe(1);
    await idle(page);
  });

  it('runs every fill: ids and summary, the term plan, mentor suggestions and the term report', async () => {
    const expected = fillAll(demoAs(school), { today: TODAY, plan: false, match: false });
    expect(expected.writes.length).toBeGreaterThan(0);
    await page.click('#fill-all');
    await expect.poll(() => status(page), WAIT).toMatch(/^Wrote \d+ cells/);
    await idle(page);
    for (const w of expected.writes.filter((x) => x.value !== '' && x.value !== null).slice(0, 40)) {
      const got = await cellIn(page, w.sheetName, w.row, w.col);
      expect(got.value, `${w.sheetName} r${w.row} c${w.col}`).not.toBeNull();
    }

    const activities = () => fake<number>(page, `[...xl.sheets.get('活动安排').cells.keys()].length`);
    const before = await activities();
    await page.click('#plan-term');
    await expect.poll(() => status(page), WAIT).toMatch(/^Wrote \d+ cells|nothing to (write|plan)/i);
    await idle(page);
    expect(await activities()).toBeGreaterThanOrEqual(before);

    await page.click('#suggest');
    await page.locator('#suggestions input.accept').first().waitFor(WAIT);
    const pairs = () => fake<number>(page, `new Set([...xl.sheets.get('师徒结对').cells.keys()].map((k) => Math.floor(k / 16384))).size`);
    const rows = await pairs();
    const offered = await page.locator('#suggestions input.accept').count();
    await page.click('#apply-suggestions');
    await expect.poll(() => status(page), WAIT).toMatch(/^Wrote \d+ cells/);
    await idle(page);
    expect(await pairs()).toBe(rows + offered);

    const [report] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#term-report')]);
    expect(report.suggestedFilename()).toMatch(/\.docx$/);
    await idle(page);
    // One undo step from ExcelApi 1.20; below, each fill ran without the undo group, never failed.
    const grouped = await fake<boolean[]>(page, 'xl.runs.map((r) => r.mergeUndoGroup)');
    expect(grouped.some(Boolean)).toBe(supported('1.20'));
    expect((page as Page & { failures?: string[] }).failures).toEqual([]);
  });

  it('syncs to the worker, keeps the sync record, and a second sync sends nothing', async () => {
    await addSchool(env.worker, { code: school, name: `学校${school}`, county: 'CTY01', town: '国河镇', level: 'primary' });
    schoolToken = await newToken(env.worker, { role: 'school', school, label: 'e2e profiles' });
    await openSettings(page);
    await page.fill('#server-url', env.worker.url);
    await page.fill('#token', schoolToken);
    await page.click('#save-settings');
    const syncNow = async () => {
      await page.click('#sync');
      await statusAfter(page, /Synced:|nothing was sent|cannot/);
      await idle(page);
      return status(page);
    };
    expect(await syncNow()).toMatch(/^Synced: [1-9]\d* rows sent, \d+ taken by the server; 0 unchanged/);
    // Very hidden from ExcelApi 1.2; at 1.1 no sheet can be hidden, and the limits line says so.
    expect(await fake<string>(page, `xl.sheets.get('_jiedui_sync').visibility`)).toBe(supported('1.2') ? 'VeryHidden' : 'Visible');
    expect(await syncNow()).toMatch(/^Synced: 0 rows sent, 0 taken by the server; [1-9]\d* unchanged/);
    const totals = await api('GET', `/api/v1/totals?term=${TERM}&county=CTY01&group_by=school`, ADMIN);
    const row = (totals.json.rows as { key: string; teachers: number }[]).find((r) => r.key === school);
    expect(row?.teachers).toBe(5);
  });

  it('pulls the bureau’s totals into a Totals sheet with its chart, and refreshes it in place', async () => {
    const bureau = await newToken(env.worker, { role: 'bureau', county: 'CTY01' });
    await openSettings(page);
    await page.fill('#server-url', env.worker.url);
    await page.fill('#token', bureau);
    await page.click('#save-settings');
    await page.click('#test-connection');
    await page.waitForSelector('#bureau-panel', WAIT);
    await page.fill('#totals-term', TERM);
    for (let i = 0; i < 2; i++) {
      await page.click('#pull-totals');
      await expect.poll(() => status(page), WAIT).toMatch(/^Wrote "Totals"|went wrong|cannot/);
      await idle(page);
      expect(await status(page)).toMatch(/^Wrote "Totals": \d+ rows? of totals/);
    }
    const sheet = await fake<{ charts: number; codes: string[] }>(
      page,
      `{ charts: xl.sheets.get('Totals').charts.length, codes: [...xl.sheets.get('Totals').cells.values()].filter((v) => typeof v === 'string') }`,
    );
    expect(sheet.charts).toBe(1);
    expect(sheet.codes).toContain(school);
    expect((page as Page & { failures?: string[] }).failures).toEqual([]);
  });

  it('makes the template in an empty workbook: dropdowns from ExcelApi 1.8 only', async () => {
    const empty = await paneIn(apiVersion, null);
    try {
      await empty.click('#new-workbook');
      await empty.locator('button.issue').first().waitFor(WAIT);
      await idle(empty);
      const names = await fake<string[]>(empty, '[...xl.sheets.keys()]');
      expect(names).toEqual(expect.arrayContaining(['Program', 'Teachers', 'Pairings', 'Schedule', 'Assessment']));
      expect(names).not.toContain('Sheet1');
      expect((await fake<number>(empty, 'xl.validations.length')) > 0).toBe(supported('1.8'));
      expect((empty as Page & { failures?: string[] }).failures).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
