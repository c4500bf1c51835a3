/// <reference lib="dom" />
/**
 * The term report from the page (file mode, Chromium) against a real local worker: the Term report
 * button downloads the .docx built in the browser; a school syncs and submits, the bureau returns it
 * from its pane with an item picked from the school's issues and one typed, both show on their cells
 * with the comment, the school fixes the cell, syncs and
 * submits again, the bureau approves it in its review list, and the school's term is then locked.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { filePage, inputToXlsx, openFileInPane, saveSettings, statusAfter, tempDir, useWorkerPane, downloadTo } from './addin-helpers';
import { addSchool, newToken } from './local-worker';

const env = useWorkerPane();
const api = env.worker.api;
let dir: string;
let cleanPath: string;

const docxText = async (path: string) => {
  const xml = await (await JSZip.loadAsync(readFileSync(path))).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
};

beforeAll(async () => {
  dir = tempDir();
  // The demo without its two errors on purpose (a repeated teacher id, a date that is no date).
  const input = demoWorkbook();
  const teachers = input.sheets.find((s) => s.name === '教师名册')!;
  teachers.values = teachers.values.filter((r, i) => i === 0 || !teachers.values.slice(1, i).some((x) => x[0] === r[0]));
  input.sheets.find((s) => s.name === '活动安排')!.values[5][1] = '2026-11-30';
  cleanPath = join(dir, 'clean.xlsx');
  await inputToXlsx(input, cleanPath);
});

async function openPane(token?: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const page = await filePage(env, lang, { page: { acceptDownloads: true, viewport: { width: 420, height: 1200 } } });
  if (token) {
    await saveSettings(page, env.worker.url, token);
    await page.click('#test-connection');
    await page.waitForFunction(() => /连接正常|Connected|无效|无法|出错/.test(document.getElementById('connection')?.textContent ?? ''));
  }
  return page;
}

const idle = (page: Page) => page.waitForSelector('body:not(.busy)');

/** Waits for the report's state in the pane; on a timeout, fails with what the pane says. */
async function reportState(page: Page, state: string): Promise<void> {
  try {
    await page.waitForSelector(`#report-state[data-state="${state}"]`, { timeout: 30_000 });
  } catch (e) {
    const said = await page.evaluate(
      () => `status: ${document.getElementById('status')?.textContent} | report: ${document.getElementById('report-note')?.textContent}`,
    );
    throw new Error(`report state ${state} not shown (${said}): ${(e as Error).message}`);
  }
}

/** Opens the workbook at `path`, syncs it and submits its term report (zh pane). */
async function syncAndSubmit(page: Page, path: string): Promise<void> {
  await openFileInPane(page, path);
  await page.click('#sync');
  await statusAfter(page, /同步完成/);
  await idle(page);
  await page.click('#report-submit');
  await reportState(page, 'submitted');
}

