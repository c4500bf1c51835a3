/**
 * `npm run bench -- sync-bound`: what one sync of one row costs a school holding 50,000 rows
 * (MAX_STORED_ROWS, the bound) against the same sync on a school holding nothing, through a local
 * `wrangler dev` (started and stopped here, on a temporary local D1). Per case, the median of
 * RUNS one-row syncs: wall time at the client, the peak RSS of the workerd process during the
 * request above its RSS before it, and what the sync's load reads (rows, and bytes of the columns
 * sync/stored.ts selects, counted in the D1 file with sqlite3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run';
import { applyLocalMigrations, freePort, startWorker } from '../scripts/worker-local.mjs';

const ADMIN = 'bench-admin-token';
const TERM = '2026-2027-1';
const RUNS = 5;
/** MAX_STORED_ROWS of worker/src/sync/plan.ts (not imported: the bench's tsconfig has no D1 types). */
const MAX_STORED_ROWS = 50_000;

type Row = { table: string; id: string; base_version?: number; values: Record<string, unknown> };

/** A school's 50,000 rows: 10,000 teachers, 5,000 pairings, 10,000 assessments, 20,000 activities, 5,000 support rows. */
function schoolRows(school: string): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 10_000; i++) {
    const mentor = i % 2 === 0;
    rows.push({
      table: 'teachers',
      id: `T${i}`,
      values: {
        teacher_id: `T${i}`,
        name: `教师${i}`,
        school_code: school,
        subject: '语文',
        title: mentor ? '高级' : '初级',
        backbone_level: mentor ? '县级' : '无',
        years_teaching: mentor ? 18 : 2,
        role: mentor ? '指导教师' : '新教师',
      },
    });
  }
  for (let i = 0; i < 5_000; i++) {
    rows.push({
      table: 'pairings',
      id: `P${i}`,
      values: { pairing_id: `P${i}`, mentor_id: `T${2 * i}`, mentee_id: `T${2 * i + 1}`, subject: '语文', start_date: '2026-09-01' },
    });
  }
  for (let i = 0; i < 10_000; i++) {
    rows.push({
      table: 'assessment',
      id: `K${i}`,
      values: {
        teacher_id: `T${i}`,
        term: TERM,
        intro_lessons: 1,
        report_lessons: 1,
        lectures: 1,
        courseware: 3,
        classes_attended: 22,
        summary_submitted: '是',
      },
    });
  }
  for (let i = 0; i < 20_000; i++) {
    rows.push({
      table: 'schedule',
      id: `A${i}`,
      values: {
        activity_id: `A${i}`,
        date: '2026-09-10',
        type: '研讨会',
        host_school: school,
        theme: `教研活动${i}`,
        teachers: 10,
        students: 0,
        status: '已完成',
        evidence: '照片、签到表',
      },
    });
  }
  for (let i = 0; i < 5_000; i++) {
    rows.push({
      table: 'support',
      id: `S${i}`,
      values: { record_id: `S${i}`, kind: '捐赠', from_school: school, to_school: 'DS01', amount: 500, items: '图书', beneficiaries: 20 },
    });
  }
  return rows;
}

/** The workerd processes of wrangler's process group. */
function workerdPids(group: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === group && comm.startsWith('workerd')) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

const rssKb = (pids: number[]) =>
  pids.reduce((n, p) => {
    try {
      return n + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return n;
    }
  }, 0);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The raw cells of teachers loadStored selects (RAW_CELLS_READ_BY_CHECKS): where the value read is null. */
const CELLS = ['title', 'backbone_level', 'volunteer']
  .map((k) => ` + COALESCE(LENGTH(CASE WHEN json_type(vals, '$.${k}') = 'null' THEN raw -> '$.${k}' END), 0)`)
  .join('');

/** What loadStored reads for a school besides the ids named: rows, and bytes of vals and the raw cells checks read. */
function loaded(persistTo: string, school: string): { rows: number; bytes: number } {
  const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  const parts = ['partnerships', 'teachers', 'pairings', 'schedule', 'assessment', 'support', 'summary'].map(
    (t) =>
      `SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(CAST(vals AS BLOB))${t === 'teachers' ? CELLS : ''}), 0) AS b FROM t_${t} WHERE school = '${school}' AND term = '${TERM}'`,
  );
  const out = execFileSync(
    'sqlite3',
    ['-readonly', join(dir, file!), `SELECT SUM(n) || ' ' || SUM(b) FROM (${parts.join(' UNION ALL ')})`],
    { encoding: 'utf8' },
  );
  const [rows, bytes] = out.trim().split(' ').map(Number);
  return { rows, bytes };
}

