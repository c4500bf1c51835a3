/// <reference lib="dom" />
/**
 * The pane's bureau view in words (issue 15, point 5), file mode in headless Chromium against a
 * real local worker: after Pull totals the pane lists the schools that need attention with their
 * warnings as titles (no raw code such as `assessment.not_paired`), their last sync in Beijing
 * time (the server's UTC time + 8 h), the pull's time in Beijing, and the county's total with the
 * pass rate as the Totals sheet shows it; a language switch words it again. Screenshots of it in
 * both languages go to docs/ with JIEDUI_SCREENSHOTS=1.
 */
import ExcelJS from 'exceljs';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaTime } from '../../core/china-time';
import { filePage, statusAfter, tempDir, useWorkerPane, downloadTo } from './addin-helpers';
import { GH01, addSchool, newToken } from './local-worker';

const TERM = '2026-2027-1';
/** An issue code as the worker stores it (`assessment.not_paired`, `cell.required`). */
const CODE = /\b(?:sheet|header|program|cell|row|teacher|pairing|schedule|support|school|assessment|rules)\.[a-z_]+/;
const env = useWorkerPane();
const api = env.worker.api;

const teacher = (id: string, name: string, role = '新教师') => ({
  table: 'teachers',
  id,
  values: { teacher_id: id, name, school_code: 'GH01', subject: '语文', title: '高级', backbone_level: '县级', years_teaching: 2, role },
});
const assessment = (id: string, teacherId: string, counts: Record<string, unknown> = {}) => ({
  table: 'assessment',
  id,
  values: { teacher_id: teacherId, term: TERM, result: '合格', ...counts },
});
const pairing = (id: string, mentor: string, mentee: string) => ({
  table: 'pairings',
  id,
  values: { pairing_id: id, mentor_id: mentor, mentee_id: mentee, subject: '语文', start_date: '2026-09-01' },
});
/** Everything a mentee needs in the term (the server scores the row itself). */
const MENTEE_MET = {
  intro_lessons: 1,
  report_lessons: 1,
  lectures: 1,
  unit_analyses: 1,
  courseware: 3,
  papers: 1,
  classes_attended: 20,
  practice_lessons: 20,
  summary_submitted: '是',
};

beforeAll(async () => {
  await addSchool(env.worker, GH01);
  await addSchool(env.worker, { code: 'DS01', name: '大山小学', county: 'CTY01', town: '大山乡' });
  const school = await newToken(env.worker, { role: 'school', school: 'GH01' });
  // T2 is assessed but in no pairing: `assessment.not_paired`, the code the bureau used to read.
  // T3, T4 and T5 are mentees assessed (scored by the server): T3 did everything, T4 and T5 nothing
  // yet, so 1 of 3 passed: a pass rate of 0.3333, 33.3 for people.
  const synced = await api('POST', '/api/v1/sync', school, {
    batch_id: 'bureau-words-1',
    term: TERM,
    template_version: 1,
    school: 'GH01',
    rows: [
      teacher('T1', '王芳', '指导教师'),
      teacher('T2', '李明'),
      teacher('T3', '张伟'),
      teacher('T4', '赵丽'),
      teacher('T5', '孙强'),
      teacher('T6', '周敏', '指导教师'),
      pairing('P1', 'T1', 'T3'),
      pairing('P2', 'T1', 'T4'),
      pairing('P3', 'T6', 'T5'),
      assessment('AS1', 'T2'),
      assessment('AS2', 'T3', MENTEE_MET),
      assessment('AS3', 'T4'),
      assessment('AS4', 'T5'),
    ],
  });
  expect(synced.status, JSON.stringify(synced.json)).toBe(200);
});