describe('the term report from the pane', () => {
  it('downloads the term report built in the browser, from a chunk the pane loads only then', async () => {
    const sizes = JSON.parse(readFileSync(join(env.pane.dir, 'sizes.json'), 'utf8')) as { eager: string[]; lazy: string[] };
    expect(sizes.lazy.some((f) => /report-download/.test(f))).toBe(true);
    expect(sizes.eager.some((f) => /report-download/.test(f))).toBe(false);
    const page = await openPane();
    await openFileInPane(page, cleanPath);
    const out = join(dir, 'pane-report.docx');
    const download = await downloadTo(page, out, '#term-report');
    expect(download.suggestedFilename()).toBe('GH01-2026-2027-1-学期报告.docx');
    await page.close();
    const text = await docxText(out);
    for (const s of ['国河中心小学2026-2027学年第一学期结对帮扶工作总结', '活动达标月数', '校长签字', '学校盖章'])
      expect(text).toContain(s);

    // The report is in the workbook's language, not the pane's: a Chinese workbook in an English pane.
    const en = await openPane(undefined, 'en');
    await openFileInPane(en, cleanPath);
    const outEn = join(dir, 'pane-report-en-pane.docx');
    await downloadTo(en, outEn, '#term-report');
    await en.close();
    const textEn = await docxText(outEn);
    expect(textEn).toContain('国河中心小学2026-2027学年第一学期结对帮扶工作总结');
    expect(textEn).not.toContain('Principal');
  });

  it('submit → return with an item on its cell → fix → resubmit → approve, and the term is then locked', async () => {
    await addSchool(env.worker, { code: 'GH01', name: '国河中心小学', county: 'CTY01', town: '国河镇' });
    const school = await newToken(env.worker, { role: 'school', school: 'GH01' });
    const bureau = await newToken(env.worker, { role: 'bureau', county: 'CTY01', label: '示范县教育局' });

    const page = await openPane(school);
    await syncAndSubmit(page, cleanPath);
    expect(await page.textContent('#report-state')).toContain('第 1 版');

    // The bureau returns it from its pane: it picks the school's open issue on Assessment row 7's
    // teacher (a teacher in no pairing, cell A7) from the list, and types an item on Schedule A0002's
    // theme (row 3, column F).
    const returning = await openPane(bureau);
    await returning.waitForSelector('#review-panel');
    await returning.fill('#totals-term', '2026-2027-1');
    await returning.click('#load-reviews');
    const li = returning.locator('li.review[data-school="GH01"][data-state="submitted"]');
    await li.waitFor();
    await li.locator('.pick-issues').click();
    const pick = li.locator('input.pick-item[data-code="assessment.not_paired"]');
    try {
      await pick.waitFor({ timeout: 30_000 });
    } catch (e) {
      throw new Error(
        `no pickable issue (${await li.textContent()} | ${await returning.textContent('#review-note')}): ${(e as Error).message}`,
      );
    }
    expect(await pick.getAttribute('data-table')).toBe('assessment');
    expect(await pick.getAttribute('data-column')).toBe('teacher_id');
    const pickedText = (await pick.locator('xpath=..').textContent())!.split('：').slice(1).join('：');
    await pick.check();
    await li.locator('.review-comment').fill('请写完整主题');
    await li.locator('.review-items').fill('schedule, A0002, theme, 主题不完整');
    await li.locator('.return').click();
    await returning.waitForSelector('li.review[data-school="GH01"][data-state="returned"]');
    await returning.close();
    const sent = (await api('GET', '/api/v1/reports/2026-2027-1', school)).json.items as {
      table: string;
      id: string;
      column?: string;
      text: string;
    }[];
    expect(sent.map((x) => [x.table, x.column])).toEqual([
      ['assessment', 'teacher_id'],
      ['schedule', 'theme'],
    ]);

    await idle(page);
    await page.click('#report-refresh');
    await reportState(page, 'returned');
    expect(await page.textContent('#report-comment')).toContain('请写完整主题');
    const marks = page.locator('button.issue[data-code="sync.report_returned"]');
    await marks.first().waitFor();
    const seen = Object.fromEntries(await marks.evaluateAll((xs) => xs.map((x) => [x.getAttribute('data-cell'), x.textContent ?? ''])));
    expect(Object.keys(seen).sort()).toEqual(['A7', 'F3']);
    expect(seen.F3).toContain('主题不完整');
    expect(pickedText.length).toBeGreaterThan(0);
    expect(seen.A7).toContain(pickedText.trim());

    // The school fixes the cell (in the downloaded workbook, which keeps its sync state), syncs, submits again.
    await idle(page);
    const fixedPath = join(dir, 'fixed.xlsx');
    await downloadTo(page, fixedPath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(fixedPath);
    wb.getWorksheet('活动安排')!.getCell('F3').value = '领导联席会议暨本学期工作计划交流';
    await wb.xlsx.writeFile(fixedPath);
    await syncAndSubmit(page, fixedPath);
    expect(await page.textContent('#report-state')).toContain('第 2 版');
    expect(await page.locator('button.issue[data-code="sync.report_returned"]').count()).toBe(0);

    // The bureau approves it from its review list in the pane.
    const review = await openPane(bureau);
    await review.waitForSelector('#review-panel');
    await review.fill('#totals-term', '2026-2027-1');
    await review.click('#load-reviews');
    const row = review.locator('li.review[data-school="GH01"]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('submitted');
    await row.locator('.approve').click();
    await review.waitForSelector('li.review[data-school="GH01"][data-state="approved"]');
    await review.close();

    await idle(page);
    await page.click('#report-refresh');
    await reportState(page, 'approved');
    await page.close();
    const locked = await api('POST', '/api/v1/sync', school, {
      batch_id: 'after-approval',
      term: '2026-2027-1',
      template_version: 1,
      school: 'GH01',
      rows: [],
    });
    expect(locked.status).toBe(423);
    expect((locked.json.error as { code: string; message: string }).message).toContain('示范县教育局');
  });
});
