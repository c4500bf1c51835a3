/**
 * The check bench as the task pane runs it: bundled with the pane's build options (check-pane.ts)
 * and run in a browser page, where it puts `jieduiCheckBench` on the page for the bench to call.
 * The same workbooks and the same timing as check.bench.ts's rows in Node.
 */
import { checkWorkbook } from '../core/check';
import { best, bigWorkbook, SCHOOL, TODAY } from './check-workbooks';

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
