/// <reference lib="dom" />
/**
 * A failed open in the page's file mode (Chromium): an .xls (written by LibreOffice), a WPS .et, a
 * password-protected (encrypted) workbook, random bytes named .xlsx and a zip cut short each get
 * their own message, in the pane's language, with the fix (the menu path); and the workbook open
 * before stays loaded under its old name: the label, the issues, the marks and the download are
 * those of the previous workbook.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkInPane, filePage, openFileInPane, useDemoPane, libreOffice } from './addin-helpers';

const env = useDemoPane();

/** An OLE compound file (its 8-byte signature and a sector of directory) holding `streams` by name. */
function oleFile(streams: string[], extra: Uint8Array = new Uint8Array()): Buffer {
  const head = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(head);
  const dir = Buffer.alloc(512 * 2);
  streams.forEach((s, i) => Buffer.from(s, 'utf16le').copy(dir, i * 128));
  return Buffer.concat([head, dir, Buffer.from(extra)]);
}

const files: Record<string, string> = {};

beforeAll(async () => {
  const dir = env.dir;
  // A real Excel 97-2003 workbook, written by LibreOffice from the demo (bounded).
  await libreOffice(`${dir}/lo`, ['--convert-to', 'xls', '--outdir', dir, env.demoPath]);
  files.xls = join(dir, 'demo.xls');
  // The same old file under an .xlsx name: its bytes, not its name, say what it is.
  files.xlsNamedXlsx = join(dir, 'renamed.xlsx');
  copyFileSync(files.xls, files.xlsNamedXlsx);
  // A WPS Spreadsheets file: OLE with WPS's own streams (ETExtData) and Kingsoft as its creator.
  files.et = join(dir, 'wps.et');
  writeFileSync(files.et, oleFile(['Workbook', 'ETExtData', '\u0005SummaryInformation'], Buffer.from('Kingsoft Office', 'utf16le')));
  // Excel's encrypted .xlsx: an OLE file with EncryptionInfo and EncryptedPackage (ECMA-376 Agile Encryption).
  files.encrypted = join(dir, 'secret.xlsx');
  writeFileSync(files.encrypted, oleFile(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']));
  files.random = join(dir, 'random.xlsx');
  writeFileSync(files.random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
  files.cut = join(dir, 'cut.xlsx');
  const demo = readFileSync(env.demoPath);
  writeFileSync(files.cut, demo.subarray(0, Math.floor(demo.length / 2)));
}, 180_000);

async function checkedDemo(lang: 'zh' | 'en'): Promise<Page> {
  const page = await filePage(env, lang, { query: '&sw=off' });
  await openFileInPane(page, env.demoPath);
  await checkInPane(page);
  return page;
}

/** What says which workbook is open: the label, the issues listed, the marks count, the port's name. */
async function openWorkbook(page: Page) {
  return {
    label: await page.textContent('#file-name'),
    issues: await page.$$eval('#issues button.issue', (els) =>
      els.map((e) => `${e.getAttribute('data-sheet')}!${e.getAttribute('data-cell')} ${e.getAttribute('data-code')}`),
    ),
    marks: await page.textContent('#marks-count'),
    port: await page.evaluate(() => (window as unknown as { __jiedui: { port: { fileName?: string } } }).__jiedui.port.fileName),
  };
}

const CASES: { file: keyof typeof files | string; name: string; en: RegExp; zh: RegExp }[] = [
  {
    file: 'xls',
    name: 'demo.xls',
    en: /old Excel 97-2003 workbook \(\.xls\).*Save it as \.xlsx: in Excel: File > Save As, type "Excel Workbook \(\*\.xlsx\)"; in WPS: File > Save As/,
    zh: /旧版 Excel 97-2003 工作簿（\.xls）.*另存为 \.xlsx：在 Excel 中：文件 > 另存为/,
  },
  {
    file: 'xlsNamedXlsx',
    name: 'renamed.xlsx',
    en: /\(\.xls\), not an \.xlsx, whatever its name says/,
    zh: /（\.xls），不是 \.xlsx（看的是文件内容，不论文件名是什么）/,
  },
  {
    file: 'et',
    name: 'wps.et',
    en: /WPS Spreadsheets file \(\.et\).*Open it in WPS: File > Save As, file type "Excel file \(\*\.xlsx\)"/,
    zh: /WPS 表格文件（\.et）.*请在 WPS 中打开它：文件 > 另存为/,
  },
  {
    file: 'encrypted',
    name: 'secret.xlsx',
    en: /password-protected \(encrypted\).*File > Info > Protect Workbook > Encrypt with Password.*in WPS: File > Document Encryption > Password Encryption/,
    zh: /设有打开密码（已加密）.*文件 > 信息 > 保护工作簿 > 用密码进行加密.*在 WPS 中：文件 > 文档加密 > 密码加密/,
  },
  {
    file: 'random',
    name: 'random.xlsx',
    en: /not an \.xlsx workbook \(an \.xlsx file is a zip archive; this one is not\)/,
    zh: /不是 \.xlsx 工作簿（\.xlsx 文件是 zip 压缩包，这个文件不是）/,
  },
  {
    file: 'cut',
    name: 'cut.xlsx',
    en: /zip structure is damaged \(no zip directory found: the file is cut short .*download or copy it again\)/,
    zh: /zip 结构损坏（找不到 zip 目录：文件不完整.*请重新下载或复制原文件）/,
  },
];

describe.each(['en', 'zh'] as const)('a failed open in file mode (%s)', (lang) => {
  it('says what each file is and how to fix it, and keeps the previous workbook open under its old name', async () => {
    const page = await checkedDemo(lang);
    const before = await openWorkbook(page);
    expect(before.port).toBe('demo.xlsx');
    expect(before.issues.length).toBeGreaterThan(0);
    for (const c of CASES) {
      await page.setInputFiles('#file-input', files[c.file]);
      await page.waitForFunction((n) => (document.getElementById('status')?.textContent ?? '').includes(n), c.name, { timeout: 15_000 });
      await page.waitForSelector('body:not(.busy)', { state: 'attached', timeout: 15_000 });
      const text = (await page.textContent('#status')) ?? '';
      expect(text, c.name).toMatch(c[lang]);
      // Never a zip library's English words, nor an address that runs out of the pane.
      expect(text, c.name).not.toMatch(/central directory|https?:\/\/|undefined/i);
      if (lang === 'zh') expect(text, c.name).not.toMatch(/\b(the|this|is|not an)\b/);
      expect(await openWorkbook(page), c.name).toEqual(before);
    }
    // The download is still the previous workbook's, under its name.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('#download')]);
    expect(download.suggestedFilename()).toBe(lang === 'zh' ? 'demo-已检查.xlsx' : 'demo-checked.xlsx');
    // And a good file after the failures opens as usual.
    await openFileInPane(page, env.demoPath);
    expect(await page.textContent('#file-name')).toContain('demo.xlsx');
    await page.close();
  });
});
