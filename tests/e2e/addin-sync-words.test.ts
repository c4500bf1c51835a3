/// <reference lib="dom" />
/**
 * The Sync panel in a teacher's words (issue 15, point 4), in Chromium (file mode) against a real
 * local worker, in zh and in en: saving a school token over a bureau one shows the Sync panel at
 * Save, and a bureau token the Bureau panel, without Test connection; a wrong token is kept as
 * typed and said as an error; a sync lists the rows it held back (sheet, row, id, why), each a
 * button to its cell; after giving up no "retrying in 13 s" stays, and the next action takes the
 * progress away; Suggest after a fill says what Suggest did, not "wrote N cells". Every wait is
 * bounded.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { t } from '../../addin/src/i18n';
import { PROGRAM, filePage, inputToXlsx, openFileInPane, tempDir, useWorkerPane, withProgram } from './addin-helpers';
import { addSchool, newToken } from './local-worker';

const env = useWorkerPane();
let demoPath: string;
let bureauToken: string;

/** A school of CTY01 with its token, and the demo workbook as that school's (no sync state). */
async function schoolWith(code: string): Promise<{ token: string; path: string }> {
  await addSchool(env.worker, { code, name: `学校${code}`, county: 'CTY01' });
  const token = await newToken(env.worker, { role: 'school', school: code });
  const path = await withProgram(demoPath, { [PROGRAM.school]: code, [PROGRAM.schoolName]: `学校${code}` }, `${code}.xlsx`);
  return { token, path };
}

beforeAll(async () => {
  demoPath = join(tempDir(), 'demo.xlsx');
  await inputToXlsx(demoWorkbook(), demoPath);
  bureauToken = await newToken(env.worker, { role: 'bureau', county: 'CTY01' });
});

async function openPane(lang: 'zh' | 'en'): Promise<Page> {
  const page = await filePage(env, lang, { page: { viewport: { width: 420, height: 900 } } });
  await page.click('#settings-panel summary');
  return page;
}

/** Types the server and `token` into Settings and presses Save (no Test connection). */
async function saveToken(page: Page, token: string): Promise<void> {
  await page.fill('#server-url', env.worker.url);
  await page.fill('#token', token);
  await page.click('#save-settings');
}

const openFile = (page: Page, path: string) => openFileInPane(page, path, 30_000);

/** Clicks and waits, bounded, for the status to match `done`; returns the status line. */
async function clickAndWait(page: Page, selector: string, done: RegExp): Promise<string> {
  await page.click(selector);
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status')?.textContent ?? ''), done.source, {
    timeout: 60_000,
  });
  await page.waitForSelector('body:not(.busy)', { timeout: 30_000 });
  return (await page.textContent('#status')) ?? '';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The check's answer line: "2 个错误，…" / "2 errors, …". */
const checked = (lang: 'zh' | 'en') => (lang === 'zh' ? /(?<!\d)\d+ 个错误/ : /(?<!\d)\d+ errors?,/);
/** A string's words before its first placeholder, as a regular expression. */
const lead = (lang: 'zh' | 'en', key: Parameters<typeof t>[1]) => new RegExp(escape(t(lang, key).split('{')[0].slice(0, 12)));

