/**
 * Issue 19 for the page: file mode (addin/src/file-port.ts) reads with the CLI's streaming reader
 * and writes every change as a patch of the package, with the CLI's writer, on bytes in memory and
 * the page's own codec (fflate). On the fixtures, the demo with WPS cell images and custom
 * properties added, and the demo saved by LibreOffice (.xlsx -> .ods -> .xlsx): a fill gives the
 * very parts `jiedui fill` gives; every part it does not own is stored byte for byte as it was;
 * every cell it does not write keeps its XML; the sync state and the Totals change only their own
 * sheet and the workbook's lists; marks go only into the download with marks (fill colour and a
 * note, a person's own note kept) and clearing them leaves the bytes as they were; the result
 * opens in LibreOffice.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { FilePort } from '../../addin/src/file-port';
import { STATE_SHEET } from '../../addin/src/sync-state';
import { DEMO_PROGRAM, DEMO_ROWS } from '../../core/demo';
import { fillAll, type FillResult } from '../../core/fill';
import { prepareTables } from '../../xlsx/apply';
import { buildTemplate } from '../../xlsx/build-template';
import { fflateCodec } from '../../xlsx/codec';
import { fillPackage, streamToInput } from '../../xlsx/node-files';
import { columnLetter } from '../../xlsx/ranges';
import { MemorySource, ZipFile } from '../../xlsx/zip';
import { tempDir } from './helpers';

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

const FILES = [
  'demo',
  'demo-extras',
  'lo-demo',
  'template-openpyxl',
  'demo-1904-libreoffice',
  'demo-if-formula-libreoffice',
  'demo-extra-time-column-libreoffice',
  'demo-whole-column-dropdowns',
];
/** Parts a fill may change: worksheets and tables it writes into, styles, and the workbook's lists when it adds a sheet. */
const FILL_OWNS =
  /^(xl\/worksheets\/[^/]+\.xml|xl\/worksheets\/_rels\/[^/]+\.rels|xl\/tables\/[^/]+\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|\[Content_Types\]\.xml)$/;
/** Parts the sync state and the Totals may change besides their own new sheets: the workbook's lists, styles (the bold header). */
const SHEET_OWNS = /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|\[Content_Types\]\.xml|xl\/styles\.xml)$/;

const zipOf = (b: Uint8Array) => ZipFile.from(new MemorySource(b), fflateCodec);

async function stored(zip: ZipFile, name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of zip.rawChunks(zip.entries.get(name)!)) parts.push(c);
  return Buffer.concat(parts);
}

/** Parts of `b` that differ from `a` (by their inflated bytes); fails when a part of `a` is gone or a kept part's stored bytes differ. */
async function changedParts(a: Uint8Array, b: Uint8Array): Promise<{ changed: string[]; added: string[]; kept: number }> {
  const za = await zipOf(a);
  const zb = await zipOf(b);
  const changed: string[] = [];
  let kept = 0;
  for (const name of za.entries.keys()) {
    expect(zb.has(name), `${name} kept`).toBe(true);
    if (Buffer.from(await za.bytes(name)).equals(Buffer.from(await zb.bytes(name)))) {
      expect((await stored(za, name)).equals(await stored(zb, name)), `${name}: stored bytes`).toBe(true);
      kept++;
    } else changed.push(name);
  }
  return { changed, added: [...zb.entries.keys()].filter((n) => !za.has(n)), kept };
}

