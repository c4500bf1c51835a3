/**
 * docs/domain.md is the domain contract the code cites ("DOMAIN"); it must name what the code
 * knows: every rule key (six_ones as one row), every sheet of the template in both languages,
 * every activity type by code and Chinese label. Where the shared original is on this machine
 * (a developer's checkout beside `shared/`), the repository's copy is that page word for word.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../core/rules';
import { ENUMS, SHEETS } from '../../core/template';

const ROOT = join(__dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/domain.md'), 'utf8');

describe('docs/domain.md', () => {
  it('names every rule key', () => {
    const keys = Object.keys(DEFAULT_RULES).map((k) => (k.startsWith('six_ones_') ? 'six_ones' : k));
    for (const k of new Set(keys)) expect(doc, k).toContain(`\`${k}\``);
  });

  it('names every sheet in both languages', () => {
    for (const s of SHEETS) {
      expect(doc, s.key).toContain(`**${s.en}**`);
      expect(doc, s.key).toContain(s.zh);
    }
  });

  it('names every activity type by code and Chinese label', () => {
    for (const v of ENUMS.activity_type.values) {
      expect(doc).toContain(v.code);
      for (const zh of v.zh.split('/')) expect(doc, v.code).toContain(zh);
    }
  });

  it('is the shared domain page word for word, where that page is here', () => {
    const shared = [join(ROOT, '../shared/DOMAIN.md'), join(ROOT, '../../shared/DOMAIN.md')].find(existsSync);
    const body = doc.slice(doc.indexOf('\n\n') + 2);
    // A clean clone has no shared/ beside it: the copy is then checked by the tests above only.
    if (shared) expect(body).toBe(readFileSync(shared, 'utf8'));
    else expect(body.startsWith('# The domain')).toBe(true);
  });
});
