/**
 * `npm run bench -- validate`: `jiedui validate` on a large .xlsx, the way the CLI does it (ExcelJS's
 * streaming reader, then the core's check), against loading the whole workbook with ExcelJS first.
 * Each way runs in a child process of its own, so its peak memory is its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { BenchResult } from './run';
import { TODAY } from './check.bench';

interface ChildResult {
  readMs: number;
  checkMs: number;
  issues: number;
  peakRssMb: number;
}

/** In the child: read the file one way, check it, report times and the peak resident memory. */
async function child(mode: 'stream' | 'full', path: string): Promise<ChildResult> {
  const { checkWorkbook } = await import('../core/check');
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  let input;
  if (mode === 'stream') {
    const { streamToInput } = await import('../xlsx/node-files');
    input = await streamToInput(path);
  } else {
    const { workbookToInput } = await import('../xlsx/to-input');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    input = workbookToInput(wb);
  }
  const t1 = performance.now();
  const { issues } = checkWorkbook(input, { today: TODAY });
  const t2 = performance.now();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { readMs: t1 - t0, checkMs: t2 - t1, issues: issues.length, peakRssMb: peak / 2 ** 20 };
}

export async function writeBig(path: string): Promise<number> {
  const { bigWorkbook } = await import('./check.bench');
  const input = bigWorkbook();
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  let rows = 0;
  for (const s of input.sheets) {
    const ws = writer.addWorksheet(s.name);
    for (const r of s.values) {
      ws.addRow(r.map((v) => (v === null || v === undefined ? null : v))).commit();
      rows++;
    }
    ws.commit();
  }
  await writer.commit();
  return rows;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jiedui-bench-validate-'));
  const file = join(dir, 'big.xlsx');
  try {
    const rows = await writeBig(file);
    const size = statSync(file).size / 2 ** 20;
    const self = fileURLToPath(import.meta.url);
    const measure = (mode: 'stream' | 'full'): ChildResult =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', self, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 300_000 })
          .trim()
          .split('\n')
          .pop()!,
      );
    const stream = measure('stream');
    const full = measure('full');
    const row = (label: string, r: ChildResult) => ({
      how: label,
      rows,
      'file MB': size.toFixed(1),
      'read s': (r.readMs / 1000).toFixed(2),
      'check s': (r.checkMs / 1000).toFixed(2),
      'total s': ((r.readMs + r.checkMs) / 1000).toFixed(2),
      'peak rss MB': Math.round(r.peakRssMb),
      issues: r.issues,
    });
    return {
      title: `jiedui validate on a ${rows.toLocaleString('en')}-row .xlsx: streaming read vs whole-workbook load`,
      rows: [row('streaming (what validate does)', stream), row('ExcelJS readFile, whole workbook', full)],
      notes: [
        `streaming / whole workbook: time ${((stream.readMs + stream.checkMs) / (full.readMs + full.checkMs)).toFixed(2)}x, peak memory ${(stream.peakRssMb / full.peakRssMb).toFixed(2)}x`,
        'both ways find the same issues (the issues column); parsing the file, not checking it, is most of the time',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a child: `node --import tsx bench/validate.bench.ts stream|full FILE`.
if (process.argv[1] === fileURLToPath(import.meta.url) && (process.argv[2] === 'stream' || process.argv[2] === 'full')) {
  console.log(JSON.stringify(await child(process.argv[2], process.argv[3])));
}
