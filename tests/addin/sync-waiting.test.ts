/** A sync that could not reach the server goes by itself: when the browser is online again, or on a backing-off timer. */
import { describe, expect, it } from 'vitest';
import { WaitingSync, type WaitingDeps } from '../../addin/src/sync-waiting';

function harness(busy = () => false) {
  const timers: { f: () => void; ms: number; live: boolean }[] = [];
  const online: (() => void)[] = [];
  let retries = 0;
  const d: WaitingDeps = {
    retry: async () => void retries++,
    busy,
    onOnline: (f) => {
      online.push(f);
      return () => online.splice(online.indexOf(f), 1);
    },
    setTimer: (f, ms) => {
      const t = { f, ms, live: true };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => void ((h as { live: boolean }).live = false),
  };
  const w = new WaitingSync(d, [10, 20, 40]);
  const tick = () => timers.filter((t) => t.live).forEach((t) => ((t.live = false), t.f()));
  return { w, timers, online, tick, retries: () => retries };
}

describe('a sync waiting for the server', () => {
  it('goes once when the browser comes back online, and stops listening', async () => {
    const h = harness();
    h.w.wait();
    h.w.wait(); // one wait at a time
    expect(h.online.length).toBe(1);
    h.online[0]();
    await Promise.resolve();
    expect(h.retries()).toBe(1);
    expect(h.w.waiting).toBe(false);
    expect(h.online.length).toBe(0);
    expect(h.timers.filter((t) => t.live)).toEqual([]);
  });

  it('tries on a timer that backs off while it keeps failing, and starts short again after an answer', async () => {
    const h = harness();
    for (let i = 0; i < 4; i++) {
      h.w.wait();
      h.tick();
    }
    await Promise.resolve();
    expect(h.retries()).toBe(4);
    expect(h.timers.map((t) => t.ms)).toEqual([10, 20, 40, 40]);
    h.w.answered();
    h.w.wait();
    expect(h.timers.at(-1)!.ms).toBe(10);
  });

  it('waits for the next tick while the pane is busy, and does nothing once stopped', async () => {
    let busy = true;
    const h = harness(() => busy);
    h.w.wait();
    h.tick();
    expect(h.retries()).toBe(0);
    expect(h.w.waiting).toBe(true);
    busy = false;
    h.tick();
    await Promise.resolve();
    expect(h.retries()).toBe(1);
    h.w.wait();
    h.w.stop();
    h.tick();
    expect(h.retries()).toBe(1);
  });
});
