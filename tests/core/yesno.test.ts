/** Yes/no cells: forms that read either way are errors, and the error lists every accepted form. */
import { describe, expect, it } from 'vitest';
import { NO_FORMS, YES_FORMS, readYesNo } from '../../core/values';
import { EXPECTED, formatIssue } from '../../core/messages';
import { checkWorkbook } from '../../core/check';
import { TODAY, setCell, zhWorkbook } from './helpers';

describe('yes/no', () => {
  it('rejects x, X and ok, which read either way, and keeps the unambiguous forms', () => {
    for (const v of ['x', 'X', 'ｘ', 'ok', 'OK']) expect(readYesNo(v)).toEqual({ ok: false, expected: 'yesno' });
    for (const v of ['有', '是的', '✓']) expect(readYesNo(v)).toEqual({ ok: true, value: true });
    for (const v of ['无', '没有', '✗']) expect(readYesNo(v)).toEqual({ ok: true, value: false });
  });

  it('lists every accepted form in the error', () => {
    for (const lang of ['zh', 'en'] as const) {
      const text = EXPECTED.yesno[lang].expected.toLowerCase();
      for (const form of [...YES_FORMS, ...NO_FORMS]) expect(text).toContain(form.toLowerCase());
    }
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 0, '自愿', 'X');
    const issue = checkWorkbook(wb, { today: TODAY }).issues.find((i) => i.code === 'cell.type')!;
    expect(issue).toMatchObject({ severity: 'error', cell: 'I2', params: { value: 'X', expected: 'yesno' } });
    expect(formatIssue(issue, 'zh')).toContain('√/×');
  });
});
