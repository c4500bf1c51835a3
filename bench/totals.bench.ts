/**
 * `npm run bench -- totals`: the bureau's reads at county scale, against a local `wrangler dev` on
 * a temporary local D1 (started, restarted and stopped here), seeded through the HTTP API as
 * schools sync, TOTALS_CONCURRENCY schools at once (default 4): a county of TOTALS_SCHOOLS schools
 * (default 2,000) × 416 rows (150 teachers, 50 pairings, 100 activities, 100 assessments, 10
 * support rows, a partnership; every school numbers its teachers T0, T1, …; each lists 5 partner
 * teachers, who its partner lists too), and for the admin's all-county totals TOTALS_ADMIN_COUNTIES
 * counties (default 10, the big county one of them) of TOTALS_ADMIN_SCHOOLS schools (default 300).
 * Seeding stops at TOTALS_SEED_SECONDS (default 1800) if it has not reached the size, and the
 * notes say where.
 *
 * The admin's all-county totals (by county and by school) once the admin's counties are seeded
 * (10 × 300). At each size of TOTALS_SIZES (default 300,1000,2000; those reached): totals by
 * school, town and county, JSON and CSV, and the compliance list, TOTALS_READS reads each (default
 * 20): p50 and p95; at the last size the admin's all-county totals again, and the first call of each
 * read after a restart. Sync cost as the county fills: p50/p95 of a school's first sync (the first
 * 20 schools against the last 20, one at a time) and of 20 10-row edits near an empty database and
 * near the full one. Stored bytes per row: the SQLite files over the rows. TOTALS_JSON=file writes
 * the figures as JSON too.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run';
import { applyLocalMigrations, freePort, startWorker, type RunningWorker } from '../scripts/worker-local.mjs';

const ADMIN = 'bench-admin-token';
const TERM = '2024-2025-1';
const COUNTY = 'CTY00';

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

/**
 * One school's term: 416 rows at `pairs` = 50 (150 teachers, 5 partner teachers, 50 pairings, 100
 * activities, 100 assessments, 10 support rows, a partnership); `pairs` scales the teachers (3 a
 * pairing), activities and assessments (2 a pairing). `partner`: the school it pairs with (it lists
 * 5 of its teachers).
 */
