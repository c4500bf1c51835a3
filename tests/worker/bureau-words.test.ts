/**
 * The bureau's answers in words (issue 15 point 5): compliance names each warning code in Chinese
 * and English beside the code and gives the last sync in Beijing time; the totals CSV with
 * `lang=zh|en` is headed from core's one table of the totals' words, with rates as the percent the
 * pane and the Totals sheet show; without `lang` it stays the JSON's keys and fractions.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { percent, TOTALS_WORDS } from '../../core/bureau-words';
import { chinaTime } from '../../core/china-time';
import { ISSUE_TITLES } from '../../core/issue-titles';
import { shanghaiTime } from '../../worker/src/routes/sync-status';
import { todayInChina } from '../../worker/src/sync/warnings';
import { totalsCsv } from '../../worker/src/totals-csv';
import { activity, api, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  // T2 is assessed but in no pairing: the warning `assessment.not_paired` the bureau saw as a code.
  const gh = await sync(t.gh, [
    teacher('T1', 'GH01'),
    teacher('T2', 'GH01'),
    activity('A1', '2026-09-10'),
    { table: 'assessment', id: 'AS1', values: { teacher_id: 'T2', term: TERM, result: '合格' } },
  ]);
  expect(gh.json.rejected).toEqual([]);
  expect((await sync(t.wt, [teacher('W1', 'WT01')])).status).toBe(200);
});

/** RFC 4180, enough for the totals CSV (its names have no line breaks). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => {
      const out: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          out.push(cell);
          cell = '';
        } else cell += ch;
      }
      out.push(cell);
      return out;
    });
}

describe('GET /api/v1/compliance in words', () => {
  it("judges today by China's date (core's chinaDate): 20:32 UTC is the next day", () => {
    expect(todayInChina(Date.UTC(2026, 9, 15, 15, 59))).toBe('2026-10-15');
    expect(todayInChina(Date.UTC(2026, 9, 15, 20, 32))).toBe('2026-10-16');
    expect(shanghaiTime('2026-10-15T20:32:00.000Z')).toBe(chinaTime('2026-10-15T20:32:00.000Z'));
  });

  it('gives each code its title in zh and en, in the order and with the counts of `warnings`, and the last sync in Beijing time', async () => {
    // A sync at 20:32 UTC is 04:32 of the next day in Beijing.
    await env.DB.prepare("UPDATE term_syncs SET last_sync_at = '2026-10-15T20:32:00.000Z' WHERE school = 'GH01'").run();
    const r = await api('GET', `/api/v1/compliance?term=${TERM}`, { token: t.bureau });
    expect(r.status).toBe(200);
    const gh = r.json.schools.find((s: { code: string }) => s.code === 'GH01');
    expect(gh.last_sync_at).toBe('2026-10-15T20:32:00.000Z');
    expect(gh.last_sync_local).toBe('2026-10-16 04:32');
    expect(gh.warnings['assessment.not_paired']).toBe(1);
    // The machines' codes stay; beside each, the same count and the words.
    expect(gh.warning_details.map((d: { code: string; count: number }) => [d.code, d.count])).toEqual(Object.entries(gh.warnings));
    expect(gh.warning_details).toContainEqual({
      code: 'assessment.not_paired',
      count: 1,
      zh: '教师不在任何师徒结对中，不参加考核',
      en: 'A teacher in no pairing, so not assessed',
    });
    for (const d of gh.warning_details as { code: string; zh: string; en: string }[]) {
      expect(ISSUE_TITLES[d.code], d.code).toBeDefined();
      expect(d.zh).toBe(ISSUE_TITLES[d.code].zh);
      expect(d.en).toBe(ISSUE_TITLES[d.code].en);
      expect(`${d.zh} ${d.en}`).not.toContain(d.code);
    }
    const ds = r.json.schools.find((s: { code: string }) => s.code === 'DS01');
    expect(ds).toMatchObject({ synced: false, last_sync_at: null, last_sync_local: null, warnings: {}, warning_details: [] });
  });
});

describe('GET /api/v1/totals?format=csv&lang=', () => {
  const csv = async (query: string) => {
    const r = await api('GET', `/api/v1/totals?term=${TERM}&format=csv&${query}`, { token: t.bureau });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    return parseCsv(r.text);
  };

  it('heads the columns in Chinese with lang=zh, the same columns as the default, and rates as percents', async () => {
    const machine = await csv('group_by=county');
    const zh = await csv('group_by=county&lang=zh');
    const json = (await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: t.bureau })).json.rows[0];
    expect(zh[0].length).toBe(machine[0].length);
    expect(zh.length).toBe(machine.length);
    // The default stays the JSON keys, rates as fractions (documented in docs/api.md).
    expect(machine[0].slice(0, 4)).toEqual(['key', 'name', 'county', 'schools']);
    const m = (k: string) => machine[1][machine[0].indexOf(k)];
    expect(m('synced_rate')).toBe(String(json.synced_rate));
    expect(json.synced_rate).toBe(0.6667);
    // lang=zh: the words of core's table; no English key is left in the header.
    for (const [k, w] of Object.entries(TOTALS_WORDS)) expect(zh[0][machine[0].indexOf(k)], k).toBe(w.zh);
    for (const h of zh[0]) expect(h, h).not.toMatch(/^[a-z_]+$/);
    expect(zh[0]).toContain('活动：研讨会');
    expect(zh[0].some((h) => /：完成率\(%\)$/.test(h))).toBe(true);
    // Every column headed (%) is the machine's fraction as a percent with one decimal; the rest are equal.
    zh[0].forEach((h, i) => {
      const want = machine[1][i] === '' ? '' : h.endsWith('(%)') ? String(percent(Number(machine[1][i]))) : machine[1][i];
      expect(zh[1][i], `${h} (${machine[0][i]})`).toBe(want);
    });
    expect(zh[1][zh[0].indexOf('同步率(%)')]).toBe('66.7');
  });

  it('heads them in English words with lang=en, and refuses another language', async () => {
    const en = await csv('lang=en');
    expect(en[0].slice(0, 4)).toEqual(['Key', 'Name', 'County', 'Schools']);
    expect(en[0]).toContain('Pass rate (%)');
    expect((await api('GET', `/api/v1/totals?term=${TERM}&format=csv&lang=fr`, { token: t.bureau })).status).toBe(400);
  });
});

describe('one pass rate in the CSV for people', () => {
  // A county where 3 of 7 assessed passed, and an indicator at 1 of 6: the fixture of
  // tests/addin/totals-sheet.test.ts, where the Totals sheet and the pane show 42.9 and 16.7 for it.
  const county = {
    key: 'CTY01',
    name: '示范县',
    county: 'CTY01',
    schools: 3,
    activities: 7,
    assessed: 7,
    passed: 3,
    pass_rate: 0.4286,
    activities_by_type: { seminar: 7 },
    indicators: { leaders_meetings: { target: 6, completed: 1, rate: 0.167 } },
    reports_submitted: 2,
    reports_approved: 1,
  };
  const csvRows = (lang?: 'zh' | 'en') => parseCsv(totalsCsv([county as never], lang));

  it('is 42.9 under 合格率(%) / Pass rate (%) for 3 of 7; the machine CSV keeps 0.4286', () => {
    for (const [lang, pass, ind] of [
      ['zh', '合格率(%)', '领导联席会议：完成率(%)'],
      ['en', 'Pass rate (%)', 'Leaders meetings: rate (%)'],
    ] as const) {
      const [head, row] = csvRows(lang);
      expect(row[head.indexOf(pass)]).toBe('42.9');
      expect(row[head.indexOf(ind)]).toBe('16.7');
    }
    const [head, row] = csvRows();
    expect(row[head.indexOf('pass_rate')]).toBe('0.4286');
    expect(row[head.indexOf('indicator_leaders_meetings_rate')]).toBe('0.167');
  });
});
