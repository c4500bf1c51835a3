import { describe, expect, it } from 'vitest';
import { SHEETS, ENUMS } from '../../core/template';

describe('template v1', () => {
  it('has unique snake_case column keys per sheet and known enums', () => {
    for (const s of SHEETS) {
      const keys = s.columns.map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const c of s.columns) {
        expect(c.key).toMatch(/^[a-z][a-z0-9_]*$/);
        if (c.type === 'enum' || c.type === 'enum_list') expect(ENUMS[c.enum!]).toBeDefined();
      }
    }
  });
});
