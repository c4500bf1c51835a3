import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHEETS } from '../../core/template';
import { columnsDoc } from '../../scripts/gen-columns-doc';

describe('docs/columns.md', () => {
  it('is the one generated from core/template.ts (run: npx tsx scripts/gen-columns-doc.ts)', () => {
    const committed = readFileSync(resolve(__dirname, '../../docs/columns.md'), 'utf8');
    expect(committed).toBe(columnsDoc());
  });

  it('names every sheet and column in both languages', () => {
    const doc = columnsDoc();
    for (const s of SHEETS) {
      expect(doc).toContain(`## ${s.en} (${s.zh})`);
      for (const c of s.columns) expect(doc).toContain(`| \`${c.key}\` | ${c.zh.replace(/\|/g, '\\|')} | ${c.en} |`);
    }
  });
});
