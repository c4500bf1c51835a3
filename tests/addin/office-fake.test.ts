/**
 * The fake refuses what Excel refuses (docs/addin.md, "What the fake enforces"): each rule on its
 * own, so a change to the fake that loosens one fails here, not silently in the adapter's suite.
 */
import { describe, expect, it } from 'vitest';
import { FakeExcel, PAYLOAD_LIMIT } from './fake-excel';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = any;

function book(profile?: ConstructorParameters<typeof FakeExcel>[0]): FakeExcel {
  const xl = new FakeExcel(profile);
  xl.addSheet('A', [['x']]);
  xl.addSheet('B');
  return xl;
}

describe('the fake Excel', () => {
  it('throws UndoNotSupported for Worksheet.delete inside an undo group, and counts it as clearing undo outside', async () => {
    const xl = book();
    const r = xl.runner();
    await expect(r.run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('B').delete(), { mergeUndoGroup: true })).rejects.toThrow(
      /UndoNotSupported/,
    );
    expect(xl.sheets.has('B')).toBe(true);
    await r.run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('B').delete());
    expect(xl.undoCleared).toEqual(['Worksheet.delete']);
  });

  it('on the web allows visibility and rename inside a group; on Windows/Mac throws UndoNotSupported', async () => {
    const web = book({ host: 'web' });
    await web.runner().run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('B').visibility = 'Hidden'), { mergeUndoGroup: true });
    const desk = book();
    await expect(
      desk.runner().run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('B').name = 'C'), { mergeUndoGroup: true }),
    ).rejects.toThrow(/UndoNotSupported/);
  });

  it('refuses to delete a VeryHidden sheet or to hide or delete the last visible one (InvalidOperation)', async () => {
    const xl = book();
    const r = xl.runner();
    await r.run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('B').visibility = 'VeryHidden'));
    await expect(r.run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('B').delete())).rejects.toThrow(/InvalidOperation/);
    await expect(r.run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('A').visibility = 'Hidden'))).rejects.toThrow(
      /InvalidOperation/,
    );
    await expect(r.run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('A').delete())).rejects.toThrow(/InvalidOperation/);
    await r.run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('B').visibility = 'Hidden'));
    await r.run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('B').delete());
    expect(xl.sheets.has('B')).toBe(false);
  });

  it('reads =, + and - text as formulas and numeric text as numbers, unless the cell is formatted as text', async () => {
    const xl = book();
    await xl.runner().run(async (ctx: Ctx) => {
      const ws = ctx.workbook.worksheets.getItem('A');
      ws.getRangeByIndexes(0, 0, 1, 4).values = [['=a', '-b', '001', '2026-09-01']];
      const text = ws.getRangeByIndexes(1, 0, 1, 3);
      text.numberFormat = [['@', '@', '@']];
      text.values = [['=a', '-b', '001']];
    });
    expect(xl.formula('A', 'A1')).toBe('=a');
    expect(xl.formula('A', 'B1')).toBe('=-b');
    expect(xl.value('A', 'C1')).toBe(1);
    expect(typeof xl.value('A', 'D1')).toBe('number');
    expect([xl.value('A', 'A2'), xl.value('A', 'B2'), xl.value('A', 'C2')]).toEqual(['=a', '-b', '001']);
    expect(xl.formula('A', 'A2')).toBeUndefined();
  });

  it('refuses every write to a protected sheet (AccessDenied)', async () => {
    const xl = book();
    xl.sheets.get('A')!.protected = true;
    const r = xl.runner();
    await expect(
      r.run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('A').getRangeByIndexes(0, 0, 1, 1).values = [['y']])),
    ).rejects.toThrow(/AccessDenied/);
    await expect(r.run(async (ctx: Ctx) => (ctx.workbook.worksheets.getItem('A').getRange('A1').numberFormat = [['@']]))).rejects.toThrow(
      /AccessDenied/,
    );
    expect(xl.value('A', 'A1')).toBe('x');
  });

  it('refuses a setting past its size (InvalidArgument)', async () => {
    const xl = book();
    await expect(xl.runner().run(async (ctx: Ctx) => ctx.workbook.settings.add('k', '汉'.repeat(400_000)))).rejects.toThrow(
      /InvalidArgument/,
    );
    expect(xl.settings.has('k')).toBe(false);
  });

  it('refuses a proxy used after its Excel.run ended (InvalidObjectPath)', async () => {
    const xl = book();
    const ws = await xl.runner().run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('A'));
    expect(() => ws.activate()).toThrow(/InvalidObjectPath/);
    expect(() => (ws.getRangeByIndexes(0, 0, 1, 1).values = [['z']])).toThrow(/InvalidObjectPath/);
  });

  it('refuses a property read before load and sync (PropertyNotLoaded)', async () => {
    const xl = book();
    await expect(
      xl.runner().run(async (ctx: Ctx) => ctx.workbook.worksheets.getItem('A').getRangeByIndexes(0, 0, 1, 1).load('values').values),
    ).rejects.toThrow(/PropertyNotLoaded/);
  });

  it('fails a request over 5 MB of UTF-8', async () => {
    const xl = book();
    const big = '汉'.repeat(Math.ceil(PAYLOAD_LIMIT / 3) + 10);
    await expect(
      xl.runner().run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('A').getRangeByIndexes(0, 0, 1, 1).values = [[big]];
        await ctx.sync();
      }),
    ).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
  });

  it('removes an event handler only when its own context syncs the removal', async () => {
    const xl = book();
    const r = xl.runner();
    const result = await r.run(async (ctx: Ctx) => {
      const h = ctx.workbook.worksheets.onChanged.add(async () => undefined);
      await ctx.sync();
      return h;
    });
    await r.run(async (ctx: Ctx) => {
      result.remove();
      await ctx.sync();
    });
    expect(xl.changeHandlers.length).toBe(1);
    await r.resume(result.context, async (ctx: Ctx) => {
      result.remove();
      await ctx.sync();
    });
    expect(xl.changeHandlers.length).toBe(0);
  });

  it('raises onChanged after the add-in’s writes, with triggerSource from ExcelApi 1.14 only', async () => {
    for (const [apiVersion, source] of [
      ['1.14', 'ThisLocalAddin'],
      ['1.13', undefined],
    ] as const) {
      const xl = book({ apiVersion });
      const seen: unknown[] = [];
      const r = xl.runner();
      await r.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.onChanged.add(async (ev: { triggerSource?: string }) => seen.push(ev.triggerSource));
        await ctx.sync();
      });
      await r.run(async (ctx: Ctx) => {
        ctx.workbook.worksheets.getItem('A').getRangeByIndexes(0, 0, 1, 1).values = [['y']];
        await ctx.sync();
      });
      await new Promise((res) => setTimeout(res, 5));
      expect(seen).toEqual([source]);
    }
  });

  it('takes a profile as a list of sets: a set left out is unsupported', async () => {
    const sets = Array.from({ length: 20 }, (_, i) => `ExcelApi 1.${i + 1}`).filter((s) => s !== 'ExcelApi 1.13');
    const xl = book({ sets });
    expect(xl.isSetSupported('ExcelApi', '1.12')).toBe(true);
    expect(xl.isSetSupported('ExcelApi', '1.13')).toBe(false);
    expect(xl.isSetSupported('ExcelApi', '1.20')).toBe(true);
    expect(xl.runner().supportsTableResize).toBe(false);
    expect(xl.runner().supportsUndoGroup).toBe(true);
  });

  it('with a requirement-set profile throws ApiNotFound above it', async () => {
    const xl = book({ apiVersion: '1.17' });
    await expect(xl.runner().run(async (ctx: Ctx) => ctx.workbook.notes.load('items'))).rejects.toThrow(/ApiNotFound/);
    await expect(xl.runner().run(async () => 1, { mergeUndoGroup: true })).rejects.toThrow(/ApiNotFound/);
  });
});
