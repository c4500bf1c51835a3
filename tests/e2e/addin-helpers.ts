/** Shared by the add-in's browser tests: build and serve the pane, launch Chromium, make workbooks. */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { WorkbookInput } from '../../core/types';
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
  sizes: { paneGzipBytes: number; fileModeGzipBytes: number; officeJs?: 'local' | 'cdn'; precacheBytes?: number; panePackages?: string[]; lazyPackages?: string[] };
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
