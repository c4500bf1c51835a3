/// <reference types="office-js" />
/**
 * The check's marks in Excel: a fill colour and a note on each cell an issue names, and every
 * trace of them gone again when the issue is. The cells belong to the person: a mark never costs
 * them a colour or a note of their own, also after they recolour a marked cell, insert or sort
 * rows (a mark moves with its cell, the record of it does not) or copy a marked cell elsewhere.
 */
import type { ExcelRunner } from './office-port';
import { MARK_FILL, NOTE_PREFIX, noteText, parseA1, type Mark, type MarkOutcome } from './port';

/** More marks than this help nobody and cost a large request; the list in the pane still shows all. */
export const MAX_MARKS = 2000;

/** Where the marks' undo information lives between sessions: a workbook setting, not a cell. */
const MARKS_SETTING = 'jiedui.marks.v1';

interface MarkRecord {
  sheetName: string;
  cell: string;
  /** The fill the cell had: null when it had none. */
  fill: string | null;
  /**
   * The colour the mark gave the cell. The old fill goes back only while the cell still shows it:
   * any other colour is one a person chose since. Absent in records of earlier versions.
   */
  mark?: string;
  note: boolean;
}

const MARK_COLOURS = new Set(Object.values(MARK_FILL).map((c) => c.toUpperCase()));

const sameColour = (a: string | null | undefined, b: string | null | undefined) =>
  Boolean(a) && Boolean(b) && a!.toUpperCase() === b!.toUpperCase();

const keyOf = (sheetName: string, cell: string) => `${sheetName}!${cell.replace(/\$/g, '').toUpperCase()}`;

/** `Sheet1!B4`, `'My sheet'!$B$4` (Range.address) into the sheet's name and the cell. */
export function splitAddress(address: string): { sheetName: string; cell: string } | null {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return null;
  let sheetName = address.slice(0, bang);
  if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
  const cell = address.slice(bang + 1).replace(/\$/g, '').toUpperCase();
  return parseA1(cell) ? { sheetName, cell } : null;
}

export class OfficeMarks {
  private records: MarkRecord[] | null = null;

  constructor(private readonly runner: ExcelRunner) {}

