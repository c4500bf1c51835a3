/**
 * docs/addin.md's table of features × Excel 2016 / 2019 / 2021 / 2024 / Microsoft 365 / web / Mac
 * says what addin/src/office-apis.ts does: each row names the runner flags it rests on and their
 * ExcelApi version (GUARDS), each column the highest set its Excel has, and a cell says "yes"
 * exactly where the column reaches the row's version. Every flag has a row; the latest column is
 * the fake Excel's latest profile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUARDS, versionAbove, type Guard } from '../../addin/src/office-apis';
import { FakeExcel } from './fake-excel';

const DOC = readFileSync(join(__dirname, '../../docs/addin.md'), 'utf8');

/** The highest ExcelApi set each Excel has (Microsoft's "Excel JavaScript API requirement sets"). */
const HOSTS: [RegExp, string][] = [
  [/^Excel 2016\b/, '1.1'],
  [/^Excel 2019\b/, '1.8'],
  [/^Excel 2021\b/, '1.14'],
  [/^Excel 2024\b/, '1.17'],
  [/^Microsoft 365\b/, '1.20'],
  [/^Excel on the web\b/, '1.20'],
  [/^Mac\b/, '1.20'],
];

function featureTable(): { header: string[]; rows: string[][] } {
  const section = DOC.slice(DOC.indexOf('### Every Excel a school runs'));
  const lines = section.split('\n');
  const at = lines.findIndex((l) => l.startsWith('| Feature'));
  expect(at, 'the feature table under "Every Excel a school runs"').toBeGreaterThan(0);
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const rows: string[][] = [];
  for (let i = at + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
  return { header: cells(lines[at]), rows };
}

describe('docs/addin.md: feature × Excel', () => {
  const { header, rows } = featureTable();
  const columns = header.slice(1).map((h) => ({ name: h, version: /\((\d+\.\d+)\)$/.exec(h)?.[1] }));

  it('has a column for each Excel a school runs, each with the highest ExcelApi set it has', () => {
    expect(columns.length).toBe(HOSTS.length);
    HOSTS.forEach(([name, version], i) => {
      expect(columns[i].name, `column ${i + 1}`).toMatch(name);
      expect(columns[i].version, columns[i].name).toBe(version);
    });
    // The latest column is the fake's latest profile, which the tests run the pane at.
    expect(new FakeExcel().apiVersion).toBe('1.20');
  });

  it('says yes exactly where the Excel has the row’s requirement set, and names every flag of office-apis.ts', () => {
    const named = new Set<Guard>();
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      const [feature, ...cells] = row;
      expect(cells.length, feature).toBe(columns.length);
      const flags = [...feature.matchAll(/`(supports\w+)`/g)].map((m) => m[1]);
      for (const f of flags) expect(Object.keys(GUARDS), `${feature}: ${f}`).toContain(f);
      flags.forEach((f) => named.add(f as Guard));
      // The row's version: the highest its flags ask for, and the one written after them.
      const version = flags
        .map((f) => GUARDS[f as Guard])
        .reduce<string | null>((a, v) => (a === null || versionAbove(v, a) ? v : a), null);
      if (version) expect(feature, feature).toMatch(new RegExp(`, ${version.replace('.', '\\.')}\\)$`));
      cells.forEach((cell, i) => {
        const has = version === null || !versionAbove(version, columns[i].version!);
        if (has) expect(cell, `${feature} on ${columns[i].name}`).toBe('yes');
        else expect(cell, `${feature} on ${columns[i].name}: says what the pane does instead`).toMatch(/^no: \S/);
      });
    }
    expect([...named].sort()).toEqual((Object.keys(GUARDS) as Guard[]).sort());
  });

  it('says plainly that no live Excel 2016 or 2019 was available', () => {
    expect(DOC).toMatch(/No live Excel 2016 or 2019 \(nor 2021, 2024 or a Mac\) was\s+available/);
  });
});
