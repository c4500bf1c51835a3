/**
 * The report routes inside workerd (a local `wrangler dev` on a temporary local D1, started and
 * stopped here), for bench/report.bench.ts: a school of 5,000 teachers (the bench's big workbook,
 * synced as the pane sends it) submits its report and the bureau renders it
 * (GET /reports/:term/:school/report.docx), and the county report of 2,000 schools in 40 towns (a
 * quarter in each report state, a few open issues each, seeded straight into the local D1). The
 * figures are wall time seen by the client: an upper bound of the Worker's CPU time, which
 * Cloudflare limits to 30 s a request by default (wrangler `limits.cpu_ms`, up to 300,000).
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWorkbook } from '../core/check';
import type { WorkbookInput } from '../core/types';
import { MAX_PROBLEMS, MAX_SECTION_ROWS, reportModel, type ReportModel } from '../core/report/model';
import { localRows, type SyncRowOut } from '../addin/src/sync-client';
import { chunkRows, syncBody } from '../addin/src/sync-batches';
import { applyLocalMigrations, freePort, startWorker } from '../scripts/worker-local.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN = 'bench-admin-token';
const TERM = '2026-2027-1';

async function call(url: string, method: string, token: string, body?: unknown): Promise<{ ms: number; bytes: number; text: string }> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    let res: Response;
    try {
      res = await fetch(url, {
        signal: AbortSignal.timeout(240_000),
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      // wrangler dev drops a connection now and then under load; every call here may be repeated.
      if (attempt < 3) continue;
      throw e;
    }
    const buf = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - t0;
    if (process.env.BENCH_TRACE)
      console.error(`${method} ${url.replace(/^https?:\/\/[^/]+/, '')}: ${res.status} in ${Math.round(ms)} ms, ${buf.byteLength} bytes`);
    if (res.status === 503 && attempt < 5) continue;
    const text = res.headers.get('content-type')?.includes('json') ? new TextDecoder().decode(buf) : '';
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return { ms, bytes: buf.byteLength, text };
  }
}

/** 2,000 schools of county CTY02 in 40 towns, a quarter in each report state, 2 open issue codes each. */
function countySql(n: number): string {
  const states = [null, 'submitted', 'returned', 'approved'];
  const codes = ['schedule.no_evidence', 'schedule.lead_teacher_missing', 'assessment.not_paired', 'support.rotation_short'];
  const lines = ["INSERT INTO counties (code, name, updated_at, updated_by) VALUES ('CTY02', '大县', '2026-09-01T00:00:00Z', 'bench');"];
  for (let i = 0; i < n; i++) {
    const code = `S${String(i).padStart(5, '0')}`;
    lines.push(
      `INSERT INTO schools (code, name, county, town, level, created_at) VALUES ('${code}', '学校${i}', 'CTY02', '乡镇${i % 40}', 'primary', '2026-09-01T00:00:00Z');`,
    );
    lines.push(`INSERT INTO school_state (school, revision) VALUES ('${code}', 0);`);
    const st = states[i % 4];
    if (st)
      lines.push(
        `INSERT INTO report_state (school, term, state, version, submitted_at) VALUES ('${code}', '${TERM}', '${st}', 1, '2026-11-20T00:00:00Z');`,
      );
    for (const c of [codes[i % 4], codes[(i + 1) % 4]])
      lines.push(
        `INSERT INTO warnings (school, term, code, severity, count) VALUES ('${code}', '${TERM}', '${c}', 'warning', ${1 + (i % 3)});`,
      );
  }
  return lines.join('\n');
}

/**
 * The largest report a version can hold: every section at its cap (MAX_SECTION_ROWS activities,
 * pairings, assessments, rotations and donations; MAX_PROBLEMS problems), from a real model.
 */
