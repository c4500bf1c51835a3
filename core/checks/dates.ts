/** An end date before its start date, on every sheet that has both. */
import type { SheetKey } from '../template';
import type { CheckContext } from './context';

const RANGED: SheetKey[] = ['partnerships', 'pairings', 'support'];

export function checkDateRanges(ctx: CheckContext): void {
  for (const sheet of RANGED) {
    for (const tr of ctx.rows(sheet)) {
      const s = tr.values.start_date;
      const e = tr.values.end_date;
      // ISO strings compare in date order.
      if (typeof s === 'string' && typeof e === 'string' && e < s) {
        ctx.add('row.end_before_start', sheet, { start: s, end: e }, tr, 'end_date');
        tr.hasErrors = true;
      }
    }
  }
}
