/**
 * Issue 19: fill patches the package. For every fixture (the workbooks of the issue, our template as
 * openpyxl saves it, the template and the demo saved by LibreOffice as .ods and back, the demo with
 * WPS cell images, custom properties and media added, and the demo with every part's XML under an
 * `x:` namespace prefix): fill, then every part other than the ones fill owns is byte-identical
 * (stored bytes too), every cell fill did not write keeps its XML exactly, every sheet's values as
 * LibreOffice exports them (CSV per sheet) are unchanged outside the cells written, dates stay in
 * the workbook's date system, and the output opens in LibreOffice. A workbook with no Program sheet
 * is refused (exit 2, nothing written).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillAll } from '../../core/fill';
import { streamToInput } from '../../xlsx/node-files';
import { columnLetter } from '../../xlsx/ranges';
import type { ZipFile } from '../../xlsx/zip';
import { openZip } from '../../xlsx/zip-node';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const FIXTURES = resolve(__dirname, '../fixtures');
const TODAY = '2026-11-20';
const at = (f: string) => join(dir, f);
const profile = join(dir, 'lo-profile');

function soffice(args: string[]): Promise<void> {
  return new Promise((res, rej) =>
    execFile(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, ...args],
      { timeout: 170_000 },
      (e, _o, err) => (e ? rej(new Error(`${e.message}\n${err}`)) : res()),
    ),
  );
}

/** Parts fill may change: worksheets and tables it writes into, styles, and the workbook's lists when it adds a sheet. */
const OWNED =
  /^(xl\/worksheets\/[^/]+\.xml|xl\/worksheets\/_rels\/[^/]+\.rels|xl\/tables\/[^/]+\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|\[Content_Types\]\.xml)$/;

const FILLED = [
  'template-openpyxl',
  'demo-1904-libreoffice',
  'demo-if-formula-libreoffice',
  'demo-extra-time-column-libreoffice',
  'demo-whole-column-dropdowns',
  'lo-template',
  'lo-demo',
  'demo-extras',
  'demo-prefixed',
  // no Summary sheet: fill adds one (a worksheet and its table, the workbook's lists appended to)
  'no-summary',
  'no-summary-prefixed',
];

/** Every element of the main namespace under an `x:` prefix, as the Open XML SDK writes. */
async function prefixed(src: Buffer): Promise<Buffer> {
  const pre = await JSZip.loadAsync(src);
  for (const n of Object.keys(pre.files).filter((n) =>
    /^xl\/(workbook|styles|sharedStrings|worksheets\/[^/]+|tables\/[^/]+)\.xml$/.test(n),
  )) {
    const xml = await pre.file(n)!.async('string');
    pre.file(
      n,
      xml
        .replace(
          / xmlns="http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main"/,
          ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        )
        .replace(/<(\/?)(?![A-Za-z][\w.-]*:)([A-Za-z])/g, '<$1x:$2'),
    );
  }
  return pre.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
const NOT_OURS = ['calamine-date_1904', 'calamine-table_with_absolute_paths', 'exceljs-test-issue-1842', 'sheetjs-wps-image'];

async function raw(zip: ZipFile, name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of zip.rawChunks(zip.entries.get(name)!)) parts.push(c);
  return Buffer.concat(parts);
}

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  for (const f of [...FILLED, ...NOT_OURS])
    if (existsSync(join(FIXTURES, `${f}.xlsx`))) copyFileSync(join(FIXTURES, `${f}.xlsx`), at(`${f}.xlsx`));
  expect((await jiedui(['template', '-o', 'tpl.xlsx'], dir)).code).toBe(0);
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  // the template and the demo saved by LibreOffice: .xlsx -> .ods -> .xlsx
  await soffice(['--convert-to', 'ods', '--outdir', at('ods'), at('tpl.xlsx'), at('demo.xlsx')]);
  await soffice(['--convert-to', 'xlsx', '--outdir', at('back'), at('ods/tpl.ods'), at('ods/demo.ods')]);
  copyFileSync(at('back/tpl.xlsx'), at('lo-template.xlsx'));
  copyFileSync(at('back/demo.xlsx'), at('lo-demo.xlsx'));
  // the demo with parts ExcelJS drops: WPS cell images and their media, custom properties
  const wps = await JSZip.loadAsync(readFileSync(join(FIXTURES, 'sheetjs-wps-image.xlsx')));
  const demo = await JSZip.loadAsync(readFileSync(at('demo.xlsx')));
  for (const n of Object.keys(wps.files).filter(
    (n) => /^xl\/(cellimages\.xml|_rels\/cellimages\.xml\.rels|media\/)/.test(n) && !wps.files[n].dir,
  ))
    demo.file(n, await wps.file(n)!.async('nodebuffer'));
  demo.file(
    'docProps/custom.xml',
    '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="学校"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">GH01</vt:lpwstr></property></Properties>',
  );
  writeFileSync(at('demo-extras.xlsx'), await demo.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  // the demo as the Open XML SDK writes it: every element of the main namespace under a prefix
  writeFileSync(at('demo-prefixed.xlsx'), await prefixed(readFileSync(at('demo.xlsx'))));
  const noSummary = new ExcelJS.Workbook();
  await noSummary.xlsx.readFile(at('demo.xlsx'));
  noSummary.removeWorksheet(noSummary.getWorksheet('目标完成情况')!.id);
  await noSummary.xlsx.writeFile(at('no-summary.xlsx'));
  writeFileSync(at('no-summary-prefixed.xlsx'), await prefixed(readFileSync(at('no-summary.xlsx'))));
  const runs = await Promise.all(FILLED.map((f) => jiedui(['fill', `${f}.xlsx`, '-o', `${f}-filled.xlsx`, '--today', TODAY], dir)));
  runs.forEach((r, i) => expect(r.code, `${FILLED[i]}: ${r.stderr}`).toBe(0));
}, 400_000);

