/**
 * Shared by the add-in's browser tests: build and serve the pane, launch Chromium (with a local
 * worker: tests/e2e/local-worker.ts), open the pane in a page, make workbooks.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContextOptions, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import type { WorkbookInput } from '../../core/types';
import type { FakeHostConfig } from './fake-office-host';
import { useLocalWorker, type LocalWorker } from './local-worker';
// @ts-expect-error: plain .mjs script without types
import { buildAddin } from '../../scripts/build-addin.mjs';
// @ts-expect-error: plain .mjs script without types
import { serveAddin } from '../../scripts/serve-addin.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface ServedPane {
  url: string;
  dir: string;
  sizes: {
    paneGzipBytes: number;
    fileModeGzipBytes: number;
    officeJs?: 'local' | 'cdn';
    precacheBytes?: number;
    panePackages?: string[];
    lazyPackages?: string[];
  };
  close(): Promise<void>;
}

/** Builds the pane into a temporary folder (never the working addin/dist) and serves it over http. */
export async function servePane(): Promise<ServedPane> {
  const dir = mkdtempSync(join(tmpdir(), 'jiedui-pane-'));
  const sizes = await buildAddin({ outDir: dir, quiet: true });
  const s = await serveAddin({ dir, port: 0, host: '127.0.0.1', https: false });
  return { url: s.url, dir, sizes, close: s.close };
}

/** Writes a WorkbookInput as an .xlsx, each sheet's values from its origin. */
export async function inputToXlsx(input: WorkbookInput, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of input.sheets) {
    const ws = wb.addWorksheet(s.name);
    const o = s.origin ?? { row: 1, col: 1 };
    s.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined && v !== '') ws.getCell(o.row + r, o.col + c).value = v as ExcelJS.CellValue;
      }),
    );
  }
  await wb.xlsx.writeFile(path);
}

/** Program's cells (项目信息, label in A, value in B) that the tests change. */
export const PROGRAM = { school: 'B2', schoolName: 'B3', term: 'B7' } as const;

/**
 * A copy of the .xlsx at `from` with cells of Program set (`cells`: address -> value, see PROGRAM)
 * and `edit` made, written as `file` in a new temporary folder; returns its path.
 */
export async function withProgram(
  from: string,
  cells: Record<string, string>,
  file: string,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(from);
  for (const [cell, value] of Object.entries(cells)) wb.getWorksheet('项目信息')!.getCell(cell).value = value;
  edit?.(wb);
  const out = join(tempDir(), file);
  await wb.xlsx.writeFile(out);
  return out;
}

/** Every non-empty cell of a workbook as `sheet!A1 -> value`, for comparing before and after. */
export async function cellMap(path: string): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, unknown>();
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.value;
        if (v !== null && v !== undefined && v !== '') out.set(`${ws.name}!${cell.address}`, v);
      }),
    ),
  );
  return out;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jiedui-e2e-'));
}

/**
 * LibreOffice without a window (`soffice --headless`, its profile in `profile`) given `args`, such
 * as `--convert-to xls --outdir DIR FILE`; bounded at 120 s, and a failure says what it printed.
 */
export function libreOffice(profile: string, args: string[]): Promise<void> {
  return new Promise((res, rej) =>
    execFile(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, ...args],
      { timeout: 120_000 },
      (e, out, err) => (e ? rej(new Error(`${e.message}\n${out}${err}`)) : res()),
    ),
  );
}

/** The pane built and served, and Chromium launched, for a file's tests; both closed after them. */
export interface PaneEnv {
  pane: ServedPane;
  browser: Browser;
}

/** The fields are set once beforeAll has run. */
export function usePane(): PaneEnv {
  const env = {} as PaneEnv;
  beforeAll(async () => {
    env.pane = await servePane();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.pane?.close();
  });
  return env;
}

/** The pane and Chromium, and a local worker that lets the served pane call it. */
export interface WorkerPaneEnv extends PaneEnv {
  worker: LocalWorker;
}

export function useWorkerPane(): WorkerPaneEnv {
  const env = usePane();
  // After usePane: the worker allows the pane's address, known once the pane is served.
  return Object.assign(env, { worker: useLocalWorker({ corsOrigin: () => env.pane.url }) });
}

/**
 * The setup the file-mode browser tests share: the demo workbook written as demo.xlsx in a
 * temporary folder, the pane built and served, Chromium launched; all closed after the file's
 * tests. The fields are set once beforeAll has run.
 */
export interface DemoPane extends PaneEnv {
  dir: string;
  demoPath: string;
}

export function useDemoPane(): DemoPane {
  const env = usePane() as DemoPane;
  beforeAll(async () => {
    env.dir = tempDir();
    env.demoPath = join(env.dir, 'demo.xlsx');
    await inputToXlsx(demoWorkbook(), env.demoPath);
  });
  return env;
}

/** The date the browser tests pin the pane's rules to (`?today=`). */
export const TODAY = '2026-10-15';

/** A page as wide as a task pane in Excel, that takes downloads: filePage's default. */
export const PANE_PAGE: BrowserContextOptions = { viewport: { width: 420, height: 900 }, acceptDownloads: true };

/**
 * The pane in file mode in a new page (`page`: its options, PANE_PAGE unless given), in `lang`,
 * its today pinned (`query`: more parameters, such as `&sw=off`; `prepare`: listeners and routes
 * set before it loads); waits (bounded) until it is ready.
 */
