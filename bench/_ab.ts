import { bigWorkbook, TODAY } from './check.bench';
import * as nr from '../core/read';
import * as nc from '../core/check';
// @ts-ignore
import * as br from '/tmp/base/core/read';
// @ts-ignore
import * as bc from '/tmp/base/core/check';
const input = bigWorkbook();
const g = (globalThis as any).gc;
const best = { base: [1e9, 1e9, 1e9], new: [1e9, 1e9, 1e9] } as Record<string, number[]>;
for (let i = 0; i < 8; i++) {
  for (const [name, r, c] of [['base', br, bc], ['new', nr, nc]] as const) {
    g?.();
    let t = performance.now();
    const read = (r as any).readWorkbook(input);
    const a = performance.now() - t; t = performance.now();
    (c as any).checkRecords(read, { today: TODAY });
    const b = performance.now() - t; t = performance.now();
    (c as any).checkWorkbook(input, { today: TODAY });
    const w = performance.now() - t;
    const x = best[name]; x[0] = Math.min(x[0], a); x[1] = Math.min(x[1], b); x[2] = Math.min(x[2], w);
  }
}
for (const [n, x] of Object.entries(best)) console.log(n, 'read', x[0].toFixed(0), 'checks', x[1].toFixed(0), 'checkWorkbook', x[2].toFixed(0));
