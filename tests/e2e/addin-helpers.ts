/** Shared by the add-in's browser tests: build and serve the pane, launch Chromium, make workbooks. */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import type { WorkbookInput } from '../../core/types';
import type { FakeHostConfig } from './fake-office-host';
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
 * The setup the file-mode browser tests share: the demo workbook written as demo.xlsx in a
 * temporary folder, the pane built and served, Chromium launched; all closed after the file's
 * tests. The fields are set once beforeAll has run.
 */
export interface DemoPane {
  pane: ServedPane;
  browser: Browser;
  dir: string;
  demoPath: string;
}

export function useDemoPane(): DemoPane {
  const env = {} as DemoPane;
  beforeAll(async () => {
    env.dir = tempDir();
    env.demoPath = join(env.dir, 'demo.xlsx');
    await inputToXlsx(demoWorkbook(), env.demoPath);
    env.pane = await servePane();
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.pane?.close();
  });
  return env;
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
