import { describe, expect, it } from 'vitest';
import { activityWords, fieldWords, indicatorWords, percent, TOTALS_WORDS } from '../../core/bureau-words';
import { chinaDate, chinaTime, chinaTimeWords } from '../../core/china-time';
import { countedTitle, ISSUE_TITLES, issueTitle, warningsInWords } from '../../core/issue-titles';
import { ISSUE_CODES, isIssueCode } from '../../core/messages';
import { gapText } from '../../core/report/county';

describe('times in China (core/china-time.ts)', () => {
  it('shows a UTC time in Beijing: 20:32 UTC is 04:32 of the next day', () => {
    expect(chinaTime('2026-10-15T20:32:00.000Z')).toBe('2026-10-16 04:32');
    expect(chinaTime('2026-10-15T03:05:59Z')).toBe('2026-10-15 11:05');
    expect(chinaTime(Date.UTC(2026, 11, 31, 16, 0))).toBe('2027-01-01 00:00');
    expect(chinaTime(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06-30 23:59');
  });

  it('is null for nothing and for what is not a time', () => {
    for (const v of [null, undefined, '', 'not a time', '2026-13-45T99:00:00Z', Number.NaN]) expect(chinaTime(v as never)).toBeNull();
    expect(chinaTimeWords(null, 'zh')).toBeNull();
  });

  it("gives China's date (the worker's todayInChina: tests/worker/bureau-words.test.ts)", () => {
    expect(chinaDate(Date.UTC(2026, 9, 15, 15, 59))).toBe('2026-10-15');
    expect(chinaDate(Date.UTC(2026, 9, 15, 16, 0))).toBe('2026-10-16');
    expect(chinaDate(new Date('2026-10-15T20:32:00Z'))).toBe('2026-10-16');
  });

  it('names the zone in each language', () => {
    expect(chinaTimeWords('2026-10-15T20:32:00Z', 'zh')).toBe('2026-10-16 04:32（北京时间）');
    expect(chinaTimeWords('2026-10-15T20:32:00Z', 'en')).toBe('2026-10-16 04:32 Beijing time');
  });
});

describe('issue codes in words (core/issue-titles.ts)', () => {
  /** The add-in's own codes never reach the worker's warnings table. */
  const workerCodes = Object.keys(ISSUE_CODES).filter((c) => !c.startsWith('fill.') && !c.startsWith('sync.'));

  it('has a title in both languages for every code a school’s stored rows can raise, and no title for a code that does not exist', () => {
    for (const code of workerCodes) {
      expect(ISSUE_TITLES[code], code).toBeDefined();
      expect(ISSUE_TITLES[code].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(ISSUE_TITLES[code].en).toMatch(/^[A-Z]/);
    }
    for (const code of Object.keys(ISSUE_TITLES)) expect(isIssueCode(code), code).toBe(true);
  });

  it('never shows a code or a placeholder, whatever the code', () => {
    for (const code of Object.keys(ISSUE_CODES)) {
      for (const lang of ['zh', 'en'] as const) {
        const t = issueTitle(code, lang);
        expect(t, code).not.toContain(code);
        expect(t, code).not.toMatch(/[{}]/);
      }
    }
    // The add-in's codes: their template without the details.
    expect(issueTitle('sync.duplicate_row', 'zh')).toBe('同一编号（…）在一次同步中出现两次');
    // A code from a newer worker: said to be another issue, not dropped.
    expect(issueTitle('x.new_check', 'zh')).toBe('其他问题（x.new_check）');
  });

  it('lists a school’s warnings by count, then by code, in the language’s list form', () => {
    expect(countedTitle('assessment.not_paired', 1, 'zh')).toBe('教师不在任何师徒结对中，不参加考核 ×1');
    const w = { 'schedule.no_evidence': 1, 'assessment.not_paired': 3, 'cell.required': 1 };
    expect(warningsInWords(w, 'zh')).toBe('教师不在任何师徒结对中，不参加考核 ×3；必填项为空 ×1；已完成的活动没有佐证材料 ×1');
    expect(warningsInWords(w, 'en')).toBe(
      'A teacher in no pairing, so not assessed ×3; A required cell is empty ×1; A done activity without evidence ×1',
    );
    expect(warningsInWords({}, 'en')).toBe('');
  });

  it("words the county report's commonest gaps with the same titles", () => {
    expect(gapText('assessment.not_paired', 'zh')).toBe(ISSUE_TITLES['assessment.not_paired'].zh);
    expect(gapText('schedule.no_evidence', 'en')).toBe('A done activity without evidence');
  });
});

describe('the totals in words (core/bureau-words.ts)', () => {
  it('gives a rate as a percent with one decimal, and none for no rate', () => {
    expect(percent(0.4286)).toBe(42.9);
    expect(percent(0.5)).toBe(50);
    expect(percent(1)).toBe(100);
    expect(percent(0)).toBe(0);
    expect(percent(0.6667)).toBe(66.7);
    expect(percent(0.0005)).toBe(0.1);
    expect(percent(0.3335)).toBe(33.4);
    for (const v of [null, undefined, '', '0.5', Number.NaN, Number.POSITIVE_INFINITY]) expect(percent(v)).toBeNull();
  });

  it('heads every field in both languages, rates with (%)', () => {
    for (const [k, w] of Object.entries(TOTALS_WORDS)) {
      expect(fieldWords(k, 'zh')).toBe(w.zh);
      expect(fieldWords(k, 'en')).toBe(w.en);
      expect(w.zh.endsWith('(%)'), k).toBe(k.endsWith('_rate'));
    }
    expect(fieldWords('not_a_field', 'zh')).toBe('not_a_field');
    expect(activityWords('seminar', 'zh')).toBe('活动：研讨会');
    expect(indicatorWords({ zh: '师徒结对', en: 'Mentees paired' }, 'rate', 'en')).toBe('Mentees paired: rate (%)');
  });
});
