/**
 * `npm run bench -- fill`: `jiedui fill` as a patch of the package (streaming read, the core's fill,
 * the written parts edited and every other part copied as stored) against today's former way, the
 * whole workbook loaded into ExcelJS, filled and written again. On the 115,000-row bench workbook
 * and on a small school workbook (the demo). Each way runs in a child process of its own, so its
 * peak memory is its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run';

const TODAY = '2026-11-20';

interface ChildResult {
  ms: number;
  /** For the patch: reading (streamed), the core's fill, writing the package. */
  phases?: { readMs: number; fillMs: number; writeMs: number };
  written: number;
  peakRssMb: number;
}

type Mode = 'patch' | 'exceljs' | 'page' | 'page-exceljs';
const MODES: Mode[] = ['patch', 'exceljs', 'page', 'page-exceljs'];

/** In the child: fill `path` into `out` one way, report the time and the peak resident memory. */
async function child(mode: Mode, path: string, out: string): Promise<ChildResult> {
  const { fillAll } = await import('../core/fill');
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let t0 = performance.now();
  let written: number;
  let phases: ChildResult['phases'];
  if (mode === 'patch') {
    const { streamToInput } = await import('../xlsx/node-files');
    const { fillPackage } = await import('../xlsx/node-files');
    const input = await streamToInput(path);
    const t1 = performance.now();
    const fill = fillAll(input, { today: TODAY });
    const t2 = performance.now();
    written = (await fillPackage(path, out, fill, input.sheets)).written;
    phases = { readMs: t1 - t0, fillMs: t2 - t1, writeMs: performance.now() - t2 };
  } else if (mode === 'page') {
    // the page's file mode: the file's bytes, as the browser gives them, read and patched in memory
    const { FilePort } = await import('../addin/src/file-port');
    // the page loads its code once; what is timed is opening, filling and writing the file
    t0 = performance.now();
    const port = await FilePort.open(new Uint8Array(readFileSync(path)), 'demo.xlsx', 'zh');
    const input = await port.readSheets();
    const t1 = performance.now();
    const fill = fillAll(input, { today: TODAY });
    const t2 = performance.now();
    written = (await port.applyWrites(fill)).cellsWritten;
    writeFileSync(out, await port.toBytes());
    phases = { readMs: t1 - t0, fillMs: t2 - t1, writeMs: performance.now() - t2 };
  } else if (mode === 'page-exceljs') {
    // the page's former FilePort, as it was before issue 19: ExcelJS holds the workbook
    const ExcelJS = (await import('exceljs')).default;
    const { workbookToInput } = await import('../xlsx/to-input');
    const { applyFill } = await import('../xlsx/apply');
    t0 = performance.now();
    const wb = new ExcelJS.Workbook();
    const data = readFileSync(path);
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    written = applyFill(wb, fillAll(workbookToInput(wb), { today: TODAY })).written;
    writeFileSync(out, new Uint8Array(await wb.xlsx.writeBuffer()));
  } else {
    const ExcelJS = (await import('exceljs')).default;
    const { workbookToInput } = await import('../xlsx/to-input');
    const { applyFill } = await import('../xlsx/apply');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    written = applyFill(wb, fillAll(workbookToInput(wb), { today: TODAY })).written;
    writeFileSync(out, new Uint8Array(await wb.xlsx.writeBuffer()));
  }
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, written, peakRssMb: peak / 2 ** 20, phases };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jiedui-bench-fill-'));
  try {
    const { writeBig } = await import('./validate.bench');
    const big = join(dir, 'big.xlsx');
    const rows = await writeBig(big);
    const { buildTemplate } = await import('../xlsx/build-template');
    const { DEMO_PROGRAM, DEMO_ROWS } = await import('../core/demo');
    const small = join(dir, 'demo.xlsx');
    writeFileSync(small, new Uint8Array(await buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM }).xlsx.writeBuffer()));
    const self = fileURLToPath(import.meta.url);
    const measure = (mode: Mode, file: string): ChildResult =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', self, mode, file, join(dir, `${mode}-${Date.now()}.xlsx`)], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
          timeout: 600_000,
        })
          .trim()
          .split('\n')
          .pop()!,
      );
    const out: BenchResult['rows'] = [];
    const notes: string[] = [];
    for (const [label, file] of [
      [`${rows.toLocaleString('en')}-row bench workbook`, big],
      ['small school workbook (the demo)', small],
    ] as const) {
      const patch = measure('patch', file);
      const whole = measure('exceljs', file);
      const row = (how: string, r: ChildResult) => ({
        workbook: label,
        how,
        'file MB': (statSync(file).size / 2 ** 20).toFixed(2),
        'fill s': (r.ms / 1000).toFixed(2),
        'peak rss MB': Math.round(r.peakRssMb),
        cells: r.written,
      });
      out.push(row('patch of the package (what fill does)', patch), row('ExcelJS load, fill, write (before)', whole));
      notes.push(
        `${label}: patch / whole workbook: time ${(patch.ms / whole.ms).toFixed(2)}x, peak memory ${(patch.peakRssMb / whole.peakRssMb).toFixed(2)}x`,
      );
      const ph = patch.phases!;
      notes.push(
        `${label}, the patch: read ${(ph.readMs / 1000).toFixed(2)} s, core fill ${(ph.fillMs / 1000).toFixed(2)} s, package written ${(ph.writeMs / 1000).toFixed(2)} s`,
      );
    }
    // the page's file mode, on the demo
    const page = measure('page', small);
    const pageOld = measure('page-exceljs', small);
    const label = 'small school workbook (the demo), file mode';
    const row = (how: string, r: ChildResult) => ({
      workbook: label,
      how,
      'file MB': (statSync(small).size / 2 ** 20).toFixed(2),
      'fill s': (r.ms / 1000).toFixed(2),
      'peak rss MB': Math.round(r.peakRssMb),
      cells: r.written,
    });
    out.push(row('FilePort: patch of the package in memory (the page now)', page), row('FilePort on ExcelJS (the page before)', pageOld));
    notes.push(
      `${label}: patch / ExcelJS: time ${(page.ms / pageOld.ms).toFixed(2)}x, peak memory ${(page.peakRssMb / pageOld.peakRssMb).toFixed(2)}x`,
    );
    const pp = page.phases!;
    notes.push(
      `${label}, the patch: read ${(pp.readMs / 1000).toFixed(2)} s, core fill ${(pp.fillMs / 1000).toFixed(2)} s, package written ${(pp.writeMs / 1000).toFixed(2)} s`,
    );
    return {
      title: "jiedui fill and the page's file mode: a patch of the package vs the whole workbook through ExcelJS",
      rows: out,
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a child: `node --import tsx bench/fill.bench.ts patch|exceljs|page|page-exceljs FILE OUT`.
if (process.argv[1] === fileURLToPath(import.meta.url) && MODES.includes(process.argv[2] as Mode)) {
  console.log(JSON.stringify(await child(process.argv[2] as Mode, process.argv[3], process.argv[4])));
}
