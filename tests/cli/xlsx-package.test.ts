/**
 * The files the CLI writes must open in Excel and LibreOffice without a repair prompt. Excel's
 * repairs come from package parts that disagree: a table whose columns do not match its header
 * cells, two tables with one name or overlapping ranges, an autoFilter off its table, a list
 * validation over 255 characters. These tests read the package XML itself, and open every file in
 * LibreOffice headless where the converted output must hold the sheet's text.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const FILES = ['template-zh.xlsx', 'template-en.xlsx', 'demo.xlsx', 'filled.xlsx'];

beforeAll(async () => {
  expect((await jiedui(['template', '-o', 'template-zh.xlsx'], dir)).code).toBe(0);
  expect((await jiedui(['template', '--lang', 'en', '-o', 'template-en.xlsx'], dir)).code).toBe(0);
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  expect((await jiedui(['fill', 'demo.xlsx', '-o', 'filled.xlsx', '--match', '--today', '2026-09-01'], dir)).code).toBe(0);
}, 120_000);

const attr = (xml: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseRef(ref: string) {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a range: ${ref}`);
  return { c1: colNumber(m[1]), r1: Number(m[2]), c2: colNumber(m[3]), r2: Number(m[4]) };
}

interface Pkg {
  sheets: { name: string; xml: string; tables: string[] }[];
}

async function openPackage(file: string): Promise<Pkg> {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, file)));
  const text = (p: string) => zip.file(p)!.async('string');
  const shared = [...(await text('xl/sharedStrings.xml').catch(() => '')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const workbook = await text('xl/workbook.xml');
  const wbRels = await text('xl/_rels/workbook.xml.rels');
  const sheets: Pkg['sheets'] = [];
  for (const m of workbook.matchAll(/<sheet [^>]*\/>/g)) {
    const name = unescape(attr(m[0], 'name')!);
    const rid = attr(m[0], 'r:id')!;
    const target =
      new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(wbRels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(wbRels)![1];
    const path = `xl/${target.replace(/^\/?xl\//, '')}`;
    let xml = await text(path);
    // Header cells as plain text, whatever the cell type, so tables can be compared with them.
    xml = xml.replace(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g, (_all, r: string, a: string, inner?: string) => {
      const t = attr(a, 't');
      const v = inner ? /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] : undefined;
      const is = inner ? [...inner.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('') : '';
      const value =
        t === 's' && v !== undefined ? shared[Number(v)] : t === 'inlineStr' ? unescape(is) : v !== undefined ? unescape(v) : '';
      return `<cell r="${r}">${value}</cell>`;
    });
    const relsPath = path.replace(/worksheets\//, 'worksheets/_rels/') + '.rels';
    const rels = zip.file(relsPath) ? await text(relsPath) : '';
    const tables: string[] = [];
    for (const t of rels.matchAll(/Target="\.\.\/tables\/([^"]+)"/g)) tables.push(await text(`xl/tables/${t[1]}`));
    sheets.push({ name, xml, tables });
  }
  return { sheets };
}

const cellText = (sheetXml: string, ref: string) => new RegExp(`<cell r="${ref}">([^<]*)</cell>`).exec(sheetXml)?.[1] ?? '';
const letters = (n: number): string => (n > 26 ? letters(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

describe('the .xlsx packages the CLI writes', () => {
  it.each(FILES)('%s: sheet names, tables and their header cells agree', async (file) => {
    const pkg = await openPackage(file);
    const names = pkg.sheets.map((s) => s.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[[\]:*?/\\]/);
    }
    const tableNames = new Set<string>();
    const tableIds = new Set<string>();
    let tables = 0;
    for (const s of pkg.sheets) {
      const ranges: ReturnType<typeof parseRef>[] = [];
      for (const t of s.tables) {
        tables++;
        const name = attr(t, 'name')!;
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_.]*$/);
        expect(attr(t, 'displayName')).toBe(name);
        expect(tableNames.has(name.toLowerCase()), name).toBe(false);
        tableNames.add(name.toLowerCase());
        const id = /<table [^>]*\sid="(\d+)"/.exec(t)![1];
        expect(tableIds.has(id)).toBe(false);
        tableIds.add(id);
        const ref = attr(t, 'ref')!;
        const r = parseRef(ref);
        expect(r.r2).toBeGreaterThan(r.r1); // a header row and at least one data row
        const filter = /<autoFilter [^>]*ref="([^"]+)"/.exec(t)?.[1];
        if (filter) expect(filter).toBe(ref);
        const cols = [...t.matchAll(/<tableColumn [^>]*name="([^"]*)"/g)].map((m) => unescape(m[1]));
        expect(Number(/<tableColumns count="(\d+)"/.exec(t)![1])).toBe(cols.length);
        expect(cols.length).toBe(r.c2 - r.c1 + 1);
        expect(new Set(cols.map((c) => c.toLowerCase())).size).toBe(cols.length);
        cols.forEach((c, i) => expect(cellText(s.xml, `${letters(r.c1 + i)}${r.r1}`), `${s.name} ${name} column ${i + 1}`).toBe(c));
        for (const o of ranges) {
          const overlap = r.c1 <= o.c2 && o.c1 <= r.c2 && r.r1 <= o.r2 && o.r1 <= r.r2;
          expect(overlap).toBe(false);
        }
        ranges.push(r);
      }
      for (const dv of s.xml.matchAll(/<dataValidation [^>]*type="list"[^>]*>([\s\S]*?)<\/dataValidation>/g)) {
        const formula = /<formula1>([\s\S]*?)<\/formula1>/.exec(dv[1])![1];
        // Excel refuses a literal list longer than 255 characters and repairs the file.
        if (formula.startsWith('&quot;') || formula.startsWith('"')) expect(unescape(formula).length).toBeLessThanOrEqual(257);
      }
    }
    expect(tables).toBeGreaterThanOrEqual(7);
  });

  it('opens in LibreOffice headless, every file, with its text intact', async () => {
    const out = join(dir, 'lo');
    const profile = join(dir, 'lo-profile');
    const args = [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${profile}`,
      '--convert-to',
      'csv',
      '--outdir',
      out,
      ...FILES.map((f) => join(dir, f)),
    ];
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((res) =>
      execFile('soffice', args, { timeout: 110_000 }, (err, _o, e) => res({ code: err ? 1 : 0, stderr: e })),
    );
    expect(code, stderr).toBe(0);
    const made = readdirSync(out).sort();
    expect(made).toEqual(FILES.map((f) => f.replace('.xlsx', '.csv')).sort());
    // The CSV is the first sheet, Program: its labels must have come through.
    expect(readFileSync(join(out, 'demo.csv'), 'utf8')).toContain('GH01');
    expect(readFileSync(join(out, 'template-en.csv'), 'utf8')).toContain('School code');
    writeFileSync(join(out, 'done'), '');
  }, 120_000);
});
