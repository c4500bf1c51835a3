/**
 * `npm run bench -- sync`: a 10,000-row sync in one request (SYNC_BULK_ROWS), against a local
 * `wrangler dev` on a temporary local D1: the bulk request against the same rows sent row by row
 * (one request a row: SYNC_ROW_SAMPLE rows of another school, timed, and the per-row cost scaled to
 * the batch), and the bulk request's replay (the same batch id and body: answered from sync_log).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run';
import { schoolRows } from './totals.bench';
import { applyLocalMigrations, freePort, startWorker } from '../scripts/worker-local.mjs';

const ADMIN = 'bench-admin-token';
const TERM = '2024-2025-1';

/** ~10,000 rows: a school's term (416 rows) 24 times over, each copy under its own ids. */
function bulkRows(code: string, n: number) {
  const base = schoolRows(code, 'PARTNER', true);
  const out: ReturnType<typeof schoolRows> = [];
  for (let copy = 0; out.length < n; copy++) {
    for (const r of base) {
      if (out.length >= n) break;
      if (copy > 0 && r.table === 'partnerships') continue;
      const id = copy === 0 ? r.id : `${r.id}-${copy}`;
      const values = { ...r.values };
      // Ids inside a row follow its copy, so the copy is a workbook of its own (no repeated teacher ids).
      for (const k of ['teacher_id', 'mentor_id', 'mentee_id', 'pairing_id', 'activity_id', 'record_id', 'lead_teacher']) {
        if (typeof values[k] === 'string' && copy > 0) values[k] = `${values[k]}-${copy}`;
      }
      out.push({ ...r, id, values });
    }
  }
  return out;
}

export async function run(): Promise<BenchResult> {
  const n = process.env.SYNC_BULK_ROWS ? Number(process.env.SYNC_BULK_ROWS) : 10_000;
  const sample = process.env.SYNC_ROW_SAMPLE ? Number(process.env.SYNC_ROW_SAMPLE) : 200;
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-bench-bulk-'));
  await applyLocalMigrations({ persistTo });
  const worker = await startWorker({ port: await freePort(), persistTo, adminToken: ADMIN });
  const rows: BenchResult['rows'] = [];
  const post = async (path: string, token: string, body: unknown) => {
    for (let attempt = 0; ; attempt++) {
      const t0 = performance.now();
      const res = await fetch(`${worker.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 503 && attempt < 5) continue;
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
      return { ms: performance.now() - t0, json: JSON.parse(text) };
    }
  };
  try {
    const tokens: string[] = [];
    for (const code of ['BULK', 'ROWS']) {
      await post('/api/v1/schools', ADMIN, { code, name: code, county: 'CTY01', town: 'T', level: 'primary' });
      tokens.push((await post('/api/v1/tokens', ADMIN, { role: 'school', school: code })).json.token);
    }
    const body = { batch_id: 'bulk-1', school: 'BULK', term: TERM, template_version: 1, rows: bulkRows('BULK', n) };
    const bulk = await post('/api/v1/sync', tokens[0], body);
    const replay = await post('/api/v1/sync', tokens[0], body);
    if (replay.json.revision !== bulk.json.revision) throw new Error('the replay answered another revision');
    // Row by row: the same kind of rows, one request each, on a school that starts empty.
    const one = bulkRows('ROWS', sample);
    const t0 = performance.now();
    for (const [i, r] of one.entries())
      await post('/api/v1/sync', tokens[1], { batch_id: `row-${i}`, school: 'ROWS', term: TERM, template_version: 1, rows: [r] });
    const perRow = (performance.now() - t0) / sample;
    rows.push(
      {
        case: `bulk: ${n} rows in one request`,
        'time ms': Math.round(bulk.ms),
        'rows/s': Math.round((n / bulk.ms) * 1000),
        applied: bulk.json.applied.length,
      },
      {
        case: `row by row: ${sample} requests of one row (scaled to ${n})`,
        'time ms': Math.round(perRow * n),
        'rows/s': Math.round(1000 / perRow),
        'ms/row': perRow.toFixed(1),
      },
      { case: 'bulk vs row by row', ratio: `${((perRow * n) / bulk.ms).toFixed(1)}x faster` },
      { case: 'replay of the bulk request', 'time ms': Math.round(replay.ms), ratio: `${(replay.ms / bulk.ms).toFixed(3)} of the first` },
    );
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
  return { title: 'Sync: 10,000 rows in one request, against row by row, and its replay (local wrangler dev)', rows };
}
