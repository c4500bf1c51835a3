/**
 * The check bench as the task pane runs it: bundled with the pane's build options (check-pane.ts)
 * and run in a browser page, where it puts `jieduiCheckBench` on the page for the bench to call.
 * The same workbooks and the same timing as check.bench.ts's rows in Node.
 */
import { checkWorkbook } from '../core/check';
import { bigWorkbook, SCHOOL, TODAY } from './check-workbooks';

export interface PaneCheckFigures {
  coldMs: number;
  warmMs: number;
  schoolMs: number;
  issues: number;
  schoolIssues: number;
  /** Whether a full GC could be forced before each batch (Chromium started with --expose-gc). */
  gc: boolean;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Best wall time of `times` back-to-back runs after one warm-up run and a forced GC (as in Node). */
function best(times: number, f: () => void): number {
  f();
  gc?.();
  let b = Infinity;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    f();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}

function run(): PaneCheckFigures {
  const input = bigWorkbook();
  const c0 = performance.now();
  const issues = checkWorkbook(input, { today: TODAY }).issues.length;
  const coldMs = performance.now() - c0;
  let warmMs = Infinity;
  for (let round = 0; round < 2; round++)
    warmMs = Math.min(
      warmMs,
      best(7, () => void checkWorkbook(input, { today: TODAY })),
    );
  const school = bigWorkbook(SCHOOL);
  const schoolMs = best(200, () => void checkWorkbook(school, { today: TODAY }));
  const schoolIssues = checkWorkbook(school, { today: TODAY }).issues.length;
  return { coldMs, warmMs, schoolMs, issues, schoolIssues, gc: gc !== undefined };
}

(globalThis as { jieduiCheckBench?: () => PaneCheckFigures }).jieduiCheckBench = run;
