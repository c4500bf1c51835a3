/**
 * Load against `wrangler dev` on loopback (bench/load.bench.ts holds the scenario): 50 schools
 * syncing at once, 10 syncs each, replays mixed in; then no row lost and none counted twice.
 */
import { expect, it } from 'vitest';
import { runLoad, summary } from '../../bench/load.bench';

it('holds 50 schools x 10 concurrent syncs with replays: every row once, totals equal what was sent', async () => {
  const r = await runLoad({ schools: 50, syncsPerSchool: 10, replayEvery: 3 });
  console.log(summary(r));
  expect(r.failures).toEqual({});
  // A handful of wrangler dev restarts (503) are retried like lost responses; many would be a problem.
  expect(r.retried).toBeLessThan(50);
  expect(r.replays).toBeGreaterThanOrEqual(150);
  expect(r.replayMismatches).toBe(0);
  for (const s of r.perSchool) {
    expect(s.got, s.code).toEqual(s.expected);
    expect(s.rows, s.code).toBe(s.expectedRows);
    // Each of the 10 batches changed something once; replays bumped nothing.
    expect(s.revision, s.code).toBe(10);
  }
  expect(r.county).toEqual(r.expected);
  expect(r.expected.activities).toBe(500);
  // Bounded: the run must finish well inside the test's time even on two shared cores.
  expect(r.seconds).toBeLessThan(90);
}, 180_000);