export async function filePage(
  env: PaneEnv,
  lang: 'zh' | 'en',
  opts: { page?: BrowserContextOptions; today?: string; query?: string; prepare?: (page: Page) => Promise<void> | void } = {},
): Promise<Page> {
  const page = await env.browser.newPage(opts.page ?? PANE_PAGE);
  await opts.prepare?.(page);
  await page.goto(`${env.pane.url}/taskpane.html?mode=file&lang=${lang}&today=${opts.today ?? TODAY}${opts.query ?? ''}`);
  await page.waitForSelector('body[data-ready="file"]', { state: 'attached', timeout: 30_000 });
  return page;
}

/** Opens Settings, types the server's address and `token`, and presses Save (no Test connection). */
export async function saveSettings(page: Page, serverUrl: string, token: string): Promise<void> {
  await page.click('#settings-panel summary');
  await page.fill('#server-url', serverUrl);
  await page.fill('#token', token);
  await page.click('#save-settings');
}

/** Clicks `selector`, waits (bounded) for the status to say `done` (statusAfter) and the pane to be idle; returns the status. */
export async function clickAndWait(page: Page, selector: string, done: RegExp): Promise<string> {
  await page.click(selector);
  const said = await statusAfter(page, done);
  await page.waitForSelector('body:not(.busy)', { state: 'attached', timeout: 30_000 });
  return said;
}

/** Presses `button` (Download unless given) and saves the file the page gives (bounded) at `path`. */
export async function downloadTo(page: Page, path: string, button = '#download'): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click(button)]);
  await download.saveAs(path);
  return download;
}

/** Presses Fill all and waits (bounded) until the status says what it wrote; returns the status. */
export async function fillAllInPane(page: Page): Promise<string> {
  await page.click('#fill-all');
  return statusAfter(page, /Wrote \d+ cells/);
}

/** Presses Check and waits (bounded) until the list shows an issue and the pane is idle again. */
export async function checkInPane(page: Page): Promise<void> {
  await page.click('#check');
  await page.locator('button.issue').first().waitFor({ timeout: 15_000 });
  await page.waitForSelector('body:not(.busy)', { state: 'attached', timeout: 15_000 });
}

/**
 * Waits (bounded) until the status line matches `done` or says something went wrong; returns it.
 * On a timeout it fails with what the status line said.
 */
export async function statusAfter(page: Page, done: RegExp, timeout = 60_000): Promise<string> {
  try {
    await page.waitForFunction(
      ([src, flags]) => new RegExp(src, flags).test(document.getElementById('status')?.textContent ?? ''),
      [`${done.source}|not finished|went wrong|出错|未完成`, done.flags],
      { timeout },
    );
  } catch (e) {
    throw new Error(`status never matched ${done} (it said: ${await page.textContent('#status')}): ${(e as Error).message}`);
  }
  return (await page.textContent('#status')) ?? '';
}

/** Opens a workbook through the file picker and waits (bounded) until the status names it. */
export async function openFileInPane(page: Page, path: string, timeout = 15_000): Promise<void> {
  const name = path.split(/[\\/]/).pop()!;
  await page.setInputFiles('#file-input', path);
  await page.waitForFunction((n) => document.getElementById('status')?.textContent?.includes(n), name, { timeout });
}

let hostBundle: Promise<string> | null = null;

/**
 * A script that stands for Office.js in Excel at `cfg.apiVersion` (tests/e2e/fake-office-host.ts
 * bundled for the browser, after its configuration): served in place of office.js, the pane runs
 * in office mode against tests/addin/fake-excel.ts at that profile.
 */
export async function fakeOfficeHostScript(cfg: FakeHostConfig): Promise<string> {
  hostBundle ??= build({
    entryPoints: [join(__dirname, 'fake-office-host.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return `window.__fakeHost = ${JSON.stringify(cfg)};\n${await hostBundle}`;
}

/** A WorkbookInput as the fake host's sheets: rows from A1, each sheet's origin kept. */
export function hostSheets(input: WorkbookInput): FakeHostConfig['sheets'] {
  return input.sheets.map((s) => {
    const o = s.origin ?? { row: 1, col: 1 };
    const rows: (string | number | boolean)[][] = [];
    for (let r = 1; r < o.row; r++) rows.push([]);
    for (const row of s.values)
      rows.push([...Array(o.col - 1).fill(''), ...row.map((v) => (v === null || v === undefined ? '' : (v as string | number | boolean)))]);
    return { name: s.name, rows };
  });
}

type FilePortInPage = { toBytes(o?: { marks?: boolean }): Promise<Uint8Array>; reload(b: Uint8Array): Promise<void> };

/** The bytes of the workbook open in the page (file mode), as a download gives them (`marks`: with marks). */
export async function pageBytes(page: Page, marks = false): Promise<Buffer> {
  const b64 = await page.evaluate(async (m) => {
    const port = (window as unknown as { __jiedui: { port: FilePortInPage } }).__jiedui.port;
    const bytes = await port.toBytes({ marks: m });
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, marks);
  return Buffer.from(b64, 'base64');
}

/** The workbook open in the page as ExcelJS reads its bytes. */
export async function pageWorkbook(page: Page, marks = false): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const b = await pageBytes(page, marks);
  await wb.xlsx.load(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  return wb;
}

/**
 * Edits the workbook open in the page as a person would in Excel: its bytes taken out, edited with
 * ExcelJS here, and given back to the page (FilePort.reload), the pane's state kept.
 */
export async function editPageWorkbook(page: Page, edit: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = await pageWorkbook(page);
  edit(wb);
  const b64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  await page.evaluate(async (data) => {
    const port = (window as unknown as { __jiedui: { port: FilePortInPage } }).__jiedui.port;
    const bin = atob(data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    await port.reload(bytes);
  }, b64);
}