export function cappedModel(m: ReportModel): ReportModel {
  const n = MAX_SECTION_ROWS;
  const day = (i: number) => `2026-${String(9 + (i % 4)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const activities = Array.from({ length: n }, (_, i) => ({
    date: day(i),
    type: '示范课',
    theme: `示范课第${i}讲：阅读教学`,
    host: '国河中心小学（GH01）',
    guest: '湾头小学（WT01）',
    lead: `教师${i}（T${i}）`,
    teachers: 10,
    students: 40,
    status: '已完成',
  }));
  activities.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const months: ReportModel['months'] = [];
  for (const a of activities) {
    if (months.at(-1)?.month !== a.date.slice(0, 7)) months.push({ month: a.date.slice(0, 7), activities: [] });
    months.at(-1)!.activities.push(a);
  }
  return {
    ...m,
    months,
    pairings: Array.from({ length: n }, (_, i) => ({ mentor: `教师${i}（T${i}）`, mentee: `教师${n + i}（T${n + i}）`, subject: '语文' })),
    assessment: {
      assessed: n,
      passed: n / 2,
      failed: n / 2,
      rows: Array.from({ length: n }, (_, i) => ({
        teacher: `教师${i}（T${i}）`,
        role: '新教师',
        score: 80 + (i % 20),
        passed: i % 2 === 0,
        missing: i % 2 ? '听课 2 节、说课 1 节' : '',
      })),
    },
    rotation: {
      teachers: n,
      rows: Array.from({ length: n }, (_, i) => ({
        teacher: `教师${i}（T${i}）`,
        from: '国河中心小学（GH01）',
        to: '湾头小学（WT01）',
        start: '2026-09-01',
        end: '2027-01-15',
      })),
    },
    donations: {
      amount: n * 1000,
      beneficiaries: n * 10,
      rows: Array.from({ length: n }, (_, i) => ({
        kind: '捐赠',
        from: '国河中心小学（GH01）',
        to: '湾头小学（WT01）',
        items: `图书 ${i} 册`,
        amount: 1000,
        beneficiaries: 10,
      })),
    },
    problems: Array.from({ length: MAX_PROBLEMS }, (_, i) => `「考核」第 ${i + 2} 行：教师「T${i}」不在任何结对中`),
  };
}

/** SQL that puts a submitted version of school CAP1 (county CTY01) holding `m` straight into D1. */
function cappedSql(m: ReportModel): string {
  const gz = gzipSync(Buffer.from(JSON.stringify({ model: m })));
  // A statement stays under SQLite's length limit: the blob goes in 40 KB at a time.
  const parts: string[] = [];
  for (let at = 0; at < gz.length; at += 40_000) parts.push(gz.subarray(at, at + 40_000).toString('hex'));
  return [
    "INSERT INTO schools (code, name, county, town, level, created_at) VALUES ('CAP1', '满额学校', 'CTY01', '国河镇', 'primary', '2026-09-01T00:00:00Z');",
    "INSERT INTO school_state (school, revision) VALUES ('CAP1', 1);",
    `INSERT INTO report_versions (school, term, version, revision, submitted_at, submitted_by, lang, figures, open_warnings, snapshot_gz) VALUES ('CAP1', '${TERM}', 1, 1, '2026-11-20T00:00:00Z', 'bench', 'zh', '[]', ${MAX_PROBLEMS}, X'');`,
    ...parts.map((hex) => `UPDATE report_versions SET snapshot_gz = CAST(snapshot_gz || X'${hex}' AS BLOB) WHERE school = 'CAP1';`),
    `INSERT INTO report_state (school, term, state, version, submitted_at) VALUES ('CAP1', '${TERM}', 'submitted', 1, '2026-11-20T00:00:00Z');`,
  ].join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function workerdRows(big: WorkbookInput, schools: number, runs: number) {
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-bench-report-'));
  await applyLocalMigrations({ persistTo });
  const sqlFile = join(persistTo, 'county.sql');
  const { read: bigRead, issues: bigIssues } = checkWorkbook(big, { today: '2026-12-01' });
  const capped = cappedModel(reportModel(bigRead, bigIssues, { today: '2026-12-01' }));
  writeFileSync(sqlFile, `${countySql(schools)}\n${cappedSql(capped)}`);
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'wrangler'),
    ['d1', 'execute', 'DB', '--local', '--config', join(ROOT, 'worker', 'wrangler.jsonc'), '--persist-to', persistTo, '--file', sqlFile],
    { stdio: 'pipe' },
  );
  const worker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
  const out: Record<string, string | number>[] = [];
  try {
    const api = (p: string) => `${worker.url}${p}`;
    await call(api('/api/v1/schools'), 'POST', ADMIN, {
      code: 'GH01',
      name: '国河中心小学',
      county: 'CTY01',
      town: '国河镇',
      level: 'primary',
    });
    const school = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'school', school: 'GH01' })).text).token as string;
    const bureau = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'bureau', county: 'CTY01' })).text).token as string;
    const bureau2 = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'bureau', county: 'CTY02' })).text)
      .token as string;

    const rows: SyncRowOut[] = [...localRows(bigRead, bigIssues).rows.values()].map((r) => ({
      table: r.table,
      id: r.id,
      base_version: 0,
      values: r.values,
    }));
    let syncMs = 0;
    let k = 0;
    for (const chunk of chunkRows(rows))
      syncMs += (await call(api('/api/v1/sync'), 'POST', school, syncBody(`bench-report-${++k}`, TERM, chunk, 'GH01'))).ms;
    // A route of a few small queries: what a request costs with no work of its own.
    const statusMs: number[] = [];
    for (let i = 0; i < runs; i++) statusMs.push((await call(api(`/api/v1/reports/${TERM}`), 'GET', school)).ms);
    const status = median(statusMs);
    const submits: number[] = [];
    for (let i = 0; i < runs; i++) submits.push((await call(api(`/api/v1/reports/${TERM}/submit`), 'POST', school, { lang: 'zh' })).ms);
    const issuesMs: number[] = [];
    for (let i = 0; i < runs; i++) issuesMs.push((await call(api(`/api/v1/reports/${TERM}/GH01/issues`), 'GET', bureau)).ms);
    const docs: number[] = [];
    let docBytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await call(api(`/api/v1/reports/${TERM}/GH01/report.docx`), 'GET', bureau);
      docs.push(r.ms);
      docBytes = r.bytes;
    }
    const caps: number[] = [];
    let capBytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await call(api(`/api/v1/reports/${TERM}/CAP1/report.docx`), 'GET', bureau);
      caps.push(r.ms);
      capBytes = r.bytes;
    }
    const county: number[] = [];
    let countyBytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await call(api(`/api/v1/reports/county.docx?term=${TERM}`), 'GET', bureau2);
      county.push(r.ms);
      countyBytes = r.bytes;
    }
    const list: number[] = [];
    for (let i = 0; i < runs; i++) list.push((await call(api(`/api/v1/reports?term=${TERM}`), 'GET', bureau2)).ms);
    const row = (what: string, contents: string, ms: number, bytes?: number) => ({
      workbook: `workerd: ${what}`,
      contents,
      'check ms': '',
      'check + report ms': Math.round(ms),
      'report / check': `${((ms / 30_000) * 100).toFixed(1)}% of 30 s`,
      'docx KB': bytes === undefined ? '' : +(bytes / 1024).toFixed(1),
    });
    out.push({ ...row('sync (all chunks)', `${rows.length} rows, ${k} requests`, syncMs), 'report / check': `the sum of ${k} requests` });
    out.push(row('GET /reports/:term (status)', 'the school', status));
    out.push(row('POST …/submit', '5,000 teachers: check, model, gzip', median(submits)));
    out.push(row('GET …/:school/issues', '5,000 teachers: check', median(issuesMs)));
    out.push(row('GET …/:school/report.docx', '5,000 teachers: unpack, .docx', median(docs), docBytes));
    out.push(
      row(
        'GET …/:school/report.docx',
        `every section at its cap: ${MAX_SECTION_ROWS} rows × 5, ${MAX_PROBLEMS} problems`,
        median(caps),
        capBytes,
      ),
    );
    out.push(row('GET /reports/county.docx', `${schools} schools, 40 towns: totals, .docx`, median(county), countyBytes));
    out.push(row('GET /reports (list)', `${schools} schools`, median(list)));
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
  return out;
}
