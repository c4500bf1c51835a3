/**
 * `npm run bench -- totals`: the bureau's reads at county scale, against a local `wrangler dev` on
 * a temporary local D1 (started, restarted and stopped here), seeded through the HTTP API as
 * schools sync: a county of TOTALS_SCHOOLS schools (default 2,000) × ~410 rows (150 teachers, 50
 * pairings, 100 activities, 100 assessments, 10 support rows, a partnership; every school numbers
 * its teachers T0, T1, …; each lists 5 partner teachers, who its partner lists too). Seeding stops
 * at TOTALS_SEED_SECONDS (default 600) if it has not reached the size, and the figures say where.
 *
 * At each size of TOTALS_SIZES (default 250,1000,2000; those reached): totals by school, town and
 * county, JSON and CSV, and the compliance list, TOTALS_READS reads each (default 20): p50 and p95;
 * at the last size also the first call of each after a restart, and the admin's all-county totals
 * over 10 counties. Sync cost as the county fills: p95 of a school's first sync and of a 10-row edit
 * near an empty database and near the full one. Stored bytes per row: the SQLite file over the rows.
 */
import { readdirSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run';
import { applyLocalMigrations, freePort, startWorker, type RunningWorker } from '../scripts/worker-local.mjs';

const ADMIN = 'bench-admin-token';
const TERM = '2024-2025-1';
const COUNTY = 'CTY00';
const EXTRA_COUNTIES = 9;

const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]) : NaN;
};

/** A request, retried on wrangler's "restarted mid-request" 503; its time in ms. */
async function call(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; text: string; ms: number }> {
  for (let attempt = 0; ; attempt++) {
    const t0 = performance.now();
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status === 503 && attempt < 5) continue;
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, text, ms };
  }
}

const ACT = ['研讨会', '示范课', '公开课', '听课评课', '教研活动'];

/** One school's term: ~410 rows. `partner`: the school it pairs with (it lists 5 of its teachers). */
export function schoolRows(code: string, partner: string, supporting: boolean) {
  const rows: { table: string; id: string; base_version?: number | null; values: Record<string, unknown> }[] = [];
  const [sup, aid] = supporting ? [code, partner] : [partner, code];
  rows.push({ table: 'partnerships', id: 'P1', values: { partnership_id: 'P1', supporting_school_code: sup, aided_school_code: aid, start_date: '2024-09-01', focus: '师资建设' } });
  for (let i = 0; i < 150; i++) {
    rows.push({
      table: 'teachers',
      id: `T${i}`,
      values: { teacher_id: `T${i}`, name: `教师${i}`, school_code: code, subject: '语文', title: '高级', backbone_level: '县级', years_teaching: i < 50 ? 10 : 2, role: i < 50 ? '指导教师' : '新教师' },
    });
  }
  for (let i = 0; i < 5; i++) {
    rows.push({ table: 'teachers', id: `P${i}`, values: { teacher_id: `P${i}`, name: `教师${i}`, school_code: partner, subject: '语文', title: '高级', backbone_level: '县级', years_teaching: 10, role: '指导教师' } });
  }
  for (let i = 0; i < 50; i++) {
    rows.push({ table: 'pairings', id: `M${i}`, values: { pairing_id: `M${i}`, mentor_id: `T${i}`, mentee_id: `T${50 + i}`, subject: '语文', start_date: '2024-09-01' } });
  }
  for (let i = 0; i < 100; i++) {
    const month = 9 + (i % 4);
    const day = 2 + Math.floor(i / 4);
    rows.push({
      table: 'schedule',
      id: `A${i}`,
      values: { activity_id: `A${i}`, date: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, type: ACT[i % ACT.length], teachers: 10, students: 20, status: '已完成', evidence: 'p.jpg', lead_teacher: `T${i % 50}` },
    });
  }
  for (let i = 0; i < 100; i++) {
    rows.push({ table: 'assessment', id: `S${i}`, values: { teacher_id: `T${50 + i}`, term: TERM, classes_attended: 22, practice_lessons: 10, summary_submitted: '是', intro_lessons: 1, report_lessons: 1, lectures: 1, unit_analyses: 1, courseware: 3, papers: 1 } });
  }
  for (let i = 0; i < 10; i++) {
    rows.push({ table: 'support', id: `D${i}`, values: { record_id: `D${i}`, kind: '捐赠', amount: 1000 + i, items: '图书', beneficiaries: 10, from_school: sup, to_school: aid, start_date: `2024-10-${String(10 + i).padStart(2, '0')}` } });
  }
  return rows;
}

function sqliteBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.sqlite(-wal)?$/.test(e.name)) total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

let batchNo = 0;
const batch = (rows: unknown[]) => ({ batch_id: `bench-${Date.now()}-${++batchNo}`, term: TERM, template_version: 1, rows });

export async function run(): Promise<BenchResult> {
  const target = env('TOTALS_SCHOOLS', 2000);
  const sizes = (process.env.TOTALS_SIZES ?? '250,1000,2000').split(',').map(Number).filter((n) => n <= target);
  if (!sizes.includes(target)) sizes.push(target);
  const budgetMs = env('TOTALS_SEED_SECONDS', 600) * 1000;
  const reads = env('TOTALS_READS', 20);
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-bench-totals-'));
  await applyLocalMigrations({ persistTo });
  let worker: RunningWorker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
  const rows: BenchResult['rows'] = [];
  const notes: string[] = [];
  const seedStart = performance.now();
  const firstSyncs: number[] = [];
  const editTimes = new Map<string, number[]>();
  try {
    const api = (path: string) => `${worker.url}${path}`;
    const bureau = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'bureau', county: COUNTY })).text).token as string;
    // The other counties of the admin's all-county totals: a few schools each.
    for (let c = 1; c <= EXTRA_COUNTIES; c++) {
      for (let i = 0; i < 2; i++) {
        const code = `C${c}S${i}`;
        await call(api('/api/v1/schools'), 'POST', ADMIN, { code, name: code, county: `CTY0${c}`, town: `镇${i}`, level: 'primary' });
        const token = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'school', school: code })).text).token;
        await call(api('/api/v1/sync'), 'POST', token, batch(schoolRows(code, `C${c}S${1 - i}`, i === 0)));
      }
    }
    const tokens: string[] = [];
    let seeded = 0;
    const code = (i: number) => `S${String(i).padStart(5, '0')}`;

    /** 10-row edits of one school: a rename of 10 teachers, on their stored versions. */
    /** 20 edits, each of 10 rows of one school (the first schools near empty, the last near full), on their stored versions (1). */
    async function edits(label: string, fromEnd: boolean, n = 20) {
      const out: number[] = [];
      for (let k = 0; k < Math.min(n, seeded); k++) {
        const i = fromEnd ? seeded - 1 - k : k;
        const rs = schoolRows(code(i), code(i ^ 1), i % 2 === 0).filter((r) => r.table === 'teachers').slice(0, 10);
        const changed = rs.map((r) => ({ ...r, base_version: 1, values: { ...r.values, subject: '数学' } }));
        out.push((await call(api('/api/v1/sync'), 'POST', tokens[i], batch(changed))).ms);
      }
      editTimes.set(label, out);
    }

    async function measureReads(size: number) {
      const cases: [string, string, string][] = [];
      for (const g of ['school', 'town', 'county']) for (const f of ['json', 'csv']) cases.push([`totals ${g} ${f}`, `/api/v1/totals?term=${TERM}&group_by=${g}&format=${f}`, bureau]);
      cases.push(['compliance', `/api/v1/compliance?term=${TERM}`, bureau]);
      cases.push([`admin all counties (${EXTRA_COUNTIES + 1}) county json`, `/api/v1/totals?term=${TERM}&group_by=county`, ADMIN]);
      for (const [label, path, token] of cases) {
        const ms: number[] = [];
        let bytes = 0;
        for (let k = 0; k < reads; k++) {
          const r = await call(api(path), 'GET', token);
          ms.push(r.ms);
          bytes = r.text.length;
        }
        rows.push({ schools: size, rows: size * 416, read: label, p50_ms: pct(ms, 50), p95_ms: pct(ms, 95), answer_KB: Math.round(bytes / 1024) });
      }
    }

    for (const size of sizes) {
      for (; seeded < size; seeded++) {
        if (performance.now() - seedStart > budgetMs) break;
        const c = code(seeded);
        await call(api('/api/v1/schools'), 'POST', ADMIN, { code: c, name: `学校${seeded}`, county: COUNTY, town: `镇${seeded % 20}`, level: 'primary' });
        const token = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'school', school: c })).text).token as string;
        tokens.push(token);
        const r = await call(api('/api/v1/sync'), 'POST', token, batch(schoolRows(c, code(seeded ^ 1), seeded % 2 === 0)));
        firstSyncs.push(r.ms);
        if (seeded === 39) await edits('near empty (40 schools)', false);
      }
      if (seeded < size) {
        notes.push(`Seeding stopped at ${seeded} schools (${Math.round((performance.now() - seedStart) / 1000)} s budget reached).`);
      }
      await measureReads(seeded);
      if (seeded < size) break;
    }
    notes.push(`Seeded ${seeded} schools (${seeded * 416} rows in ${COUNTY}, + ${EXTRA_COUNTIES * 2} schools in ${EXTRA_COUNTIES} other counties) in ${Math.round((performance.now() - seedStart) / 1000)} s.`);
    await edits(`near full (${seeded} schools)`, true);

    // First call of each read after a restart (a cold worker, caches empty).
    await worker.stop();
    worker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
    const first: Record<string, string | number> = { schools: seeded, read: 'first call after restart (ms)' };
    for (const [label, path, token] of [
      ['school json', `/api/v1/totals?term=${TERM}&group_by=school`, bureau],
      ['school csv', `/api/v1/totals?term=${TERM}&group_by=school&format=csv`, bureau],
      ['town json', `/api/v1/totals?term=${TERM}&group_by=town`, bureau],
      ['county json', `/api/v1/totals?term=${TERM}&group_by=county`, bureau],
      ['compliance', `/api/v1/compliance?term=${TERM}`, bureau],
      ['admin all', `/api/v1/totals?term=${TERM}&group_by=county`, ADMIN],
    ] as const) {
      first[label] = Math.round((await call(api(path), 'GET', token)).ms);
    }
    rows.push(first);

    const early = firstSyncs.slice(0, 20);
    // Near full: the last 20 first syncs (the county almost at its size).
    const late = firstSyncs.slice(-20);
    rows.push({ read: 'first sync of a school (416 rows)', 'near empty p50': pct(early, 50), 'near empty p95': pct(early, 95), 'near full p50': pct(late, 50), 'near full p95': pct(late, 95), ratio_p95: (pct(late, 95) / pct(early, 95)).toFixed(2) });
    const e0 = editTimes.get('near empty (40 schools)') ?? [];
    const e1 = editTimes.get(`near full (${seeded} schools)`) ?? [];
    rows.push({ read: '10-row edit', 'near empty p50': pct(e0, 50), 'near empty p95': pct(e0, 95), 'near full p50': pct(e1, 50), 'near full p95': pct(e1, 95), ratio_p95: (pct(e1, 95) / pct(e0, 95)).toFixed(2) });

    await worker.stop();
    const bytes = sqliteBytes(persistTo);
    const stored = (seeded + EXTRA_COUNTIES * 2) * 416;
    rows.push({ read: 'stored bytes per row', 'sqlite bytes': bytes, rows: stored, 'bytes/row': Math.round(bytes / stored) });
  } finally {
    await worker.stop();
    // TOTALS_KEEP=1 keeps the local D1 (e.g. for `sqlite3 … 'SELECT name, SUM(pgsize) FROM dbstat GROUP BY name'`).
    if (process.env.TOTALS_KEEP) notes.push(`Local D1 kept in ${persistTo}`);
    else rmSync(persistTo, { recursive: true, force: true });
  }
  return { title: `Bureau totals at county scale (local wrangler dev, D1 on SQLite)`, rows, notes };
}