describe('fill as a patch of the package', () => {
  it.each(FILLED)('%s: every part it does not own is stored byte for byte as it was', async (f) => {
    const a = await openZip(at(`${f}.xlsx`));
    const b = await openZip(at(`${f}-filled.xlsx`));
    try {
      let kept = 0;
      for (const name of a.entries.keys()) {
        expect(b.has(name), name).toBe(true);
        const same = (await a.text(name)) === (await b.text(name));
        if (!same) expect(name, `${f}: ${name} changed`).toMatch(OWNED);
        else {
          expect((await raw(a, name)).equals(await raw(b, name)), `${name} stored bytes`).toBe(true);
          kept++;
        }
      }
      expect(kept).toBeGreaterThan(3);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.each(FILLED)('%s: every cell fill did not write keeps its XML exactly', async (f) => {
    const input = await streamToInput(at(`${f}.xlsx`));
    const fill = fillAll(input, { today: TODAY });
    const written = new Set(fill.writes.map((w) => `${w.sheetName}!${columnLetter(w.col)}${w.row}`));
    const a = await openZip(at(`${f}.xlsx`));
    const b = await openZip(at(`${f}-filled.xlsx`));
    try {
      let compared = 0;
      const wb = (await a.text('xl/workbook.xml'))!;
      const rels = (await a.text('xl/_rels/workbook.xml.rels'))!;
      for (const m of wb.matchAll(/<(?:x:)?sheet\b[^>]*?name="([^"]*)"[^>]*>/g)) {
        const rid = /\s[\w]+:id="([^"]+)"/.exec(m[0])![1];
        const target = new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*>`).exec(rels)![0];
        const t = /Target="([^"]+)"/.exec(target)![1];
        const part = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
        const before = (await a.text(part))!;
        const after = (await b.text(part))!;
        const cells = (xml: string) =>
          new Map([...xml.matchAll(/<((?:x:)?)c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/\1c>)/g)].map((c) => [c[2], c[0]]));
        const ca = cells(before);
        const cb = cells(after);
        for (const [ref, cx] of ca) {
          if (written.has(`${m[1]}!${ref}`)) continue;
          expect(cb.get(ref), `${f} ${m[1]}!${ref}`).toBe(cx);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(50);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("opens in LibreOffice, every sheet's values unchanged outside the cells written, dates in the workbook's own system", async () => {
    const files = FILLED.flatMap((f) => [at(`${f}.xlsx`), at(`${f}-filled.xlsx`)]);
    await soffice([
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      at('csv'),
      ...files,
    ]);
    const made = readdirSync(at('csv'));
    for (const f of FILLED) {
      const input = await streamToInput(at(`${f}.xlsx`));
      const fill = fillAll(input, { today: TODAY });
      const written = new Set(fill.writes.map((w) => `${w.sheetName}!${w.row}:${w.col}`));
      let sheets = 0;
      for (const s of input.sheets) {
        const before = made.find((m) => m === `${f}-${s.name}.csv`);
        const after = made.find((m) => m === `${f}-filled-${s.name}.csv`);
        expect(after, `${f}-filled-${s.name}.csv`).toBeDefined();
        if (!before) continue;
        const rb = csvRows(readFileSync(at(`csv/${before}`), 'utf8'));
        const ra = csvRows(readFileSync(at(`csv/${after!}`), 'utf8'));
        for (let r = 0; r < rb.length; r++) {
          for (let c = 0; c < rb[r].length; c++) {
            if (written.has(`${s.name}!${r + 1}:${c + 1}`)) continue;
            expect(ra[r]?.[c] ?? '', `${f} ${s.name} row ${r + 1} col ${c + 1}`).toBe(rb[r][c]);
          }
        }
        sheets++;
      }
      expect(sheets).toBeGreaterThan(2);
    }
    // the sheet fill added is there with its header and figures, in LibreOffice and in validate's reader
    for (const f of ['no-summary', 'no-summary-prefixed']) {
      const summary = csvRows(readFileSync(at(`csv/${f}-filled-目标完成情况.csv`), 'utf8'));
      expect(summary[0].slice(0, 5)).toEqual(['指标', '目标', '完成', '完成率', '状态']);
      expect(summary.length).toBeGreaterThan(5);
      const read = await streamToInput(at(`${f}-filled.xlsx`));
      expect(read.sheets.map((s) => s.name)).toContain('目标完成情况');
    }
    // the 1904 workbook keeps its flag, and the dates fill wrote read back as the days it wrote
    const wbXml = await (
      await JSZip.loadAsync(readFileSync(at('demo-1904-libreoffice-filled.xlsx')))
    )
      .file('xl/workbook.xml')!
      .async('string');
    expect(wbXml).toMatch(/date1904="true"/);
    const again = await streamToInput(at('demo-1904-libreoffice-filled.xlsx'));
    const fill = fillAll(await streamToInput(at('demo-1904-libreoffice.xlsx')), { today: TODAY });
    const dates = fill.writes.filter((w) => typeof w.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(w.value));
    for (const w of dates) expect(again.sheets.find((s) => s.name === w.sheetName)!.values[w.row - 1][w.col - 1]).toBe(w.value);
    // the formula's cached text and the 14:00 time are as they were (no NaN, no 13:59)
    const ifCsv = made
      .filter((m) => m.startsWith('demo-if-formula-libreoffice-filled-'))
      .map((m) => readFileSync(at(`csv/${m}`), 'utf8'))
      .join('\n');
    expect(ifCsv).not.toMatch(/NaN|#FMT/);
  }, 300_000);

  it.each(NOT_OURS)('%s: no Program sheet, refused with exit 2 and the reason, nothing written', async (f) => {
    const r = await jiedui(['fill', `${f}.xlsx`, '-o', `${f}-filled.xlsx`, '--lang', 'en'], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/not a Jiedui workbook, nothing was written \(.*Program/);
    expect(existsSync(at(`${f}-filled.xlsx`))).toBe(false);
  });

  it.each(NOT_OURS)(
    '%s: report refuses it too, in English without --lang (the workbook has no language of ours), nothing written',
    async (f) => {
      for (const cmd of ['report', 'fill']) {
        const out = `${f}-${cmd}.${cmd === 'report' ? 'docx' : 'xlsx'}`;
        const r = await jiedui([cmd, `${f}.xlsx`, '-o', out], dir);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/not a Jiedui workbook, nothing was written \(.*Program/);
        expect(existsSync(at(out))).toBe(false);
      }
      const zh = await jiedui(['report', `${f}.xlsx`, '-o', `${f}.docx`, '--lang', 'zh'], dir);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain('不是结对帮扶工作簿，未填写任何内容');
    },
  );
});
