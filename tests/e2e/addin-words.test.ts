/// <reference lib="dom" />
/**
 * The pane in a teacher's words (issue 15, point 4), file mode in headless Chromium: a new workbook
 * from the template asks before replacing unsaved changes, in the workbook's language, and the label
 * names the new one; the refusal box says what was not written, on which sheet, and goes at the next
 * action or file; accepting mentor suggestions computes the Summary again (5/5 in the download, as
 * the CLI); Suggest says what it did; an error without a cell is drawn as an error; no recheck hint
 * in file mode.
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { fillAll, suggestionPair, suggestionWhy, suggestMentors } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { buildTemplate } from '../../xlsx/build-template';
import { workbookToInput } from '../../xlsx/to-input';
import { TODAY, filePage, inputToXlsx, pageWorkbook, tempDir, usePane, downloadTo } from './addin-helpers';

const env = usePane();
let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = tempDir();
  await inputToXlsx(demoWorkbook(), file('demo.xlsx'));
  // An English workbook, as `jiedui template --lang en` writes it: no term in Program, an empty Schedule.
  await buildTemplate('en').xlsx.writeFile(file('english.xlsx'));
  const noProgram = demoWorkbook();
  await inputToXlsx({ sheets: noProgram.sheets.filter((s) => s.name !== '项目信息') }, file('no-program.xlsx'));
}, 120_000);

const openPane = (lang: 'zh' | 'en') => filePage(env, lang);

/** As a person opens a file: a click on the input, then the file chosen (the same one again, too). */
async function open(page: Page, name: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#file-input')]);
  await chooser.setFiles(file(name));
  await page.waitForFunction((n) => document.getElementById('status')?.textContent?.includes(n), name);
}

const status = (page: Page) => page.textContent('#status');
const idle = (page: Page) => page.waitForFunction(() => !document.body.classList.contains('busy'));
const sheetNames = (page: Page) =>
  page.evaluate(() => (window as unknown as { __jiedui: { port: { sheetNames(): Promise<string[]> } } }).__jiedui.port.sheetNames());

