/**
 * The browser side of the pane-in-a-fake-Excel tests: bundled for Chromium (fakeOfficeHostScript)
 * and served in place of office.js, it stands for Excel at one requirement-set profile. It sets
 * `window.Office` (onReady resolving with host Excel, requirements.isSetSupported answering by the
 * profile, the document's settings) and `window.Excel.run` over tests/addin/fake-excel.ts, which
 * throws ApiNotFound for any member above the profile, as Excel does. The test reads the workbook
 * back through `window.__fakeExcel`.
 *
 * Its configuration comes before the bundle, as `window.__fakeHost` (see fakeOfficeHostScript).
 */
import { FakeExcel } from '../addin/fake-excel';

export interface FakeHostConfig {
  /** The highest ExcelApi version the host has (1.1 Excel 2016 … 1.20 Microsoft 365). */
  apiVersion: string;
  /** Office.context.displayLanguage. */
  displayLanguage: string;
  /** The workbook's sheets: rows of cells from A1. */
  sheets: { name: string; rows: (string | number | boolean)[][] }[];
}

interface HostWindow {
  __fakeHost?: FakeHostConfig;
  __fakeExcel?: FakeExcel;
  Office?: unknown;
  Excel?: unknown;
}

const w = globalThis as unknown as HostWindow;
const cfg: FakeHostConfig = w.__fakeHost ?? { apiVersion: '1.20', displayLanguage: 'en-US', sheets: [] };
const xl = new FakeExcel({ apiVersion: cfg.apiVersion });
for (const s of cfg.sheets) xl.addSheet(s.name, s.rows);
if (cfg.sheets.length === 0) xl.addSheet('Sheet1');
const runner = xl.runner();
w.__fakeExcel = xl;

const SUCCEEDED = 'succeeded';
w.Office = {
  HostType: { Excel: 'Excel', Word: 'Word' },
  AsyncResultStatus: { Succeeded: SUCCEEDED, Failed: 'failed' },
  context: {
    displayLanguage: cfg.displayLanguage,
    requirements: { isSetSupported: (name: string, version?: string) => xl.isSetSupported(name, version) },
    document: {
      settings: {
        get: (n: string) => runner.documentSettings.get(n),
        set: (n: string, v: unknown) => runner.documentSettings.set(n, v),
        remove: (n: string) => xl.settings.delete(n),
        saveAsync: (cb?: (r: { status: string }) => void) => cb?.({ status: SUCCEEDED }),
      },
    },
  },
  onReady: (cb?: (info: { host: string; platform: string }) => void) => {
    const info = { host: 'Excel', platform: 'PC' };
    cb?.(info);
    return Promise.resolve(info);
  },
};

type Batch = (ctx: unknown) => Promise<unknown>;
w.Excel = {
  /** Excel.run(batch), Excel.run(options, batch) or Excel.run(context, batch), as Office.js has them. */
  run: (a: Batch | Record<string, unknown>, b?: Batch) => {
    if (typeof a === 'function') return runner.run(a);
    if ('workbook' in a) return runner.resume(a, b!);
    const opts = a as { delayForCellEdit?: boolean; mergeUndoGroup?: boolean };
    return runner.run(async (ctx: { use(member: string): void }) => {
      // A run option above the profile is refused as the member it is.
      if (opts.delayForCellEdit) ctx.use('RunOptions.delayForCellEdit');
      return b!(ctx);
    }, opts);
  },
};