describe("the pane's bureau view in words", () => {
  it('lists warnings as titles, never codes, every time in Beijing, and the pass rate as the sheet and the CSV for people, in either language', async () => {
    const bureau = await newToken(env.worker, { role: 'bureau', county: 'CTY01' });
    const compliance = await api('GET', `/api/v1/compliance?term=${TERM}`, bureau);
    const gh = (compliance.json.schools as { code: string; last_sync_at: string; warnings: Record<string, number> }[]).find(
      (s) => s.code === 'GH01',
    )!;
    expect(gh.warnings['assessment.not_paired']).toBe(1);
    const beijing = chinaTime(gh.last_sync_at)!;
    const utc = gh.last_sync_at.slice(0, 16).replace('T', ' ');
    expect(beijing).not.toBe(utc);

    const page = await filePage(env, 'en', { page: { viewport: { width: 420, height: 900 }, acceptDownloads: true } });
    await page.click('#settings-panel summary');
    await page.fill('#server-url', env.worker.url);
    await page.fill('#token', bureau);
    await page.click('#test-connection');
    await page.waitForSelector('#bureau-panel');
    expect(await page.locator('#bureau-view').isHidden()).toBe(true);
    await page.fill('#totals-term', TERM);
    const before = chinaTime(Date.now())!;
    await page.click('#pull-totals');
    expect(await statusAfter(page, /Wrote "Totals"|cannot/i, 30_000)).toMatch(/^Wrote "Totals"/);
    const after = chinaTime(Date.now())!;
    await page.waitForSelector('#bureau-view:not([hidden])');

    const en = (await page.textContent('#bureau-view'))!;
    const ghLine = (await page.textContent('#bureau-gaps li[data-school="GH01"]'))!;
    expect(ghLine).toContain(`国河中心小学 (GH01) · last synced ${beijing} Beijing time`);
    expect(ghLine).toContain('A teacher in no pairing, so not assessed ×1');
    expect(await page.textContent('#bureau-gaps li[data-school="DS01"]')).toBe('大山小学 (DS01) · not synced');
    expect(en).not.toContain(utc);
    expect(en).not.toMatch(CODE);
    // The pull's own time, in Beijing: between the clock before and after the click.
    const pulled = /pulled (\d{4}-\d\d-\d\d \d\d:\d\d) Beijing time/.exec((await page.textContent('#bureau-pulled'))!)![1];
    expect(pulled >= before && pulled <= after, `${before} ≤ ${pulled} ≤ ${after}`).toBe(true);
    // The county's total with its pass rate as a percent, as the Totals sheet and the CSV for people write it.
    const county = ((await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, bureau)).json.rows as Record<string, number>[])[0];
    expect(county).toMatchObject({ schools: 2, assessed: 3, passed: 1, pass_rate: 0.3333 });
    expect(await page.textContent('#bureau-total')).toBe(`Total: 2 schools, ${county.activities} activities, 3 assessed, pass rate 33.3%`);
    // The CSV for people says the same, and the machines' keeps the fraction.
    const csv = async (q: string) => {
      const res = await fetch(`${env.worker.url}/api/v1/totals?term=${TERM}&group_by=county&format=csv${q}`, {
        headers: { authorization: `Bearer ${bureau}` },
        signal: AbortSignal.timeout(30_000),
      });
      const [head, row] = (await res.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((l) => l.split(','));
      return (h: string) => row[head.indexOf(h)];
    };
    expect((await csv('&lang=en'))('Pass rate (%)')).toBe('33.3');
    expect((await csv('&lang=zh'))('合格率(%)')).toBe('33.3');
    expect((await csv(''))('pass_rate')).toBe('0.3333');
    // And the Totals sheet's 合计 row, as downloaded.
    await page.waitForSelector('body:not(.busy)');
    const out = join(tempDir(), 'totals.xlsx');
    await downloadTo(page, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Totals')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const total = (ws.getRow(4).values as unknown[]).slice(1);
    expect(total[0]).toBe('Total');
    expect(total[header.indexOf('Pass rate (%)')]).toBe(33.3);
    expect(total[header.indexOf('Assessed')]).toBe(3);
    const shots = tempDir();
    await page.screenshot({ path: join(shots, 'bureau-en.png'), fullPage: true });

    // A language switch words the same pull again.
    await page.click('#lang');
    const zhLine = (await page.textContent('#bureau-gaps li[data-school="GH01"]'))!;
    expect(zhLine).toContain(`国河中心小学（GH01） · 最近同步 ${beijing}（北京时间）`);
    expect(zhLine).toContain('教师不在任何师徒结对中，不参加考核 ×1');
    expect(await page.textContent('#bureau-gaps li[data-school="DS01"]')).toBe('大山小学（DS01） · 未同步');
    const zh = (await page.textContent('#bureau-view'))!;
    expect(zh).toContain('需关注的学校（2 所）');
    expect(zh).toContain(`拉取于 ${pulled}（北京时间）`);
    expect(zh).not.toMatch(CODE);
    await page.screenshot({ path: join(shots, 'bureau-zh.png'), fullPage: true });
    // Screenshots land in docs/ only when asked (JIEDUI_SCREENSHOTS=1): CI must not rewrite tracked files.
    if (process.env.JIEDUI_SCREENSHOTS) {
      copyFileSync(join(shots, 'bureau-zh.png'), join(process.cwd(), 'docs', 'addin-bureau-zh.png'));
      copyFileSync(join(shots, 'bureau-en.png'), join(process.cwd(), 'docs', 'addin-bureau-en.png'));
    }
    await page.close();
  });
});