export function schoolRows(code: string, partner: string, supporting: boolean, pairs = 50) {
  const rows: { table: string; id: string; base_version?: number | null; values: Record<string, unknown> }[] = [];
  const [sup, aid] = supporting ? [code, partner] : [partner, code];
  rows.push({
    table: 'partnerships',
    id: 'P1',
    values: { partnership_id: 'P1', supporting_school_code: sup, aided_school_code: aid, start_date: '2024-09-01', focus: '师资建设' },
  });
  for (let i = 0; i < 3 * pairs; i++) {
    rows.push({
      table: 'teachers',
      id: `T${i}`,
      values: {
        teacher_id: `T${i}`,
        name: `教师${i}`,
        school_code: code,
        subject: '语文',
        title: '高级',
        backbone_level: '县级',
        years_teaching: i < pairs ? 10 : 2,
        role: i < pairs ? '指导教师' : '新教师',
      },
    });
  }
  for (let i = 0; i < 5; i++) {
    rows.push({
      table: 'teachers',
      id: `P${i}`,
      values: {
        teacher_id: `P${i}`,
        name: `教师${i}`,
        school_code: partner,
        subject: '语文',
        title: '高级',
        backbone_level: '县级',
        years_teaching: 10,
        role: '指导教师',
      },
    });
  }
  for (let i = 0; i < pairs; i++) {
    rows.push({
      table: 'pairings',
      id: `M${i}`,
      values: { pairing_id: `M${i}`, mentor_id: `T${i}`, mentee_id: `T${pairs + i}`, subject: '语文', start_date: '2024-09-01' },
    });
  }
  for (let i = 0; i < 2 * pairs; i++) {
    const month = 9 + (i % 4);
    const day = 2 + Math.floor(i / 4);
    rows.push({
      table: 'schedule',
      id: `A${i}`,
      values: {
        activity_id: `A${i}`,
        date: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        type: ACT[i % ACT.length],
        teachers: 10,
        students: 20,
        status: '已完成',
        evidence: 'p.jpg',
        lead_teacher: `T${i % pairs}`,
      },
    });
  }
  for (let i = 0; i < 2 * pairs; i++) {
    rows.push({
      table: 'assessment',
      id: `S${i}`,
      values: {
        teacher_id: `T${pairs + i}`,
        term: TERM,
        classes_attended: 22,
        practice_lessons: 10,
        summary_submitted: '是',
        intro_lessons: 1,
        report_lessons: 1,
        lectures: 1,
        unit_analyses: 1,
        courseware: 3,
        papers: 1,
      },
    });
  }
  for (let i = 0; i < 10; i++) {
    rows.push({
      table: 'support',
      id: `D${i}`,
      values: {
        record_id: `D${i}`,
        kind: '捐赠',
        amount: 1000 + i,
        items: '图书',
        beneficiaries: 10,
        from_school: sup,
        to_school: aid,
        start_date: `2024-10-${String(10 + i).padStart(2, '0')}`,
      },
    });
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
const batch = (school: string, rows: unknown[]) => ({
  batch_id: `bench-${Date.now()}-${++batchNo}`,
  school,
  term: TERM,
  template_version: 1,
  rows,
});

/** Runs `task` over `items` with at most `limit` at once (the seeding's bound on concurrent requests). */
async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
}

export async function run(): Promise<BenchResult> {
  const target = env('TOTALS_SCHOOLS', 2000);
  const sizes = (process.env.TOTALS_SIZES ?? '300,1000,2000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0 && n <= target);
  if (!sizes.includes(target)) sizes.push(target);
  // The admin's all-county totals: ADMIN_COUNTIES counties of ADMIN_SCHOOLS schools each (COUNTY's
  // first ADMIN_SCHOOLS among them), measured once they are seeded and again with COUNTY full.
  const adminCounties = env('TOTALS_ADMIN_COUNTIES', 10);
  const adminSchools = env('TOTALS_ADMIN_SCHOOLS', 300);
  // The other counties' schools' size (pairings; 50 is 416 rows): an all-county read costs O(schools) and O(shared keys), not O(rows).
  const adminPairs = env('TOTALS_ADMIN_PAIRS', 50);
  const adminRows = schoolRows('X', 'Y', true, adminPairs).length;
  const concurrency = env('TOTALS_CONCURRENCY', 4);
  const budgetMs = env('TOTALS_SEED_SECONDS', 1800) * 1000;
  const reads = env('TOTALS_READS', 20);
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-bench-totals-'));
  await applyLocalMigrations({ persistTo });
  let worker: RunningWorker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
  const rows: BenchResult['rows'] = [];
  const notes: string[] = [];
  const seedStart = performance.now();
  const overBudget = () => performance.now() - seedStart > budgetMs;
  const syncTimes = new Map<string, number[]>();
  let others = 0;
  try {
    const api = (path: string) => `${worker.url}${path}`;
    const bureau = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'bureau', county: COUNTY })).text).token as string;
    const tokens = new Map<string, string>();
    const code = (i: number) => `S${String(i).padStart(5, '0')}`;

    /** Registers a school, gives it a token and syncs its term; the sync's time in ms. */
    async function seedSchool(c: string, county: string, town: string, partner: string, supporting: boolean, pairs = 50): Promise<number> {
      await call(api('/api/v1/schools'), 'POST', ADMIN, { code: c, name: `学校${c}`, county, town, level: 'primary' });
      const token = JSON.parse((await call(api('/api/v1/tokens'), 'POST', ADMIN, { role: 'school', school: c })).text).token as string;
      tokens.set(c, token);
      return (await call(api('/api/v1/sync'), 'POST', token, batch(c, schoolRows(c, partner, supporting, pairs)))).ms;
    }
    let seeded = 0;
    /**
     * COUNTY's schools up to `n`, `concurrency` at once; the last `timed` of them one at a time,
     * their first syncs timed under `label` (near empty, near full).
     */
    async function fillCounty(n: number, label?: string, timed = 0) {
      const seedOne = async (i: number) => seedSchool(code(i), COUNTY, `镇${i % 20}`, code(i ^ 1), i % 2 === 0);
      const bulk: number[] = [];
      for (let i = seeded; i < n - timed; i++) bulk.push(i);
      let done = 0;
      await pool(bulk, concurrency, async (i) => void (await seedOne(i), done++), overBudget);
      if (done < bulk.length) {
        seeded += done; // the pool takes them in order: the first `done` are seeded
        return;
      }
      seeded = Math.max(seeded, n - timed);
      const times: number[] = [];
      for (; seeded < n && !overBudget(); seeded++) times.push(await seedOne(seeded));
      if (label) syncTimes.set(label, times);
    }

    /** 20 edits, each of 10 rows of one school (the first schools near empty, the last near full), on their stored versions (1). */
    async function edits(label: string, fromEnd: boolean, n = 20) {
      const out: number[] = [];
      for (let k = 0; k < Math.min(n, seeded); k++) {
        const i = fromEnd ? seeded - 1 - k : k;
        const rs = schoolRows(code(i), code(i ^ 1), i % 2 === 0)
          .filter((r) => r.table === 'teachers')
          .slice(0, 10);
        const changed = rs.map((r) => ({ ...r, base_version: 1, values: { ...r.values, subject: fromEnd ? '数学' : '英语' } }));
        out.push((await call(api('/api/v1/sync'), 'POST', tokens.get(code(i))!, batch(code(i), changed))).ms);
      }
      editTimes.set(label, out);
    }
    const editTimes = new Map<string, number[]>();

    async function timeReads(label: string, path: string, token: string, size: number, total = size * 416) {
      const ms: number[] = [];
      let bytes = 0;
      for (let k = 0; k < reads; k++) {
        const r = await call(api(path), 'GET', token);
        ms.push(r.ms);
        bytes = r.text.length;
      }
      rows.push({ schools: size, rows: total, read: label, p50_ms: pct(ms, 50), p95_ms: pct(ms, 95), answer_KB: Math.round(bytes / 1024) });
    }
    const adminLabel = () =>
      `admin all ${adminCounties} counties (${others + Math.min(seeded, adminSchools)} + ${Math.max(0, seeded - adminSchools)} schools), by county`;
    async function measureReads(size: number) {
      for (const g of ['school', 'town', 'county']) {
        for (const f of ['json', 'csv'])
          await timeReads(`totals ${g} ${f}`, `/api/v1/totals?term=${TERM}&group_by=${g}&format=${f}`, bureau, size);
      }
      await timeReads('compliance', `/api/v1/compliance?term=${TERM}`, bureau, size);
    }
    const adminPath = `/api/v1/totals?term=${TERM}&group_by=county`;
    const adminSize = () => others + seeded;
    const adminTotal = () => seeded * 416 + others * adminRows;

    // Near empty: COUNTY's first 20 schools one at a time (first syncs timed), then 20 edits.
    await fillCounty(Math.min(20, target), 'near empty', 20);
    await edits('near empty (20 schools)', false);
    // The admin's counties: COUNTY's first adminSchools and (adminCounties - 1) more of adminSchools each.
    await fillCounty(Math.min(adminSchools, target));
    const otherSchools: [string, string, string, boolean][] = [];
    for (let c = 1; c < adminCounties; c++) {
      for (let i = 0; i < adminSchools; i++)
        otherSchools.push([
          `C${c}S${String(i).padStart(4, '0')}`,
          `CTY${String(c).padStart(2, '0')}`,
          `C${c}S${String(i ^ 1).padStart(4, '0')}`,
          i % 2 === 0,
        ]);
    }
    await pool(
      otherSchools,
      concurrency,
      async ([c, county, partner, sup]) => {
        await seedSchool(c, county, `镇${Number(c.slice(-4)) % 20}`, partner, sup, adminPairs);
        others++;
      },
      overBudget,
    );
    if (others === otherSchools.length) {
      await timeReads(
        `admin all ${adminCounties} counties × ${adminSchools} schools, by county json`,
        adminPath,
        ADMIN,
        adminSize(),
        adminTotal(),
      );
      await timeReads(
        `admin all ${adminCounties} counties × ${adminSchools} schools, by school json`,
        `${adminPath.replace('county', 'school')}`,
        ADMIN,
        adminSize(),
        adminTotal(),
      );
    } else notes.push(`The admin's counties stopped at ${others} of ${otherSchools.length} schools (budget reached).`);

    for (const size of sizes) {
      if (size === target) await fillCounty(size, 'near full', 20);
      else await fillCounty(size);
      await measureReads(seeded);
      if (seeded < size) {
        notes.push(`Seeding stopped at ${seeded} schools (${Math.round((performance.now() - seedStart) / 1000)} s budget reached).`);
        break;
      }
    }
    await timeReads(adminLabel(), adminPath, ADMIN, adminSize(), adminTotal());
    notes.push(
      `Seeded ${seeded} schools (${seeded * 416} rows in ${COUNTY}, + ${others} schools of ${adminRows} rows in ${adminCounties - 1} other counties) in ${Math.round((performance.now() - seedStart) / 1000)} s, ${concurrency} schools at once.`,
    );
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
      ['admin all', adminPath, ADMIN],
    ] as const) {
      first[label] = Math.round((await call(api(path), 'GET', token)).ms);
    }
    rows.push(first);

    const early = syncTimes.get('near empty') ?? [];
    const late = syncTimes.get('near full') ?? [];
    rows.push({
      read: 'first sync of a school (416 rows)',
      'near empty p50': pct(early, 50),
      'near empty p95': pct(early, 95),
      'near full p50': pct(late, 50),
      'near full p95': pct(late, 95),
      ratio_p95: (pct(late, 95) / pct(early, 95)).toFixed(2),
    });
    const e0 = editTimes.get('near empty (20 schools)') ?? [];
    const e1 = editTimes.get(`near full (${seeded} schools)`) ?? [];
    rows.push({
      read: '10-row edit',
      'near empty p50': pct(e0, 50),
      'near empty p95': pct(e0, 95),
      'near full p50': pct(e1, 50),
      'near full p95': pct(e1, 95),
      ratio_p95: (pct(e1, 95) / pct(e0, 95)).toFixed(2),
    });

    await worker.stop();
    const bytes = sqliteBytes(persistTo);
    const stored = adminTotal();
    rows.push({ read: 'stored bytes per row', 'sqlite bytes': bytes, rows: stored, 'bytes/row': Math.round(bytes / stored) });
  } finally {
    await worker.stop();
    // TOTALS_KEEP=1 keeps the local D1 (e.g. for `sqlite3 … 'SELECT name, SUM(pgsize) FROM dbstat GROUP BY name'`).
    if (process.env.TOTALS_KEEP) notes.push(`Local D1 kept in ${persistTo}`);
    else rmSync(persistTo, { recursive: true, force: true });
  }
  notes.push(
    `Load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} (${cpus().length} cores).`,
  );
  // TOTALS_JSON=file: the figures also as JSON, for docs/scale.md.
  if (process.env.TOTALS_JSON) writeFileSync(process.env.TOTALS_JSON, JSON.stringify({ rows, notes }, null, 1));
  return { title: `Bureau totals at county scale (local wrangler dev, D1 on SQLite)`, rows, notes };
}