  /**
   * Three syncs whatever the count:
   * (1) the stored records, the sheets, and every note in the workbook (ExcelApi 1.18): a note
   *     that starts with our prefix is a mark wherever it now sits;
   * (2) the fill of every cell involved (old records, new marks, our notes' cells), the note on
   *     each new mark's cell, and whether the sheets involved are protected;
   * (3) the writes, decided on what (2) read: an old mark's fill goes back only where the cell
   *     still shows the mark's colour; our notes that name no current issue go (a mark moved or
   *     copied by the person included); a person's own note is never touched; our note on a cell
   *     still marked is rewritten in place. A protected sheet is left as it is and named.
   */
  async set(marks: Mark[]): Promise<MarkOutcome> {
    const wanted = dedupeMarks(marks).slice(0, MAX_MARKS);
    const notes = this.runner.supportsNotes;
    return this.runner.run(async (ctx) => {
      const settings = ctx.workbook.settings;
      const stored = settings.getItemOrNullObject(MARKS_SETTING);
      stored.load('value');
      const names = ctx.workbook.worksheets.load('items/name');
      const allNotes = notes ? ctx.workbook.notes.load('items/content') : null;
      await ctx.sync();

      const present = new Set(names.items.map((w) => w.name));
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced just above; the rule loses track across the closure
      const storedValue: unknown = stored.isNullObject ? null : stored.value;
      const old = (this.records ?? parseMarkRecords(storedValue)).filter((m) => present.has(m.sheetName));
      const ours = (allNotes?.items ?? []).filter((n) => n.content.startsWith(NOTE_PREFIX)).map((note) => {
        const at = note.getLocation();
        at.load('address');
        at.format.fill.load('color');
        return { note, at };
      });
      const fills = new Map<string, Excel.RangeFill>();
      const fillOf = (sheetName: string, cell: string) => {
        const k = keyOf(sheetName, cell);
        if (!fills.has(k)) fills.set(k, ctx.workbook.worksheets.getItem(sheetName).getRange(cell).format.fill.load('color,pattern'));
      };
      for (const r of old) fillOf(r.sheetName, r.cell);
      const onSheets = wanted.filter((m) => present.has(m.sheetName));
      const probes = onSheets.map((m) => {
        fillOf(m.sheetName, m.cell);
        const note = notes ? ctx.workbook.worksheets.getItem(m.sheetName).notes.getItemOrNullObject(m.cell) : null;
        note?.load('content');
        return { m, note };
      });
      const sheetsInvolved = new Set([...old.map((r) => r.sheetName), ...onSheets.map((m) => m.sheetName)]);
      const protections = [...sheetsInvolved].map((name) => {
        const p = ctx.workbook.worksheets.getItem(name).protection;
        p.load('protected');
        return { name, p };
      });
      await ctx.sync();

      const locked = new Set(protections.filter((x) => x.p.protected).map((x) => x.name));
      const wantedKeys = new Set(onSheets.map((m) => keyOf(m.sheetName, m.cell)));
      const oldByKey = new Map(old.map((r) => [keyOf(r.sheetName, r.cell), r]));
      const colourAt = (k: string): string | null => {
        const f = fills.get(k)!;
        const hasFill = f.pattern !== undefined ? f.pattern !== 'None' : Boolean(f.color) && f.color !== '#FFFFFF';
        return hasFill ? f.color : null;
      };
      /** Our note on a cell found by the scan: where it stands now and its fill. */
      const stray = new Map<string, { note: Excel.Note; colour: string | null }>();
      for (const { note, at } of ours) {
        const where = splitAddress(at.address);
        if (!where || locked.has(where.sheetName)) continue;
        stray.set(keyOf(where.sheetName, where.cell), { note, colour: at.format.fill.color ?? null });
      }

      const records: MarkRecord[] = [];
      // Old marks whose issue is gone: the fill back where the cell still shows our colour.
      for (const r of old) {
        const k = keyOf(r.sheetName, r.cell);
        if (locked.has(r.sheetName)) {
          records.push(r);
          continue;
        }
        if (wantedKeys.has(k)) continue;
        const now = colourAt(k);
        const stillOurs = r.mark ? sameColour(now, r.mark) : now !== null && MARK_COLOURS.has(now.toUpperCase());
        if (!stillOurs) continue;
        const range = ctx.workbook.worksheets.getItem(r.sheetName).getRange(r.cell);
        if (r.fill === null) range.format.fill.clear();
        else range.format.fill.color = r.fill;
      }
      // Our notes on cells no issue names now: gone; a mark's colour that came with a copied or
      // moved note (no record of the cell) goes with it.
      for (const [k, s] of stray) {
        if (wantedKeys.has(k)) continue;
        s.note.delete();
        if (!oldByKey.has(k) && s.colour && MARK_COLOURS.has(s.colour.toUpperCase())) {
          const [sheetName, cell] = [k.slice(0, k.lastIndexOf('!')), k.slice(k.lastIndexOf('!') + 1)];
          ctx.workbook.worksheets.getItem(sheetName).getRange(cell).format.fill.clear();
        }
      }
      for (const { m, note } of probes) {
        if (locked.has(m.sheetName)) continue;
        const k = keyOf(m.sheetName, m.cell);
        const now = colourAt(k);
        const prior = oldByKey.get(k);
        // The colour under the mark: the recorded one while our colour still shows; none under a
        // copied mark; else what the cell shows now.
        let under: string | null = now;
        if (prior && (prior.mark ? sameColour(now, prior.mark) : now !== null && MARK_COLOURS.has(now.toUpperCase()))) under = prior.fill;
        else if (!prior && stray.has(k) && now !== null && MARK_COLOURS.has(now.toUpperCase())) under = null;
        const colour = MARK_FILL[m.severity];
        const ws = ctx.workbook.worksheets.getItem(m.sheetName);
        ws.getRange(m.cell).format.fill.color = colour;
        let noted = false;
        if (note !== null) {
          if (note.isNullObject) {
            ws.notes.add(m.cell, noteText(m.message));
            noted = true;
          } else if (note.content.startsWith(NOTE_PREFIX)) {
            // Ours already (kept, moved or copied here): rewritten, as adding a second would fail.
            note.content = noteText(m.message);
            noted = true;
          }
        }
        records.push({ sheetName: m.sheetName, cell: m.cell, fill: under, mark: colour, note: noted });
      }
      settings.add(MARKS_SETTING, JSON.stringify(records));
      await ctx.sync();
      this.records = records;
      const notMarked = [...new Set(onSheets.filter((m) => locked.has(m.sheetName)).map((m) => m.sheetName))];
      return { notMarked };
    });
  }
}

function dedupeMarks(marks: Mark[]): Mark[] {
  const seen = new Map<string, Mark>();
  const rank = { error: 0, warning: 1, info: 2 } as const;
  for (const m of marks) {
    if (!parseA1(m.cell)) continue;
    const k = keyOf(m.sheetName, m.cell);
    const prev = seen.get(k);
    if (!prev) seen.set(k, m);
    else if (rank[m.severity] < rank[prev.severity]) seen.set(k, { ...m, message: `${m.message}\n${prev.message}` });
    else seen.set(k, { ...prev, message: `${prev.message}\n${m.message}` });
  }
  return [...seen.values()];
}

function parseMarkRecords(v: unknown): MarkRecord[] {
  if (typeof v !== 'string') return [];
  try {
    const arr = JSON.parse(v) as unknown;
    if (!Array.isArray(arr)) return [];
    return arr.filter(
      (r): r is MarkRecord =>
        typeof r === 'object' && r !== null && typeof (r as MarkRecord).sheetName === 'string' && parseA1(String((r as MarkRecord).cell)) !== null,
    );
  } catch {
    return [];
  }
}
