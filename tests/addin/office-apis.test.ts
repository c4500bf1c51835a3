/**
 * addin/src/office-apis.ts lists every Office.js member the adapter uses with its requirement set
 * (the fake refuses any member missing there), and every member above the manifest's minimum goes
 * through feature detection: the table names its flag, officeRunner asks isSetSupported for exactly
 * those versions, and the whole port works on a host at the manifest's minimum.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GUARDS, OFFICE_APIS, excelApiVersion, versionAbove } from '../../addin/src/office-apis';
import { OfficePort, officeRunner, withWaitHint, type ExcelRunner } from '../../addin/src/office-port';
import { FakeExcel } from './fake-excel';

const MANIFEST = readFileSync(join(__dirname, '../../manifest.xml'), 'utf8');
const MIN = /<Set Name="ExcelApi" MinVersion="([\d.]+)"\s*\/>/.exec(MANIFEST)![1];

describe('the table of Office.js members', () => {
  it('gives every member a requirement set, and a feature flag to each one above the manifest’s minimum', () => {
    expect(MIN).toMatch(/^1\.\d+$/);
    for (const [member, api] of Object.entries(OFFICE_APIS)) {
      const v = excelApiVersion(api.set);
      expect(v !== null || api.set === 'Common', `${member}: ${api.set}`).toBe(true);
      if (!v) continue;
      const version = `${v[0]}.${v[1]}`;
      if (versionAbove(version, MIN)) expect(api.guard, `${member} (${api.set}) is above ExcelApi ${MIN}`).toBeDefined();
      // The flag asks for the member's set or a later one, never an earlier.
      if (api.guard) expect(versionAbove(version, GUARDS[api.guard]), `${member}: ${api.guard}`).toBe(false);
    }
  });

  it('names no set below the one @types/office-js gives the member (its reference page’s [Api set])', () => {
    const dts = readFileSync(join(__dirname, '../../node_modules/@types/office-js/index.d.ts'), 'utf8');
    const excel = dts.slice(dts.indexOf('declare namespace Excel {'));
    let checked = 0;
    for (const [member, api] of Object.entries(OFFICE_APIS)) {
      const v = excelApiVersion(api.set);
      const [cls, name] = member.split('.');
      const start = v ? excel.search(new RegExp(`\\n    (?:class|interface) ${cls}\\b[^{]*\\{`)) : -1;
      if (start < 0) continue;
      const block = excel.slice(start, excel.indexOf('\n    }', start));
      const decl = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*?)\\*/\\s*(?:readonly\\s+)?${name}\\s*[(:?<]`).exec(block);
      const doc = decl && /\[Api set: ExcelApi (\d+\.\d+)/.exec(decl[1]);
      if (!doc) continue;
      checked++;
      expect(versionAbove(doc[1], `${v![0]}.${v![1]}`), `${member}: the typings say ExcelApi ${doc[1]}, the table ${api.set}`).toBe(false);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('is what the fake checks: a member missing from it fails, and one above the host’s sets throws ApiNotFound', async () => {
    const xl = new FakeExcel({ apiVersion: '1.12' });
    xl.addSheet('S', [['a'], ['b']]);
    xl.addTable('S', 't', { r: 0, c: 0, nr: 2, nc: 1 });
    const runner = xl.runner();
    expect(runner.supportsTableResize).toBe(false);
    await expect(
      runner.run(async (ctx) => {
        const tables = ctx.workbook.worksheets.getItem('S').tables.load('items');
        await ctx.sync();
        tables.items[0].resize(ctx.workbook.worksheets.getItem('S').getRangeByIndexes(0, 0, 3, 1));
      }),
    ).rejects.toThrow(/ApiNotFound: Table.resize/);
    await expect(runner.run(async (ctx) => ctx.workbook.notes.load('items'))).rejects.toThrow(/ApiNotFound/);
    await expect(
      runner.run(async (ctx) => {
        ctx.use('Worksheet.showGridlines');
      }),
    ).rejects.toThrow(/does not list/);
  });
});

describe('officeRunner', () => {
  const g = globalThis as unknown as { Office?: unknown; Excel?: unknown };
  afterEach(() => {
    delete g.Office;
    delete g.Excel;
  });

  it('asks isSetSupported for exactly the versions of GUARDS, and sends no option the host lacks', async () => {
    const asked: string[] = [];
    const seen: unknown[] = [];
    g.Office = {
      context: {
        requirements: {
          isSetSupported: (name: string, v: string) => {
            asked.push(`${name} ${v}`);
            return !versionAbove(v, MIN);
          },
        },
      },
    };
    g.Excel = { run: async (opts: unknown, batch: (ctx: unknown) => Promise<unknown>) => (seen.push(opts), batch({})) };
    const runner = officeRunner();
    expect([...new Set(asked)].sort()).toEqual([...new Set(Object.values(GUARDS))].map((v) => `ExcelApi ${v}`).sort());
    expect(runner.supportsUndoGroup).toBe(false);
    expect(runner.supportsNotes).toBe(false);
    await runner.run(async () => 1, { mergeUndoGroup: runner.supportsUndoGroup });
    // ExcelApi 1.9: neither delayForCellEdit (1.11) nor mergeUndoGroup (1.20).
    expect(seen).toEqual([{}]);
  });
});

describe('the port on a host at the manifest’s minimum', () => {
  it('runs every operation without a member above it', async () => {
    const xl = new FakeExcel({ apiVersion: MIN });
    xl.addSheet('Sheet1');
    const port = new OfficePort(xl.runner());
    expect(await port.createTemplate('zh')).toBe(true);
    const input = await port.readSheets();
    expect(input.sheets.length).toBeGreaterThan(5);
    const out = await port.applyWrites({
      newSheets: [{ key: 'summary', name: '新表', headers: ['a', 'b'] }],
      writes: [
        { sheetName: '教师名册', row: 2, col: 1, value: 'T001' },
        { sheetName: '教师名册', row: 2, col: 2, value: '张三' },
      ],
    });
    expect(out.undoGrouped).toBe(false);
    await port.setMarks([{ sheetName: '教师名册', cell: 'A2', severity: 'error', message: 'x' }]);
    await port.clearMarks();
    await port.writeState([
      ['jiedui-sync', 2, 'wb1'],
      ['teachers', '001', 1, 'h'],
    ]);
    expect((await port.readState())![1][1]).toBe('001');
    await port.writeReport({
      name: '汇总',
      rows: [
        ['学校', '活动', '通过率'],
        ['S1', 2, 0.5],
        ['S2', 3, 1],
      ],
      chart: { title: 't', top: 1, left: 1, rows: 3, cols: 3, anchorCol: 5 },
    });
    await port.select('教师名册', 'A2');
    const stop = await port.watchEdits(() => undefined);
    stop();
    expect(await port.sheetNames()).toContain('教师名册');
  });
});

describe('the hint while Excel holds a batch (a cell being edited)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows after a few seconds without the first sync’s answer, and goes when it comes', async () => {
    vi.useFakeTimers();
    const hints: boolean[] = [];
    let answer!: () => void;
    const held = new Promise<void>((r) => (answer = r));
    const base: ExcelRunner['run'] = async (batch) => batch({ sync: () => held } as unknown as Excel.RequestContext);
    const run = withWaitHint(base, (w) => hints.push(w), 3000);
    const done = run(async (ctx) => {
      await ctx.sync();
      return 1;
    });
    await vi.advanceTimersByTimeAsync(2900);
    expect(hints).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(hints).toEqual([true]);
    answer();
    expect(await done).toBe(1);
    expect(hints).toEqual([true, false]);
  });

  it('says nothing for a batch Excel answers at once', async () => {
    vi.useFakeTimers();
    const hints: boolean[] = [];
    const base: ExcelRunner['run'] = async (batch) => batch({ sync: async () => undefined } as unknown as Excel.RequestContext);
    const run = withWaitHint(base, (w) => hints.push(w), 3000);
    const done = run(async (ctx) => {
      await ctx.sync();
      await new Promise((r) => setTimeout(r, 10_000));
    });
    await vi.advanceTimersByTimeAsync(20_000);
    await done;
    expect(hints).toEqual([]);
  });
});
