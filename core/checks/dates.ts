/** An end date before its start date, on every sheet that has both. */
import type { SheetKey } from '../template';
import type { CheckContext } from './context';

const RANGED: SheetKey[] = ['partnerships', 'pairings', 'support'];

export function checkDateRanges(ctx: CheckContext): void {
  for (const sheet of RANGED) {
    const rows = ctx.view(sheet);
    const start = rows.column('start_date');
    const end = rows.column('end_date');
    for (let k = 0; k < rows.n; k++) {
      const s = start.value(k);
      const e = end.value(k);
      // ISO strings compare in date order.
      if (typeof s === 'string' && typeof e === 'string' && e < s) {
        ctx.add('row.end_before_start', sheet, { start: s, end: e }, k, 'end_date');
        rows.markError(k);
      }
    }
  }
}
