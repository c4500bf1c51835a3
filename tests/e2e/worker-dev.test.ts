import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyLocalMigrations, freePort, seedDemo, startWorker } from '../../scripts/worker-local.mjs';

const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-worker-'));
afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

it('starts the worker with wrangler dev, seeds the demo, totals it and stops cleanly', async () => {
  const port: number = await freePort();
  await applyLocalMigrations({ persistTo });
  const worker = await startWorker({ port, persistTo, adminToken: 'e2e-admin-token' });
  try {
    const health = await fetch(`${worker.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const demo = await seedDemo({ url: worker.url, adminToken: 'e2e-admin-token', quiet: true });
    expect(Object.keys(demo.schools)).toEqual(['GH01', 'WT01', 'DS01']);
    const res = await fetch(`${worker.url}/api/v1/totals?term=2026-2027-1&group_by=county`, {
      headers: { authorization: `Bearer ${demo.bureau}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { reporting_rate: number }[] };
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ key: 'CTY01', name: '示范县', schools: 3, teachers: 4, pairings: 2, partnerships: 1, mentors: 2, mentees: 2, assessed: 2, passed: 1 });
    expect(body.rows[0].reporting_rate).toBeCloseTo(2 / 3, 3);
    // Seeding again replays the demo sync rather than failing.
    await seedDemo({ url: worker.url, adminToken: 'e2e-admin-token', quiet: true });
  } finally {
    await worker.stop();
  }
  expect(await portIsFree(port)).toBe(true);
});