/** Every sheet's cells as XML by reference: `sheet -> ref -> <c ...>`. */
async function cellXml(bytes: Uint8Array): Promise<Map<string, Map<string, string>>> {
  const zip = await zipOf(bytes);
  const out = new Map<string, Map<string, string>>();
  const wb = (await zip.text(zip.find('xl/workbook.xml')!))!;
  const rels = (await zip.text(zip.find('xl/_rels/workbook.xml.rels')!))!;
  for (const m of wb.matchAll(/<(?:x:)?sheet\b[^>]*?name="([^"]*)"[^>]*>/g)) {
    const rid = /\s\w+:id="([^"]+)"/.exec(m[0])![1];
    const rel = new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*>`).exec(rels)![0];
    const t = /Target="([^"]+)"/.exec(rel)![1];
    const part = zip.find(t.startsWith('/') ? t.slice(1) : `xl/${t}`)!;
    const xml = (await zip.text(part))!;
    out.set(m[1], new Map([...xml.matchAll(/<((?:x:)?)c r="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/\1c>)/g)].map((c) => [c[2], c[0]])));
  }
  return out;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const bytesOf = (f: string) => new Uint8Array(readFileSync(at(`${f}.xlsx`)));

async function filled(f: string): Promise<{ port: FilePort; fill: FillResult; before: Uint8Array }> {
  const before = bytesOf(f);
  const port = await FilePort.open(before, `${f}.xlsx`, 'en');
  const fill = fillAll(await port.readSheets(), { today: TODAY });
  await port.applyWrites(fill);
  return { port, fill, before };
}

beforeAll(async () => {
  for (const f of FILES) {
    try {
      copyFileSync(join(FIXTURES, `${f}.xlsx`), at(`${f}.xlsx`));
    } catch {
      // built below
    }
  }
  const demo = buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM });
  prepareTables(demo);
  writeFileSync(at('demo.xlsx'), new Uint8Array(await demo.xlsx.writeBuffer()));
  // the demo with parts ExcelJS drops: WPS cell images and their media, custom properties
  const wps = await JSZip.loadAsync(readFileSync(join(FIXTURES, 'sheetjs-wps-image.xlsx')));
  const extras = await JSZip.loadAsync(readFileSync(at('demo.xlsx')));
  for (const n of Object.keys(wps.files).filter(
    (n) => /^xl\/(cellimages\.xml|_rels\/cellimages\.xml\.rels|media\/)/.test(n) && !wps.files[n].dir,
  ))
    extras.file(n, await wps.file(n)!.async('nodebuffer'));
  extras.file(
    'docProps/custom.xml',
    '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="学校"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">GH01</vt:lpwstr></property></Properties>',
  );
  writeFileSync(at('demo-extras.xlsx'), await extras.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  // the demo saved by LibreOffice: .xlsx -> .ods -> .xlsx
  await soffice(['--convert-to', 'ods', '--outdir', at('ods'), at('demo.xlsx')]);
  await soffice(['--convert-to', 'xlsx', '--outdir', at('back'), at('ods/demo.ods')]);
  copyFileSync(at('back/demo.xlsx'), at('lo-demo.xlsx'));
}, 300_000);

describe('file mode writes a patch of the package', () => {
  it.each(FILES)('%s: a fill gives the parts `jiedui fill` gives, every part it does not own stored as it was', async (f) => {
    const { port, before } = await filled(f);
    // the CLI's fill of the same file
    const cli = fillAll(await streamToInput(at(`${f}.xlsx`)), { today: TODAY });
    await fillPackage(at(`${f}.xlsx`), at(`${f}-cli.xlsx`), cli, (await streamToInput(at(`${f}.xlsx`))).sheets);
    const za = await zipOf(port.bytes);
    const zc = await zipOf(new Uint8Array(readFileSync(at(`${f}-cli.xlsx`))));
    expect([...za.entries.keys()]).toEqual([...zc.entries.keys()]);
    for (const name of za.entries.keys())
      expect(Buffer.from(await za.bytes(name)).equals(Buffer.from(await zc.bytes(name))), `${f}: ${name} as the CLI writes it`).toBe(true);
    const { changed, kept } = await changedParts(before, port.bytes);
    expect(changed.length).toBeGreaterThan(0);
    for (const name of changed) expect(name, `${f}: ${name} changed`).toMatch(FILL_OWNS);
    expect(kept).toBeGreaterThan(3);
  });

  it.each(FILES)('%s: every cell the fill did not write keeps its XML exactly', async (f) => {
    const { port, fill, before } = await filled(f);
    const written = new Set(fill.writes.map((w) => `${w.sheetName}!${columnLetter(w.col)}${w.row}`));
    const a = await cellXml(before);
    const b = await cellXml(port.bytes);
    let compared = 0;
    for (const [sheet, cells] of a) {
      for (const [ref, cx] of cells) {
        if (written.has(`${sheet}!${ref}`)) continue;
        expect(b.get(sheet)?.get(ref), `${f} ${sheet}!${ref}`).toBe(cx);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('keeps WPS cell images, their media and custom properties byte for byte through fill, state, Totals and marks', async () => {
    const { port, before } = await filled('demo-extras');
    await port.writeState([
      ['key', 'value'],
      ['last_sync', '2026-11-20'],
      ['rows', 3],
    ]);
    await port.writeReport({
      name: '汇总',
      rows: [
        ['学校', '活动数'],
        ['GH01', 4],
      ],
    });
    await port.setMarks([{ sheetName: '教师名册', cell: 'B3', severity: 'error', message: '重复' }]);
    const withMarks = await port.toBytes({ marks: true });
    const za = await zipOf(before);
    for (const out of [port.bytes, withMarks]) {
      const zb = await zipOf(out);
      const extras = [...za.entries.keys()].filter((n) => /cellimages|media\/|docProps\/custom/.test(n));
      expect(extras.length).toBeGreaterThanOrEqual(3);
      for (const n of extras) expect((await stored(za, n)).equals(await stored(zb, n)), n).toBe(true);
    }
  });

  it('the sync state: a very hidden sheet of its own, read back as written (an ISO day stays text), replaced in place', async () => {
    const { port } = await filled('demo');
    const afterFill = port.bytes;
    expect(await port.readState()).toBeNull();
    const rows = [
      ['key', 'value'],
      ['last_sync', '2026-11-20'],
      ['count', 12],
      ['note', ' 空格 & <x> '],
    ];
    await port.writeState(rows);
    expect(await port.readState()).toEqual(rows);
    const first = await changedParts(afterFill, port.bytes);
    for (const name of first.changed) expect(name).toMatch(SHEET_OWNS);
    expect(first.added).toHaveLength(1);
    const wbXml = (await (await zipOf(port.bytes)).text('xl/workbook.xml'))!;
    expect(wbXml).toMatch(new RegExp(`<sheet name="${STATE_SHEET}" sheetId="\\d+" state="veryHidden"`));
    // written again: the same sheet, its cells replaced; nothing else changes
    const once = port.bytes;
    await port.writeState([
      ['key', 'value'],
      ['count', 13],
    ]);
    expect(await port.readState()).toEqual([
      ['key', 'value'],
      ['count', 13],
    ]);
    const second = await changedParts(once, port.bytes);
    expect(second.added).toEqual([]);
    expect(second.changed).toEqual(first.added);
    expect((await port.sheetNames()).filter((n) => n === STATE_SHEET)).toHaveLength(1);
  });

  it('the Totals: written in place with a bold header, no chart (chart: false), the other sheets untouched', async () => {
    const port = await FilePort.open(bytesOf('demo'), 'demo.xlsx');
    const before = port.bytes;
    const report = {
      name: 'Totals',
      rows: [
        ['学校', '活动数', '合格率'],
        ['GH01', 4, 0.75],
        ['合计', 4, 0.75],
      ],
      chart: { title: 't', top: 1, left: 1, rows: 2, cols: 3, anchorCol: 5 },
    };
    expect(await port.writeReport(report)).toEqual({ chart: false });
    const names = await port.sheetNames();
    expect(names[names.length - 1]).toBe('Totals');
    const added = await changedParts(before, port.bytes);
    for (const name of added.changed) expect(name).toMatch(SHEET_OWNS);
    expect((await port.readSheets()).sheets.find((s) => s.name === 'Totals')!.values).toEqual(report.rows);
    // again, shorter: replaced in place, the sheet where it was
    const once = port.bytes;
    await port.writeReport({
      name: 'Totals',
      rows: [
        ['学校', '活动数'],
        ['GH02', 1],
      ],
    });
    expect(await port.sheetNames()).toEqual(names);
    expect((await port.readSheets()).sheets.find((s) => s.name === 'Totals')!.values).toEqual([
      ['学校', '活动数'],
      ['GH02', 1],
    ]);
    const again = await changedParts(once, port.bytes);
    expect(again.added).toEqual([]);
    expect(again.changed.every((n) => /^xl\/worksheets\/sheet\d+\.xml$|^xl\/styles\.xml$/.test(n))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ab(port.bytes));
    expect(wb.getWorksheet('Totals')!.getCell('A1').font?.bold).toBe(true);
    expect(wb.getWorksheet('Totals')!.getCell('A2').font?.bold).not.toBe(true);
  });

  it("marks: only in the download with marks (fill colour, a note, a person's own note kept); clearing them leaves the bytes as they were", async () => {
    // the demo with a person's own note on 教师名册!B2
    const wb0 = new ExcelJS.Workbook();
    await wb0.xlsx.load(ab(readFileSync(at('demo.xlsx'))));
    wb0.getWorksheet('教师名册')!.getCell('B2').note = '我的备注';
    const port = await FilePort.open(new Uint8Array(await wb0.xlsx.writeBuffer()), 'noted.xlsx');
    const before = port.bytes;
    await port.setMarks([
      { sheetName: '教师名册', cell: 'A13', severity: 'error', message: 'T005 重复' },
      { sheetName: '教师名册', cell: 'B2', severity: 'warning', message: '姓名' },
      { sheetName: '师徒结对', cell: 'C2', severity: 'info', message: '提示' },
      { sheetName: '没有这张表', cell: 'A1', severity: 'error', message: 'x' },
    ]);
    expect(port.bytes).toBe(before);
    expect(await port.toBytes()).toBe(before);
    const marked = await port.toBytes({ marks: true });
    const diff = await changedParts(before, marked);
    for (const name of diff.changed)
      expect(name).toMatch(
        /^(xl\/worksheets\/sheet\d+\.xml|xl\/worksheets\/_rels\/sheet\d+\.xml\.rels|xl\/styles\.xml|xl\/comments\d*\.xml|xl\/drawings\/vmlDrawing\d+\.vml|\[Content_Types\]\.xml)$/,
      );
    for (const name of diff.added)
      expect(name).toMatch(/^(xl\/comments\d+\.xml|xl\/drawings\/vmlDrawing\d+\.vml|xl\/worksheets\/_rels\/sheet\d+\.xml\.rels)$/);
    // the cells' values are as they were
    const input = await (await FilePort.open(marked, 'm.xlsx')).readSheets();
    expect(input.sheets.map((s) => s.values)).toEqual((await port.readSheets()).sheets.map((s) => s.values));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ab(marked));
    const t = wb.getWorksheet('教师名册')!;
    expect(JSON.stringify(t.getCell('A13').fill)).toContain('FFFFC7CE');
    expect(String(t.getCell('A13').note)).toContain('T005 重复');
    expect(JSON.stringify(t.getCell('B2').fill)).toContain('FFFFEB9C');
    expect(JSON.stringify(t.getCell('B2').note)).toContain('我的备注');
    expect(JSON.stringify(t.getCell('B2').note)).not.toContain('姓名');
    expect(t.getCell('B13').fill?.type === 'pattern' && JSON.stringify(t.getCell('B13').fill).includes('FFFFC7CE')).toBe(false);
    const p = wb.getWorksheet('师徒结对')!;
    expect(JSON.stringify(p.getCell('C2').fill)).toContain('FFDDEBF7');
    expect(String(p.getCell('C2').note)).toContain('提示');
    await port.clearMarks();
    expect(await port.toBytes({ marks: true })).toBe(before);
  });

  it("opens in LibreOffice after fill, state, Totals and marks; the values are the reader's", async () => {
    const { port } = await filled('demo');
    await port.writeState([
      ['key', 'value'],
      ['count', 12],
    ]);
    await port.writeReport({
      name: 'Totals',
      rows: [
        ['school', 'activities'],
        ['GH01', 4],
      ],
    });
    await port.setMarks([{ sheetName: '教师名册', cell: 'A13', severity: 'error', message: 'T005' }]);
    writeFileSync(at('all.xlsx'), await port.toBytes({ marks: true }));
    await soffice([
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      at('csv'),
      at('all.xlsx'),
    ]);
    const made = readdirSync(at('csv'));
    expect(readFileSync(at('csv/all-Totals.csv'), 'utf8').trim().split(/\r?\n/)).toEqual(['school,activities', 'GH01,4']);
    expect(made).toContain('all-教师名册.csv');
    const teachers = readFileSync(at('csv/all-教师名册.csv'), 'utf8');
    expect(teachers).toContain('T005');
  }, 200_000);

  it('an empty workbook takes the Totals as its one sheet and opens', async () => {
    const port = await FilePort.blank('totals.xlsx');
    expect(await port.sheetNames()).toEqual([]);
    await port.writeReport({
      name: 'Totals',
      rows: [
        ['school', 'n'],
        ['GH01', 2],
      ],
    });
    expect(await port.sheetNames()).toEqual(['Totals']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ab(port.bytes));
    expect(wb.getWorksheet('Totals')!.getCell('B2').value).toBe(2);
  });
});
