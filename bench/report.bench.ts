/**
 * `npm run bench -- report`: the term report (.docx) for the demo workbook and for a workbook of
 * 5,000 teachers, and the county report for 2,000 schools. Each is timed against the work it cannot
 * do without in the same run: the school's report against the check of the workbook (which it needs
 * for its problems), the county report against building its model. Median of several runs; the
 * size is the .docx's bytes.
 */
import { checkWorkbook } from '../core/check';
import { demoWorkbook } from '../core/demo';
import { countyReportModel, type CountyReportInput } from '../core/report/county';
import { reportModel } from '../core/report/model';
import type { WorkbookInput } from '../core/types';
import { countyDocx } from '../report/county-docx';
import { reportDocx } from '../report/docx';
import { bigWorkbook } from '../tests/addin/big-workbook';
import type { BenchResult } from './run';
import { cappedModel, workerdRows } from './report-workerd';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TODAY = '2026-12-01';

async function median(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function school(name: string, input: WorkbookInput, runs: number): Promise<BenchResult['rows'][number]> {
  const checkMs = await median(runs, () => checkWorkbook(input, { today: TODAY }));
  let bytes = 0;
  let sections = '';
  const reportMs = await median(runs, async () => {
    const { read, issues } = checkWorkbook(input, { today: TODAY });
    const m = reportModel(read, issues, { today: TODAY });
    sections = `${m.months.reduce((n, x) => n + x.activities.length, 0)} activities, ${m.pairings.length} pairings, ${m.assessment.assessed} assessed, ${m.problems.length} problems`;
    bytes = (await reportDocx(m)).byteLength;
  });
  return {
    workbook: name,
    contents: sections,
    'check ms': Math.round(checkMs),
    'check + report ms': Math.round(reportMs),
    'report / check': +(reportMs / checkMs).toFixed(2),
    'docx KB': +(bytes / 1024).toFixed(1),
  };
}

/** 2,000 schools in 40 towns, a quarter of each state, figures that vary. */
function county(n: number): CountyReportInput {
  const states = ['not_submitted', 'submitted', 'returned', 'approved'] as const;
  const fig = (i: number, name: string) => ({
    name,
    partnerships: i % 3,
    pairings: i % 17,
    activities: i % 23,
    rotation_teachers: i % 4,
    donations_yuan: (i % 7) * 1000,
    assessed: i % 19,
    passed: i % 11,
    warnings: i % 5,
  });
  return {
    lang: 'zh',
    county: { code: 'CTY01', name: '示范县' },
    term: '2026-2027-1',
    date: TODAY,
    towns: Array.from({ length: 40 }, (_, i) => fig(i * 50, `乡镇${i + 1}`)),
    schools: Array.from({ length: n }, (_, i) => ({
      ...fig(i, `学校${i + 1}`),
      code: `S${String(i + 1).padStart(5, '0')}`,
      town: `乡镇${(i % 40) + 1}`,
      state: states[i % 4],
    })),
    gaps: ['schedule.month_short', 'pairing.mentor_ineligible', 'assessment.failed', 'support.rotation_short'].map((code, i) => ({
      code,
      schools: 500 - i * 100,
      count: 2000 - i * 300,
    })),
  };
}

export async function run(): Promise<BenchResult> {
  const big = { sheets: bigWorkbook(5000).map((s) => ({ name: s.name, values: s.rows })) };
  // REPORT_NODE=0 leaves out the figures in Node (only the workerd ones).
  const node = process.env.REPORT_NODE !== '0';
  const rows: BenchResult['rows'] = node ? [await school('demo', demoWorkbook(), 9), await school('5,000 teachers', big, 3)] : [];
  const input = county(2000);
  const modelMs = node ? await median(5, () => countyReportModel(input)) : 0;
  let bytes = 0;
  const docxMs = !node
    ? 0
    : await median(5, async () => {
        bytes = (await countyDocx(countyReportModel(input))).byteLength;
      });
  if (node)
    rows.push({
      workbook: 'county report',
      contents: '2,000 schools, 40 towns',
      'check ms': '',
      'check + report ms': Math.round(docxMs),
      'report / check': `${(docxMs / modelMs).toFixed(0)}× its model`,
      'docx KB': +(bytes / 1024).toFixed(1),
    });
  // A Worker has 128 MB: each report's .docx rendered in a Node held to a 128 MB heap.
  if (node) {
    const { read, issues } = checkWorkbook(big, { today: TODAY });
    const m = reportModel(read, issues, { today: TODAY });
    const dir = mkdtempSync(join(tmpdir(), 'jiedui-bench-heap-'));
    try {
      for (const [name, model] of [
        ['5,000 teachers', m],
        ['every section at its cap', cappedModel(m)],
      ] as const) {
        const file = join(dir, 'model.json');
        writeFileSync(file, JSON.stringify(model));
        let said: string;
        try {
          const out = execFileSync(
            process.execPath,
            ['--max-old-space-size=128', '--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'report-heap.ts'), file],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
          );
          const r = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; bytes: number };
          said = `rendered in ${r.ms} ms, ${(r.bytes / 1024).toFixed(1)} KB`;
        } catch (e) {
          said = /heap out of memory|Allocation failed/.test(String((e as { stderr?: string }).stderr))
            ? 'OUT OF MEMORY'
            : `failed: ${String(e).slice(0, 120)}`;
        }
        rows.push({
          workbook: `128 MB heap: ${name}`,
          contents: 'report .docx from its model',
          'check ms': '',
          'check + report ms': said,
          'report / check': '',
          'docx KB': '',
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // The same inside workerd, through the routes (REPORT_WORKERD=0 leaves it out; REPORT_SCHOOLS sizes the county).
  if (process.env.REPORT_WORKERD !== '0') rows.push(...(await workerdRows(big, Number(process.env.REPORT_SCHOOLS ?? 2000), 3)));
  return {
    title: 'Term report and county report (.docx with the docx package)',
    rows,
    notes: [
      "report / check: the school's report (check, model, .docx) over the check it needs anyway, same run",
      'county report: its model and .docx from figures given (the D1 queries of GET /reports/county.docx are not in this figure)',
      "workerd rows: the routes through a local wrangler dev and its local D1, median of 3, wall time seen by the client (an upper bound of the Worker's CPU time); the last column is that time over Workers' default CPU limit of 30 s a request",
    ],
  };
}
