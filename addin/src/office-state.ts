/// <reference types="office-js" />
/**
 * The very hidden sync-state sheet in Excel: read in row chunks of about STATE_LIMITS.bytesPerSync,
 * written in place in one request, or through a second sheet swapped in by the last request.
 */
import type { CellValue } from '../../core/types';
import { utf8Length } from '../../core/utf8';
import { RANGE_BYTES, STATE_LIMITS, isPayloadTooLarge, rowBytes, widthOf } from './office-budget';
import { has, isMissing, lookupSheets, rangeAt, usedRange } from './office-compat';
import type { ExcelRunner } from './office-runner';
import { STATE_SHEET } from './sync-state';

/** Where a state too large for one request is written before it replaces the old one. */
const STATE_SHEET_NEXT = `${STATE_SHEET}_next`;

/**
 * Whether the sheet is there; its size; then its cells in row chunks of about
 * STATE_LIMITS.bytesPerSync (one chunk below ~30,000 synced rows). A row's bytes are known only
 * once it is read, so the chunk size is learnt from the widest row read so far. The cells are
 * text (`writeState` formats them '@'), so ids and codes come back as the strings written;
 * `StateBook.fromRows` reads every id, code and hash as text all the same.
 */
export async function readStateSheet(runner: ExcelRunner): Promise<CellValue[][] | null> {
  let budget = STATE_LIMITS.bytesPerSync;
  for (;;) {
    try {
      return await runner.run((ctx) => readStateWithin(ctx, runner, budget));
    } catch (e) {
      if (!isPayloadTooLarge(e) || budget < 10_000) throw e;
      budget = Math.floor(budget / 2);
    }
  }
}

async function readStateWithin(ctx: Excel.RequestContext, runner: ExcelRunner, budget: number): Promise<CellValue[][] | null> {
  const lookup = lookupSheets(ctx, runner.supportsNullObjects, [STATE_SHEET]);
  await ctx.sync();
  const [ws] = lookup.found();
  if (!ws) return null;
  const used = usedRange(ws, runner.supportsNullObjects).load('rowIndex,columnIndex,rowCount,columnCount');
  await ctx.sync();
  if (isMissing(used)) return [];
  const out: CellValue[][] = [];
  let perRow = STATE_LIMITS.rowBytesGuess;
  for (let off = 0; off < used.rowCount;) {
    const n = Math.min(used.rowCount - off, Math.max(1, Math.floor(budget / perRow)));
    const range = rangeAt(ws, runner.supportsRangeByIndexes, used.rowIndex + off, used.columnIndex, n, used.columnCount).load('values');
    await ctx.sync();
    let widest = 0;
    for (const r of range.values as CellValue[][]) {
      out.push(r);
      widest = Math.max(widest, utf8Length(JSON.stringify(r)) + 1);
    }
    perRow = off === 0 ? widest : Math.max(perRow, widest);
    off += n;
  }
  return out;
}

/**
 * The state's rows in chunks of at most STATE_LIMITS.bytesPerSync, counting the '@' format each
 * cell carries beside its value. Pure.
 */
export function stateChunks(rows: (string | number)[][], width: number): (string | number)[][][] {
  const textRow = Array<string>(width).fill('@');
  const textBytes = rowBytes(textRow, width);
  const chunks: (string | number)[][][] = [];
  for (let i = 0, start = 0, bytes = 2 * RANGE_BYTES; i <= rows.length; i++) {
    const b = i < rows.length ? rowBytes(rows[i], width) + textBytes : 0;
    if (i === rows.length || (i > start && bytes + b > STATE_LIMITS.bytesPerSync)) {
      if (i > start) chunks.push(rows.slice(start, i));
      start = i;
      bytes = 2 * RANGE_BYTES;
    }
    bytes += b;
  }
  return chunks;
}

/**
 * Whether the sheet is there; then clear, write and hide it, the rows in syncs of at most
 * STATE_LIMITS.bytesPerSync (one below ~40,000 synced rows). Every cell is formatted as text
 * ('@') before its value is set, in the same request: ids and school codes are text ("001",
 * "2026-09-01" as an id), which Excel would otherwise turn into 1 and a date serial.
 */
export async function writeStateSheet(runner: ExcelRunner, rows: (string | number)[][]): Promise<void> {
  await runner.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    const nullObjects = has(runner.supportsNullObjects);
    const hide = has(runner.supportsSheetFormat);
    const lookup = lookupSheets(ctx, nullObjects, [STATE_SHEET, STATE_SHEET_NEXT], 'name,visibility');
    await ctx.sync();
    const [found, leftover] = lookup.found();
    // Below ExcelApi 1.4 a sheet's visibility is not loaded with it: known only where 1.4 is.
    const shown = (w: Excel.Worksheet) => (nullObjects ? w.visibility : 'Unknown');
    const drop = (w: Excel.Worksheet) => {
      if (hide && shown(w) !== 'Visible' && shown(w) !== 'Hidden') w.visibility = 'Hidden';
      w.delete();
    };
    const width = widthOf(rows);
    const chunks = stateChunks(rows, width);
    // One request replaces the state in place. A state that takes several is written into a second
    // sheet and swapped in by the last request: a write cut off half way (the network, the pane
    // closed) leaves the old state whole, never part old and part gone.
    if (leftover) drop(leftover);
    const inPlace = chunks.length <= 1;
    const ws = inPlace ? (found ?? sheets.add(STATE_SHEET)) : sheets.add(STATE_SHEET_NEXT);
    if (inPlace && found) ws.getRange().clear();
    // Very hidden: not listed under Unhide, so nobody edits it by hand. Set only where it is not
    // yet: on Windows and Mac setting a sheet's visibility clears the person's undo stack. Below
    // ExcelApi 1.2 no sheet can be hidden: the state sheet stays in view (the pane says so).
    if (hide && (ws !== found || shown(found) !== 'VeryHidden')) ws.visibility = 'VeryHidden';
    const textRow = Array<string>(width).fill('@');
    let at = 0;
    for (const chunk of chunks) {
      if (at > 0) await ctx.sync();
      const range = rangeAt(ws, runner.supportsRangeByIndexes, at, 0, chunk.length, width);
      range.numberFormat = chunk.map(() => textRow);
      range.values = chunk.map((r) => (r.length === width ? r : [...r, ...Array<string>(width - r.length).fill('')]));
      at += chunk.length;
    }
    if (!inPlace) {
      if (found) drop(found);
      ws.name = STATE_SHEET;
    }
    await ctx.sync();
  });
}