describe('the pane in a teacher’s words', () => {
  it('asks before a new workbook replaces unsaved changes, in the workbook’s language; the label names the new workbook', async () => {
    const page = await openPane('zh');
    const asked: string[] = [];
    let answer = false;
    // A browser dialog would be a failure: Excel refuses window.confirm and Office.js replaces it.
    page.on('dialog', (d) => {
      asked.push(`browser dialog: ${d.message()}`);
      void d.dismiss();
    });
    /** Clicks New workbook; answers the pane's own question (#ask) when it comes. */
    const newWorkbook = async () => {
      await idle(page); // a fill's recheck may still run: a click while busy is not taken
      await page.click('#new-workbook');
      const q = page.locator('#ask-text');
      const done = page.waitForFunction(() => /已从模板新建|未新建/.test(document.getElementById('status')?.textContent ?? ''));
      const shown = await Promise.race([q.waitFor().then(() => true), done.then(() => false)]);
      if (shown) {
        asked.push((await q.textContent()) ?? '');
        await page.click(answer ? '#ask-yes' : '#ask-no');
      }
      await done;
    };
    // Nothing changed yet: no question.
    await open(page, 'demo.xlsx');
    await newWorkbook();
    await page.waitForFunction(() => /已从模板新建/.test(document.getElementById('status')?.textContent ?? ''));
    expect(asked).toEqual([]);
    expect(await page.textContent('#file-name')).toBe('当前文件：结对帮扶.xlsx');

    // Changes not downloaded: asked; "no" keeps the workbook and its changes.
    await open(page, 'demo.xlsx');
    await page.click('#fill-all');
    await page.waitForFunction(() => /已写入 \d+ 个单元格/.test(document.getElementById('status')?.textContent ?? ''));
    await newWorkbook();
    await page.waitForFunction(() => /未新建/.test(document.getElementById('status')?.textContent ?? ''));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^“demo\.xlsx”有 \d+ 处修改尚未下载。从模板新建工作簿会替换它，这些修改将丢失。仍要新建吗？$/);
    expect(await page.textContent('#file-name')).toBe('当前文件：demo.xlsx');
    expect(await sheetNames(page)).toContain('支教与援助');

    // After a download nothing is unsaved: no question.
    await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    await idle(page);
    await newWorkbook();
    await page.waitForFunction(() => /已从模板新建/.test(document.getElementById('status')?.textContent ?? ''));
    expect(asked).toHaveLength(1);

    // An English workbook is asked about in English, in a Chinese pane; "yes" replaces it.
    await open(page, 'english.xlsx');
    await page.click('#check');
    await idle(page);
    await page.click('#plan-term');
    await idle(page);
    await page.click('#fill-all');
    await page.waitForFunction(() => /已写入 [1-9]\d* 个单元格/.test(document.getElementById('status')?.textContent ?? ''));
    answer = true;
    await newWorkbook();
    await page.waitForFunction(() => /已从模板新建/.test(document.getElementById('status')?.textContent ?? ''));
    expect(asked[1]).toMatch(/^“english\.xlsx” has \d+ changes? not downloaded yet\. A new workbook from the template replaces it/);
    expect(await page.textContent('#file-name')).toBe('当前文件：结对帮扶.xlsx');
    expect(await sheetNames(page)).toContain('项目信息');
    await page.close();
  });

  it('the refusal box says what was not written, on which sheet in the workbook’s words, and goes at the next action or file', async () => {
    const page = await openPane('zh');
    await open(page, 'english.xlsx');
    await page.click('#plan-term');
    await page.locator('#refused li').first().waitFor();
    expect(await page.textContent('#refused p')).toBe('以下 1 项未写入：');
    expect(await page.locator('#refused li').allTextContents()).toEqual(['Program：「项目信息」中没有可读的学期，无法生成学期计划']);
    expect(await page.textContent('#refused')).not.toMatch(/单元格已有人工填写|program/);
    // Goes with the next action.
    await page.click('#check');
    await idle(page);
    expect(await page.locator('#refused li').count()).toBe(0);

    // The demo's Schedule is not empty: a sheet-level refusal, named as the workbook names it.
    await open(page, 'demo.xlsx');
    await page.click('#plan-term');
    await page.locator('#refused li').first().waitFor();
    expect(await page.locator('#refused li').allTextContents()).toEqual([
      '活动安排：「活动安排」已有活动，未生成学期计划（只向空的活动安排生成）',
    ]);
    // Switching language keeps it (the box is about the last fill), worded in the pane's new language.
    await page.click('#lang');
    expect(await page.textContent('#refused p')).toBe('1 thing was not written:');
    expect(await page.locator('#refused li').allTextContents()).toEqual([
      '活动安排: “活动安排” already lists activities; no term plan was generated (a plan goes only into an empty Schedule)',
    ]);
    // Opening another file clears it.
    await open(page, 'english.xlsx');
    expect(await page.locator('#refused li').count()).toBe(0);
    await page.close();
  });

  it('Suggest says what it did and shows mentor → mentee with names and why; accepting computes the Summary again, 5/5 in the download as the CLI', async () => {
    const page = await openPane('zh');
    await open(page, 'demo.xlsx');
    await page.click('#fill-all');
    await page.waitForFunction(() => /已写入/.test(document.getElementById('status')?.textContent ?? ''));
    await page.click('#suggest');
    await page.locator('#suggestions input.accept').first().waitFor();
    const expected = suggestMentors(readWorkbook(demoWorkbook()));
    expect(await status(page)).toBe(`推荐了 ${expected.length} 对结对（尚未写入）：勾选要采纳的，再点“写入已采纳的结对”。`);
    expect(await page.locator('#suggestions .pair').allTextContents()).toEqual(expected.map((s) => suggestionPair(s, 'zh')));
    expect(await page.locator('#suggestions .why').allTextContents()).toEqual(expected.map((s) => suggestionWhy(s, 'zh')));
    expect(await page.textContent('#suggestions .pair')).toBe('陈晓东（T004） → 郑秀英（T010）');
    const checkedPairings = () =>
      page.evaluate(
        () =>
          (window as unknown as { __jiedui: { last: { read: { sheets: { pairings: { rows: unknown[] } } } } } }).__jiedui.last.read.sheets
            .pairings.rows.length,
      );
    const before = await checkedPairings();
    await page.click('#apply-suggestions');
    await page.waitForFunction(() => /已写入 [1-9]\d* 个单元格/.test(document.getElementById('status')?.textContent ?? ''));
    await idle(page);
    const out = file('accepted.xlsx');
    await downloadTo(page, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const summary = wb.getWorksheet('目标完成情况')!;
    const row = [...Array(summary.actualRowCount).keys()]
      .map((i) => summary.getRow(i + 1))
      .find((r) => r.getCell(1).value === '新教师结对')!;
    expect([row.getCell(2).value, row.getCell(3).value, row.getCell(5).value]).toEqual([5, 5, '已完成']);
    // The CLI's `fill --match` gives the same Summary.
    const cli = fillAll(demoWorkbook(), { today: TODAY, match: true }).writes.filter((w) => w.sheetName === '目标完成情况');
    const downloaded = workbookToInput(wb).sheets.find((s) => s.name === '目标完成情况')!.values;
    for (const w of cli) expect(downloaded[w.row - 1][w.col - 1], `${w.row},${w.col}`).toEqual(w.value);
    // And the issue list was refreshed by a check of the workbook with the new pairing.
    expect(await checkedPairings()).toBe(before + expected.length);
    await page.close();
  });

  it('writing with nothing ticked says so instead of "wrote 0 cells"', async () => {
    const page = await openPane('zh');
    await open(page, 'demo.xlsx');
    await page.click('#suggest');
    await page.locator('#suggestions input.accept').first().waitFor();
    for (const box of await page.locator('#suggestions input.accept').all()) await box.uncheck();
    const rows = async () => (await pageWorkbook(page)).getWorksheet('师徒结对')!.actualRowCount;
    const before = await rows();
    await page.click('#apply-suggestions');
    await page.waitForFunction(() => /没有勾选/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await status(page)).toBe('没有勾选要采纳的结对，未写入。');
    expect(await rows()).toBe(before);
    await page.close();
  });

  it('an error without a cell (no Program sheet) is drawn as an error, not greyed; file mode shows no recheck hint', async () => {
    const page = await openPane('en');
    expect(await page.locator('#recheck-hint').count()).toBe(0);
    expect(await page.textContent('#check-panel')).not.toContain('Edits trigger a new check');
    await open(page, 'no-program.xlsx');
    await page.click('#check');
    const missing = page.locator('button.issue[data-code="sheet.missing_program"]');
    await missing.waitFor();
    const look = await missing.evaluate((b) => {
      const withCell = document.querySelector('button.issue[data-cell]:not([data-cell=""])')!;
      return {
        disabled: (b as HTMLButtonElement).disabled,
        color: getComputedStyle(b).color,
        cellColor: getComputedStyle(withCell).color,
        sev: getComputedStyle(b.querySelector('.sev')!).backgroundColor,
        cls: b.className,
      };
    });
    expect(look).toMatchObject({ disabled: false, cls: 'issue error', sev: 'rgb(253, 231, 233)' });
    expect(look.color).toBe(look.cellColor);
    await page.close();
  });
});