export async function run(): Promise<BenchResult> {
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-bench-sync-bound-'));
  await applyLocalMigrations({ persistTo });
  const worker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
  const rows: BenchResult['rows'] = [];
  const notes: string[] = [];
  try {
    const post = async (path: string, token: string, body: unknown) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${worker.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        // wrangler dev may answer 503 "worker restarted mid-request" under load: retry.
        if (res.status === 503 && attempt < 3) continue;
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
        return JSON.parse(text) as { token: string; applied: { version: number }[] };
      }
    };
    const tokens: Record<string, string> = {};
    for (const code of ['FULL', 'EMPTY', 'DS01']) {
      await post('/api/v1/schools', ADMIN, { code, name: code, county: 'CTY01', town: 'T', level: 'primary' });
      tokens[code] = (await post('/api/v1/tokens', ADMIN, { role: 'school', school: code })).token;
    }
    let batchNo = 0;
    const sync = (school: string, batchRows: Row[]) =>
      post('/api/v1/sync', tokens[school], { batch_id: `bench-${++batchNo}`, term: TERM, template_version: 1, rows: batchRows });

    const full = schoolRows('FULL');
    if (full.length !== MAX_STORED_ROWS) throw new Error(`expected ${MAX_STORED_ROWS} rows, made ${full.length}`);
    const t0 = performance.now();
    for (let i = 0; i < full.length; i += 10_000) await sync('FULL', full.slice(i, i + 10_000));
    notes.push(`Filling FULL with ${full.length} rows in 5 syncs of 10,000: ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    const group = worker.child.pid!;
    const measure = async (school: string, id: string, from: number) => {
      const times: number[] = [];
      const rss: number[] = [];
      let version = from;
      const pids = workerdPids(group);
      for (let run = 0; run <= RUNS; run++) {
        const row: Row = {
          table: 'schedule',
          id,
          base_version: version,
          values: {
            activity_id: id,
            date: '2026-09-11',
            type: '研讨会',
            theme: `第${run}次`,
            teachers: 5,
            students: 0,
            status: '已完成',
            evidence: '照片',
          },
        };
        const before = rssKb(pids);
        let peak = before;
        const timer = setInterval(() => (peak = Math.max(peak, rssKb(pids))), 5);
        const s0 = performance.now();
        const answer = await sync(school, [row]);
        const ms = performance.now() - s0;
        clearInterval(timer);
        peak = Math.max(peak, rssKb(pids));
        version = answer.applied[0].version;
        // The first run warms the isolate (and creates the empty school's row); it is not counted.
        if (run === 0) continue;
        times.push(ms);
        rss.push(peak - before);
      }
      const l = loaded(persistTo, school);
      return { ms: median(times), rssKb: median(rss), ...l };
    };
    const empty = await measure('EMPTY', 'A0', 0);
    const fullM = await measure('FULL', 'A0', 1);
    for (const [label, m] of [
      ['1-row sync, empty school', empty],
      [`1-row sync, school holding ${MAX_STORED_ROWS} rows`, fullM],
    ] as const) {
      rows.push({
        case: label,
        'time ms (median)': Math.round(m.ms),
        'workerd RSS growth (median)': `${(m.rssKb / 1024).toFixed(1)} MB`,
        'rows loaded': m.rows,
        'bytes loaded': `${(m.bytes / 1024).toFixed(1)} KB`,
      });
    }
    rows.push({
      case: 'ratio full / empty',
      'time ms (median)': `${(fullM.ms / empty.ms).toFixed(1)}x`,
      'workerd RSS growth (median)': '',
      'rows loaded': `${(fullM.rows / empty.rows).toFixed(0)}x`,
      'bytes loaded': `${(fullM.bytes / Math.max(1, empty.bytes)).toFixed(0)}x`,
    });
    notes.push(
      `Median of ${RUNS} one-row syncs after one warm-up; RSS sampled every 5 ms (workerd keeps memory it took, so growth after the first runs understates the peak).`,
    );
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
  return {
    title: `Sync of one row: a school holding ${MAX_STORED_ROWS} rows vs an empty school (local wrangler dev, D1 on SQLite)`,
    rows,
    notes,
  };
}
