/**
 * The bureau's Totals sheet and the pane's bureau view in words (issue 15 point 5): warnings as
 * titles, never codes; times in Beijing; a 合计 / Total row equal to the county's; one pass rate,
 * the same in the pane, the sheet and the CSV for people.
 */
import { describe, expect, it } from 'vitest';
import { bureauView, type BureauPull } from '../../addin/src/bureau-words';
import type { ComplianceAnswer, TotalsRowOut } from '../../addin/src/sync-client';
import { totalsReport } from '../../addin/src/totals-sheet';
import { TOTAL_ROW } from '../../core/bureau-words';
import type { Lang } from '../../core/types';

const TERM = '2026-2027-1';
/** 20:32 UTC on the 15th: 04:32 on the 16th in Beijing. */
const SYNC_AT = '2026-10-15T20:32:00.000Z';
const PULLED = Date.UTC(2026, 9, 15, 23, 5);

const school = (key: string, name: string, f: Partial<TotalsRowOut>): TotalsRowOut => ({
  key,
  name,
  county: 'CTY01',
  schools: 1,
  activities: 0,
  activities_by_type: {},
  indicators: {},
  ...f,
});
const SCHOOLS = [
  school('GH01', '国河中心小学', {
    activities: 5,
    activities_by_type: { seminar: 5 },
    assessed: 4,
    passed: 2,
    pass_rate: 0.5,
    teachers: 6,
    warnings: 3,
  }),
  school('WT01', '湾头小学', {
    activities: 2,
    activities_by_type: { seminar: 2 },
    assessed: 3,
    passed: 1,
    pass_rate: 0.3333,
    teachers: 4,
    warnings: 0,
  }),
];
// The county counts people once (a teacher two schools assess is one): not the sum of the rows.
const COUNTY = school('CTY01', '示范县', {
  schools: 3,
  activities: 7,
  activities_by_type: { seminar: 7 },
  assessed: 7,
  passed: 3,
  pass_rate: 0.4286,
  teachers: 9,
  warnings: 3,
  reporting_rate: 0.6667,
  indicators: { leaders_meetings: { target: 6, completed: 1, rate: 0.167 } },
});
const COMPLIANCE: ComplianceAnswer = {
  term: TERM,
  county: 'CTY01',
  stale_schools: 0,
  not_synced: [{ code: 'DS01', name: '大山小学' }],
  schools: [
    {
      code: 'GH01',
      name: '国河中心小学',
      town: '国河镇',
      synced: true,
      last_sync_at: SYNC_AT,
      last_sync_local: null,
      open: 3,
      warnings: { 'assessment.not_paired': 1, 'schedule.no_evidence': 2 },
      warning_details: [],
    },
    {
      code: 'WT01',
      name: '湾头小学',
      town: '国河镇',
      synced: true,
      last_sync_at: SYNC_AT,
      last_sync_local: null,
      open: 0,
      warnings: {},
      warning_details: [],
    },
    {
      code: 'DS01',
      name: '大山小学',
      town: '大山乡',
      synced: false,
      last_sync_at: null,
      last_sync_local: null,
      open: 0,
      warnings: {},
      warning_details: [],
    },
  ],
};

const sheet = (lang: Lang) =>
  totalsReport({
    lang,
    term: TERM,
    county: 'CTY01',
    groupBy: 'school',
    totals: SCHOOLS,
    bySchool: SCHOOLS,
    compliance: COMPLIANCE,
    total: COUNTY,
    pulledAt: PULLED,
  });
const pull: BureauPull = { term: TERM, county: 'CTY01', total: COUNTY, compliance: COMPLIANCE, pulledAt: PULLED };
const CODE = /\b[a-z]+\.[a-z_]+\b/;