describe.each(['zh', 'en'] as const)('the Sync panel in a teacher’s words (%s)', (lang) => {
  /** A new school's pane: its token saved, the demo as its workbook open. */
  const schoolPane = async (code: string) => {
    const { token, path } = await schoolWith(code);
    const page = await openPane(lang);
    await saveToken(page, token);
    await openFile(page, path);
    return page;
  };

  it('Save switches the panel to the saved token’s role: a school token over a bureau one, and back', async () => {
    const { token } = await schoolWith(lang === 'zh' ? 'ZS01' : 'ES01');
    const page = await openPane(lang);
    await saveToken(page, bureauToken);
    await page.waitForSelector('#bureau-panel', { timeout: 15_000 });
    expect(await page.locator('#sync').count()).toBe(0);
    // The render kept Settings open, as the person left it.
    expect(await page.locator('#settings-panel[open]').count()).toBe(1);
    await saveToken(page, token);
    // At Save: no Test connection pressed.
    await page.waitForSelector('#sync-panel', { timeout: 15_000 });
    expect(await page.locator('#bureau-panel').count()).toBe(0);
    await page.waitForFunction(() => /\S/.test(document.getElementById('connection')?.textContent ?? ''), null, { timeout: 15_000 });
    await page.waitForSelector('#connection.ok', { timeout: 15_000 });
    await page.close();
  });

  it('a wrong token is kept as typed and said as an error, in the status and the connection line', async () => {
    const page = await openPane(lang);
    await saveToken(page, 'not-a-real-token');
    await page.waitForSelector('#status.error', { timeout: 15_000 });
    const line = (await page.textContent('#status')) ?? '';
    expect(line).toContain(t(lang, 'savedButProblem'));
    expect(line).toContain(t(lang, 'problem_token_revoked'));
    expect(line).toContain(t(lang, 'tokenKept'));
    expect(await page.getAttribute('#status', 'role')).toBe('alert');
    expect(await page.getAttribute('#connection', 'class')).toBe('bad');
    // Drawn as an error: not the grey of a hint.
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('status')!).color)).toBe('rgb(164, 38, 44)');
    // Kept: there after a reload, as typed.
    await page.reload();
    await page.waitForSelector('body[data-ready="file"]');
    expect(await page.inputValue('#token')).toBe('not-a-real-token');
    await page.close();
  });

  it('a sync lists the rows it held back with sheet, row, id and why, each a button to its cell; the next action clears the progress', async () => {
    const page = await schoolPane(lang === 'zh' ? 'ZS02' : 'ES02');
    const done = await clickAndWait(page, '#sync', new RegExp(`${lead(lang, 'syncDone').source}|${lead(lang, 'syncStopped').source}`));
    expect(done).toMatch(lead(lang, 'syncDone'));
    const held = page.locator('#sync-held button.held-row');
    expect(await held.count()).toBe(2);
    expect(await page.textContent('#sync-held h2')).toBe(t(lang, 'heldTitle', { n: 2 }));
    const first = (await held.nth(0).textContent()) ?? '';
    expect(first).toContain(t(lang, 'heldWhere', { sheet: '教师名册', row: 13, id: 'T005' }));
    expect(first).toContain('T005');
    expect(await held.nth(0).getAttribute('data-cell')).toBe('A13');
    expect(await held.nth(1).getAttribute('data-sheet')).toBe('活动安排');
    expect(await held.nth(1).textContent()).toContain('2026/11/31');
    await held.nth(0).click();
    await page.waitForFunction(() => document.getElementById('selected')?.textContent === '教师名册!A13', null, { timeout: 15_000 });
    expect(await page.getAttribute('table.row-view', 'data-row')).toBe('13');
    // The panel as a teacher sees it, into docs/ only when asked (CI must not rewrite tracked files).
    const shot = join(tempDir(), `sync-held-${lang}.png`);
    await page.locator('#sync-panel').screenshot({ path: shot });
    if (process.env.JIEDUI_SCREENSHOTS) copyFileSync(shot, join(process.cwd(), 'docs', `addin-sync-held-${lang}.png`));
    // The progress was this sync's: the next action (Check) takes it away; the held rows stay till the next sync.
    expect(await page.locator('#sync-count').count()).toBe(1);
    await clickAndWait(page, '#check', checked(lang));
    expect(await page.locator('#sync-count').count()).toBe(0);
    expect(await held.count()).toBe(2);
    await page.close();
  });

  it('giving up after retries leaves no countdown, says it as an error, and the next action clears the progress', async () => {
    const page = await schoolPane(lang === 'zh' ? 'ZS03' : 'ES03');
    // The worker's sync answers 503 every time; the pane retries quickly (three tries) and gives up.
    await page.route(`${env.worker.url}/api/v1/sync`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': env.pane.url },
            body: JSON.stringify({ error: { code: 'server_error', message: 'down' } }),
          })
        : route.continue(),
    );
    await page.evaluate(() => {
      (window as unknown as { __jiedui: { opts: { backoff: unknown } } }).__jiedui.opts.backoff = {
        baseMs: 300,
        maxMs: 600,
        attempts: 3,
        jitter: 0,
      };
    });
    const stopped = await clickAndWait(page, '#sync', new RegExp(`${lead(lang, 'syncStopped').source}|${lead(lang, 'syncDone').source}`));
    expect(stopped).toMatch(lead(lang, 'syncStopped'));
    expect(stopped).toContain(t(lang, 'problem_server_error'));
    expect(await page.getAttribute('#status', 'class')).toContain('error');
    const count = (await page.textContent('#sync-count')) ?? '';
    expect(count).not.toMatch(lead(lang, 'retrying'));
    await page.unroute(`${env.worker.url}/api/v1/sync`);
    await clickAndWait(page, '#check', checked(lang));
    expect(await page.locator('#sync-count').count()).toBe(0);
    await page.close();
  });

  it('Suggest after a fill says what Suggest did: no “wrote N cells” left', async () => {
    const page = await openPane(lang);
    await openFile(page, demoPath);
    expect(await clickAndWait(page, '#fill-all', lead(lang, 'filled'))).toMatch(lead(lang, 'filled'));
    const said = await clickAndWait(page, '#suggest', new RegExp(`${lead(lang, 'suggested').source}|${escape(t(lang, 'noSuggestions'))}`));
    expect(said).not.toMatch(lead(lang, 'filled'));
    await page.close();
  });
});
