import { describe, expect, it } from 'vitest';
import { SHEET_BY_KEY } from '../../core/template';
import { SYNC_TABLES, TYPED_COLUMNS } from '../../worker/src/tables';

describe('the typed SQL columns', () => {
  it('read only column keys that the template defines for their sheet', () => {
    for (const t of SYNC_TABLES) {
      const keys = new Set(SHEET_BY_KEY[t].columns.map((c) => c.key));
      for (const [sqlColumn, take] of Object.entries(TYPED_COLUMNS[t])) {
        const read: string[] = [];
        const probe = new Proxy({}, { get: (_o, k) => (read.push(String(k)), undefined) });
        take(probe);
        expect(read.length, `${t}.${sqlColumn}`).toBeGreaterThan(0);
        for (const k of read) expect(keys.has(k), `${t}.${sqlColumn} reads "${k}"`).toBe(true);
      }
    }
  });
});