describe('the Totals sheet in words', () => {
  it('has a 合计 row under the table whose figures are the county row’s, in either language', () => {
    for (const lang of ['zh', 'en'] as const) {
      const r = sheet(lang);
      const head = r.rows[0];
      const total = r.rows[SCHOOLS.length + 1];
      expect(total[0]).toBe(TOTAL_ROW[lang]);
      // The county row as the sheet writes any row: every figure but the key is the county's.
      const county = totalsReport({
        lang,
        term: TERM,
        county: 'CTY01',
        groupBy: 'county',
        totals: [COUNTY],
        bySchool: [],
        compliance: COMPLIANCE,
        pulledAt: PULLED,
      }).rows[1];
      expect(total.slice(1)).toEqual(county.slice(1));
      expect(total.length).toBe(head.length);
      expect(total[head.indexOf(lang === 'zh' ? '考核人数' : 'Assessed')]).toBe(7);
      // Not the sum of the schools (4 + 3 = 7 assessed, but 9 ≠ 6 + 4 teachers: people once).
      expect(total[head.indexOf(lang === 'zh' ? '教师' : 'Teachers')]).toBe(9);
      expect(r.rows[SCHOOLS.length + 2]).toEqual([]);
    }
    // Without the county's row (the admin over every county) there is no 合计 row.
    const none = totalsReport({
      lang: 'zh',
      term: TERM,
      county: '',
      groupBy: 'school',
      totals: SCHOOLS,
      bySchool: SCHOOLS,
      compliance: COMPLIANCE,
      pulledAt: PULLED,
    });
    expect(none.rows[SCHOOLS.length + 1]).toEqual([]);
  });

  it('writes each school’s warnings as titles and its last sync and the pull in Beijing time', () => {
    const zh = sheet('zh');
    const gh = zh.rows.find((x) => x[0] === 'GH01' && x.length === 7)!;
    expect(gh).toEqual([
      'GH01',
      '国河中心小学',
      '国河镇',
      '是',
      '2026-10-16 04:32',
      3,
      '已完成的活动没有佐证材料 ×2；教师不在任何师徒结对中，不参加考核 ×1',
    ]);
    expect(zh.rows.find((x) => x[0] === 'DS01')).toEqual(['DS01', '大山小学', '大山乡', '否', '', 0, '']);
    expect(zh.rows.some((x) => x.includes('最近同步（北京时间）'))).toBe(true);
    expect(zh.rows.at(-1)![0]).toBe('学期 2026-2027-1 · 县区 CTY01 · 按学校 · 拉取于 2026-10-16 07:05（北京时间）');
    const en = sheet('en');
    expect(en.rows.find((x) => x[0] === 'GH01' && x.length === 7)![6]).toBe(
      'A done activity without evidence ×2; A teacher in no pairing, so not assessed ×1',
    );
    expect(en.rows.at(-1)![0]).toContain('pulled 2026-10-16 07:05 Beijing time');
    for (const r of [zh, en]) for (const row of r.rows) for (const c of row) expect(String(c)).not.toMatch(CODE);
  });
});

describe("the pane's bureau view in words (addin/src/bureau-words.ts)", () => {
  it('names the schools that need attention with their last sync in Beijing time and their warnings as titles', () => {
    const zh = bureauView(pull, 'zh');
    expect(zh.pulled).toBe('学期 2026-2027-1 · 县区 CTY01 · 拉取于 2026-10-16 07:05（北京时间）');
    expect(zh.total).toBe('合计：3 所学校，活动 7 次，考核 7 人，合格率 42.9%');
    expect(zh.gapsHeading).toBe('需关注的学校（2 所）：');
    expect(zh.gaps).toEqual([
      {
        code: 'GH01',
        text: '国河中心小学（GH01） · 最近同步 2026-10-16 04:32（北京时间） · 未解决警告 3 条：已完成的活动没有佐证材料 ×2；教师不在任何师徒结对中，不参加考核 ×1',
      },
      { code: 'DS01', text: '大山小学（DS01） · 未同步' },
    ]);
    const en = bureauView(pull, 'en');
    expect(en.total).toBe('Total: 3 schools, 7 activities, 7 assessed, pass rate 42.9%');
    expect(en.gaps[0].text).toBe(
      '国河中心小学 (GH01) · last synced 2026-10-16 04:32 Beijing time · 3 open warnings: A done activity without evidence ×2; A teacher in no pairing, so not assessed ×1',
    );
    for (const v of [zh, en]) expect(JSON.stringify(v.gaps.map((g) => g.text))).not.toMatch(CODE);
  });

  it('says when all is clear and when no one was assessed', () => {
    const clear = bureauView(
      { ...pull, total: { ...COUNTY, pass_rate: null }, compliance: { ...COMPLIANCE, schools: [COMPLIANCE.schools[1]] } },
      'en',
    );
    expect(clear.gaps).toEqual([]);
    expect(clear.gapsHeading).toBe('Every school has synced and none has open warnings.');
    expect(clear.total).toContain('pass rate — (no one assessed)');
  });
});

describe('one pass rate: the pane and the Totals sheet agree (the CSV for people: tests/worker/bureau-words.test.ts)', () => {
  it('is 42.9 (%) for 3 of 7 on the sheet’s 合计 row and in the pane, 16.7 for an indicator at 1 of 6', () => {
    for (const lang of ['zh', 'en'] as const) {
      const r = sheet(lang);
      const total = r.rows[SCHOOLS.length + 1];
      expect(total[r.rows[0].indexOf(lang === 'zh' ? '合格率(%)' : 'Pass rate (%)')]).toBe(42.9);
      expect(total[r.rows[0].indexOf(lang === 'zh' ? '领导联席会议：完成率(%)' : 'Leaders meetings: rate (%)')]).toBe(16.7);
      expect(bureauView(pull, lang).total).toContain('42.9%');
    }
  });
});
