/**
 * Issue 15 point 1 / DOMAIN "What Chinese schools really type": every form listed there is read, each
 * unit-tested here; the readers never throw and never accept what DOMAIN does not (properties below).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readDate, readEnum, readInt, readTerm, readText, readYesNo, readNumber } from '../../core/values';
import { chineseNumeral } from '../../core/numerals';
import { readRecord, readWorkbook, sheetKeyOf } from '../../core/read';
import { checkWorkbook } from '../../core/check';
import { formatIssue } from '../../core/messages';
import { normalizeLabel } from '../../core/normalize';
import { ENUMS } from '../../core/template';
import { TODAY, zhWorkbook } from './helpers';

const T1 = { termId: '2026-2027-1' };
const T2 = { termId: '2026-2027-2' };

describe('titles, old and new', () => {
  const TITLES: Record<string, string[]> = {
    senior: ['正高级教师', '高级教师', '副高', '中学高级教师', '高级'],
    secondary: ['一级教师', '中级', '中级职称', '中学一级教师', '小学高级教师'],
    junior: ['二级教师', '三级教师', '中学二级教师', '中学三级教师', '小学一级教师', '小学二级教师', '小学三级教师', '初级'],
    none: ['未定级', '未评', '无'],
  };
  it('reads each of DOMAIN’s titles to its level (小学高级教师 was a 中级 title: secondary)', () => {
    for (const [code, forms] of Object.entries(TITLES))
      for (const f of forms) expect(readEnum('title', f), f).toEqual({ ok: true, value: code });
  });
  it('accepts no other title (random strings of title words)', () => {
    const accepted = new Set([...Object.values(TITLES).flat(), ...ENUMS.title.values.flatMap((v) => [v.code, v.en])].map(normalizeLabel));
    const parts = [
      '正',
      '副',
      '高级',
      '中级',
      '一级',
      '二级',
      '三级',
      '四级',
      '特级',
      '教师',
      '职称',
      '中学',
      '小学',
      '幼儿园',
      '未',
      '定级',
      '评',
      '无',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { minLength: 1, maxLength: 4 }), (xs) => {
        const s = xs.join('');
        const r = readEnum('title', s);
        expect(r.ok, s).toBe(accepted.has(normalizeLabel(s)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('backbone and academic-leader levels', () => {
  it('reads 县级骨干教师, 县骨干, 县级骨干 and 县级学科带头人 as county, and the same for 校, 区, 市, 省', () => {
    const levels = { 校: 'school', 区: 'district', 县: 'county', 市: 'city', 省: 'province' } as const;
    for (const [p, code] of Object.entries(levels)) {
      for (const f of [`${p}级骨干教师`, `${p}骨干`, `${p}级骨干`, `${p}级学科带头人`, `${p}级`])
        expect(readEnum('backbone', f), f).toEqual({ ok: true, value: code });
    }
  });
  it('a backbone or leader without a level is ambiguous: an error naming the levels it could be', () => {
    const r = readEnum('backbone', '骨干教师');
    expect(r).toMatchObject({ ok: false, code: 'cell.ambiguous', params: { enum: 'backbone' } });
    const { issues } = readRecord('teachers', {
      teacher_id: 'T1',
      name: '王',
      school_code: 'GH01',
      role: '指导教师',
      backbone_level: '学科带头人',
    });
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0], 'zh')).toBe(
      '「骨干级别」的值「学科带头人」有多种读法，可能是 校级、区级、县级、市级、省级：请写明是哪一个',
    );
    expect(formatIssue(issues[0], 'en')).toContain('School, District, County, City, Province');
  });
});

describe('activity types with a detail', () => {
  it('reads a label with a bracketed detail, a colon and a theme, or 活动 after it', () => {
    expect(readEnum('activity_type', '示范课（语文）')).toEqual({ ok: true, value: 'demo_class' });
    expect(readEnum('activity_type', '示范课(数学)')).toEqual({ ok: true, value: 'demo_class' });
    expect(readEnum('activity_type', '名师讲座：课堂教学艺术')).toEqual({ ok: true, value: 'famous_teacher_lecture' });
    expect(readEnum('activity_type', '送教下乡活动')).toEqual({ ok: true, value: 'send_teachers' });
    expect(readEnum('activity_type', '送教下乡活动（小学数学）')).toEqual({ ok: true, value: 'send_teachers' });
    expect(readEnum('activity_type', '手拉手活动')).toEqual({ ok: true, value: 'student_exchange' });
    expect(readEnum('activity_type', '【启动仪式】')).toEqual({ ok: false, expected: 'enum' });
    expect(readEnum('activity_type', '讲座')).toMatchObject({ ok: false, code: 'cell.ambiguous' });
  });
  it('accepts a type only when the text before its detail is a type’s label', () => {
    const labels = new Map<string, string>();
    for (const v of ENUMS.activity_type.values)
      for (const l of [v.code, v.zh, v.en, ...(v.aliases ?? [])]) labels.set(normalizeLabel(l), v.code);
    const head = fc.constantFrom(...ENUMS.activity_type.values.map((v) => v.zh), '讲座', '示范', '课', '活动', '下乡', '');
    const tail = fc.constantFrom('', '（语文）', '：课堂教学', '活动', '活动（数学）', '(x)', ':', '课', '会');
    fc.assert(
      fc.property(head, tail, (h, t) => {
        const s = h + t;
        const r = readEnum('activity_type', s);
        if (!r.ok || r.value === null) return;
        const n = normalizeLabel(s);
        const cut = n.search(/[([【:]/);
        const label = cut > 0 ? n.slice(0, cut) : n;
        const code = labels.get(n) ?? labels.get(label) ?? labels.get(label.replace(/活动$/, ''));
        expect(code, s).toBe(r.value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates with weekdays, times or no year', () => {
  it('reads DOMAIN’s forms', () => {
    expect(readDate('2026年9月8日（星期二）')).toEqual({ ok: true, value: '2026-09-08' });
    expect(readDate('2026年9月8日 (周二)')).toEqual({ ok: true, value: '2026-09-08' });
    expect(readDate('9月8日周二', T1)).toEqual({ ok: true, value: '2026-09-08' });
    expect(readDate('2026-10-13 14:30')).toEqual({ ok: true, value: '2026-10-13' });
    expect(readDate('2026.10.27 下午')).toEqual({ ok: true, value: '2026-10-27' });
    expect(readDate('2026年10月27日下午2:30')).toEqual({ ok: true, value: '2026-10-27' });
    expect(readDate('2026-09-01T08:00:00Z')).toEqual({ ok: true, value: '2026-09-01' });
    expect(readDate('2026-09-01 00:00:00')).toEqual({ ok: true, value: '2026-09-01' });
  });
  it('takes the year of a month-day from the term: Sep–Dec in the first year of term 1, January in its second', () => {
    expect(readDate('9月22日', T1)).toEqual({ ok: true, value: '2026-09-22' });
    expect(readDate('1月12日', T1)).toEqual({ ok: true, value: '2027-01-12' });
    expect(readDate('3月5号', T2)).toEqual({ ok: true, value: '2027-03-05' });
    expect(readDate('9月22日')).toMatchObject({ ok: false, code: 'cell.date_no_year' });
    // 9/22 or 9.22 without a year could be a number: not a date.
    expect(readDate('9/22', T1)).toEqual({ ok: false, expected: 'date' });
    expect(readDate('9.22', T1)).toEqual({ ok: false, expected: 'date' });
  });
  it('reads the no-year date of a workbook in its Program term', () => {
    const wb = zhWorkbook();
    wb.sheets[4].values[1][1] = '9月22日';
    expect(readWorkbook(wb).sheets.schedule!.rows[0].values.date).toBe('2026-09-22');
  });
  it('a weekday that is not the date’s is an error that says which day the date is', () => {
    const r = readDate('2026年9月8日（星期三）');
    expect(r).toMatchObject({ ok: false, code: 'cell.date_weekday', params: { date: '2026-09-08', weekday_zh: '星期二' } });
    const { issues } = readRecord('schedule', { date: '2026年9月8日（星期三）', type: '研讨会' });
    expect(formatIssue(issues[0], 'zh')).toContain('2026-09-08 是星期二');
    expect(formatIssue(issues[0], 'en')).toContain('2026-09-08 is a Tuesday');
  });
  it('a day the month does not have says so, not "wrong format"', () => {
    const { issues } = readRecord('schedule', { date: '2026/11/31', type: '研讨会' });
    expect(formatIssue(issues[0], 'zh')).toBe('「日期」的日期「2026/11/31」不存在：11 月只有 30 天');
  });
  it('never throws, and what it accepts is a real day whose digits were typed', () => {
    const frag = fc.constantFrom(
      '2026',
      '9',
      '09',
      '31',
      '年',
      '月',
      '日',
      '号',
      '-',
      '/',
      '.',
      ' ',
      '（',
      '）',
      '星期',
      '周',
      '二',
      '日',
      '下午',
      '14:30',
      'T',
      ':',
      '00',
      'Z',
      '+08:00',
    );
    fc.assert(
      fc.property(fc.array(frag, { maxLength: 10 }), fc.constantFrom(undefined, T1, T2), (xs, ctx) => {
        const s = xs.join('');
        const r = readDate(s, ctx);
        if (!r.ok || r.value === null) return;
        const [y, m, d] = r.value.split('-').map(Number);
        expect(new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10), s).toBe(r.value);
        expect(s.includes(String(m)) && s.includes(String(d)), s).toBe(true);
        if (!ctx) expect(s.includes(String(y)), s).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('Chinese numerals', () => {
  it('reads 一 … 九十九, 两, 一百二十 and counts with a unit', () => {
    const cases: [string, number][] = [
      ['一', 1],
      ['十', 10],
      ['十二', 12],
      ['二十', 20],
      ['九十九', 99],
      ['两', 2],
      ['一百二十', 120],
      ['一百零五', 105],
      ['两百', 200],
      ['三千', 3000],
      ['一万二千', 12000],
      ['二十节', 20],
      ['三十人', 30],
      ['两次', 2],
      ['零', 0],
    ];
    for (const [s, n] of cases) expect(readInt(s), s).toEqual({ ok: true, value: n });
    expect(readNumber('五千元')).toEqual({ ok: true, value: 5000 });
    for (const s of ['一二〇', '十十', '两十', '一百二', '一万五', '二十斤', '百', '十两']) expect(readInt(s).ok, s).toBe(false);
  });
  it('accepts exactly the standard written form of every number below 100,000 (and 两, 〇 for 二, 零)', () => {
    const D = '零一二三四五六七八九';
    const sectionOf = (n: number, leading: boolean): string => {
      // The standard form of 0 < n < 10000: 一千零五, 一百二十, 十二 (一十二 inside a larger number).
      const parts: string[] = [];
      const units = ['千', '百', '十', ''];
      const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
      let zero = false;
      let started = false;
      digits.forEach((d, i) => {
        if (d === 0) {
          if (started) zero = true;
          return;
        }
        if (zero) parts.push('零');
        zero = false;
        parts.push(leading && !started && i === 2 && d === 1 ? '十' : D[d] + units[i]);
        started = true;
      });
      return parts.join('');
    };
    const standard = (n: number): string => {
      if (n === 0) return '零';
      if (n < 10_000) return sectionOf(n, true);
      const high = Math.floor(n / 10_000);
      const low = n % 10_000;
      return sectionOf(high, true) + '万' + (low === 0 ? '' : (low < 1000 ? '零' : '') + sectionOf(low, false));
    };
    for (let n = 0; n < 100_000; n += n < 2_000 ? 1 : 37) {
      expect(chineseNumeral(standard(n)), standard(n)).toBe(n);
      if (n >= 10 && n < 20) expect(chineseNumeral('一' + standard(n)), '一' + standard(n)).toBe(n);
    }
    const forms = new Set<string>();
    for (let n = 0; n < 100_000; n++) forms.add(standard(n));
    // 〇 is 零; 两 is 二 alone or before 百, 千 or 万.
    const canon = (s: string) => (s === '两' ? '二' : s.replace(/〇/g, '零').replace(/两(?=[百千万])/g, '二'));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'零〇一二两三四五六七八九十百千万'), { minLength: 1, maxLength: 7 }), (xs) => {
        const s = xs.join('');
        const v = chineseNumeral(s);
        const c = canon(s);
        // Accepted only as the standard form of its value, or 一十… for 10–19; refused when it is no standard form.
        if (v !== null) expect(c === standard(v) || (c.startsWith('一十') && c.slice(1) === standard(v)), s).toBe(true);
        else expect(forms.has(c), s).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('yes/no as done or not done', () => {
  it('reads 已提交/未提交, 已交/未交, 已检查/未检查, 已制定/未制定, 有/无', () => {
    for (const s of ['已提交', '已交', '已检查', '已制定', '已完成', '有']) expect(readYesNo(s), s).toEqual({ ok: true, value: true });
    for (const s of ['未提交', '未交', '未检查', '未制定', '未完成', '无']) expect(readYesNo(s), s).toEqual({ ok: true, value: false });
    for (const s of ['已', '未', '已未提交', '提交', '已经提交了吗']) expect(readYesNo(s).ok, s).toBe(false);
  });
});

describe('terms in their written forms', () => {
  it('reads 学年 forms, 秋季 and 春季', () => {
    expect(readTerm('2026-2027学年第一学期')).toEqual({ ok: true, value: '2026-2027-1' });
    expect(readTerm('2026-2027学年第二学期')).toEqual({ ok: true, value: '2026-2027-2' });
    expect(readTerm('2026年秋季学期')).toEqual({ ok: true, value: '2026-2027-1' });
    expect(readTerm('2027年春季学期')).toEqual({ ok: true, value: '2026-2027-2' });
    expect(readTerm('2026学年第二学期')).toEqual({ ok: true, value: '2026-2027-2' });
    expect(readTerm('2026 - 2027 学年 第一学期')).toEqual({ ok: true, value: '2026-2027-1' });
    expect(readTerm('20 26-2027-1').ok).toBe(false);
    expect(readTerm('2026-2028-1').ok).toBe(false);
  });
  it('a calendar year’s 第一学期 could be two terms: an error naming both', () => {
    expect(readTerm('2026年第一学期')).toMatchObject({ ok: false, code: 'cell.ambiguous', params: { forms: '2025-2026-2, 2026-2027-1' } });
    const { issues } = readRecord('assessment', { teacher_id: 'T1', term: '2026年第二学期' });
    expect(formatIssue(issues[0], 'zh')).toBe('「学期」的值「2026年第二学期」有多种读法，可能是 2026-2027-1、2026-2027-2：请写明是哪一个');
  });
  it('what it accepts is a well-formed term of years that were typed', () => {
    const frag = fc.constantFrom(
      '2026',
      '2027',
      '-',
      '—',
      '学年',
      '第',
      '一',
      '二',
      '学期',
      '秋季',
      '春季',
      '年',
      ' ',
      'term',
      '1',
      '2',
      '上',
      '下',
    );
    fc.assert(
      fc.property(fc.array(frag, { maxLength: 8 }), (xs) => {
        const s = xs.join('');
        const r = readTerm(s);
        if (!r.ok || r.value === null) return;
        expect(r.value, s).toMatch(/^(\d{4})-(\d{4})-[12]$/);
        const [a, b] = r.value.split('-').map(Number);
        expect(b, s).toBe(a + 1);
        expect(s.includes(String(a)) || s.includes(String(b)), s).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('sheet names and names', () => {
  it('reads a sheet name with 表 after it as the template sheet', () => {
    expect(sheetKeyOf('活动安排表')).toBe('schedule');
    expect(sheetKeyOf('师徒结对表')).toBe('pairings');
    expect(sheetKeyOf('项目信息表')).toBe('program');
    expect(sheetKeyOf('表')).toBe(undefined);
    const wb = zhWorkbook();
    for (const s of wb.sheets) s.name += '表';
    const issues = checkWorkbook(wb, { today: TODAY }).issues;
    expect(issues.filter((i) => i.code === 'sheet.missing_program')).toEqual([]);
    expect(readWorkbook(wb).sheets.schedule!.rows.length).toBeGreaterThan(0);
  });
  it('keeps a name with spaces as typed; compared, the spaces and width are ignored', () => {
    expect(readText('李  明')).toEqual({ ok: true, value: '李  明' });
    expect(normalizeLabel('李  明')).toBe(normalizeLabel('李明'));
    expect(normalizeLabel('李\u3000明')).toBe(normalizeLabel('李明'));
  });
});

describe('a clean term typed the way schools type it', () => {
  it('gives no error and no false warning', () => {
    const wb = zhWorkbook();
    const t = wb.sheets[2].values;
    t[1][4] = '正高级教师';
    t[1][5] = '县级骨干教师';
    t[3][4] = '小学高级教师';
    t[3][5] = '市级学科带头人';
    const s = wb.sheets[4].values;
    s[3][1] = '2026年10月15日（星期四）';
    s[3][2] = '研讨会（语文）';
    s[4][1] = '11月12日';
    s[4][2] = '送教下乡活动';
    s[4][8] = '十人';
    const issues = checkWorkbook(wb, { today: TODAY }).issues.filter((i) => i.severity !== 'info');
    expect(issues).toEqual([]);
  });
});
