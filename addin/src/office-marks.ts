/// <reference types="office-js" />
/**
 * The check's marks in Excel: a fill colour and a note on each cell an issue names, and every
 * trace of them gone again when the issue is. The cells belong to the person: a mark never costs
 * them a colour or a note of their own, also after they recolour a marked cell, insert or sort
 * rows (a mark moves with its cell; its record finds it again by its note) or copy a marked cell elsewhere.
 * The records and the pure rules over them are in office-mark-records.ts.
 */
import { utf8Length } from '../../core/utf8';
import type { DocumentSettings } from './office-compat';
import {
  MARKS_SETTING_MAX_BYTES,
  MARK_COLOURS,
  dedupeMarks,
  keyOf,
  matchNotes,
  noteHash,
  parseMarkRecords,
  recordKey,
  sameColour,
  splitAddress,
  type MarkRecord,
} from './office-mark-records';
import type { ExcelRunner } from './office-runner';
import { MARK_FILL, NOTE_PREFIX, noteText, parseA1, type Mark, type MarkOutcome } from './port';

export { MARKS_SETTING_MAX_BYTES, matchNotes, noteHash, splitAddress } from './office-mark-records';

/** More marks than this help nobody and cost a large request; the list in the pane still shows all. */
export const MAX_MARKS = 2000;

/** Where the marks' undo information lives between sessions: a workbook setting, not a cell. */
const MARKS_SETTING = 'jiedui.marks.v1';

/** A note of ours where the scan found it. */
interface Found {
  note: Excel.Note;
  sheetName: string;
  cell: string;
  row: number;
  col: number;
  text: string;
  colour: string | null;
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
   * (3) the writes, decided on what (2) read: each old mark is where its note is now (records and
   *     found notes paired by text, see matchNotes), or at its address when it has no note of ours
   *     (or the host no notes); its fill goes back there, only where the cell still shows the
   *     mark's colour, and nowhere when its note is gone; our notes that name no current issue go
   *     (a mark moved or copied by the person included); a person's own note is never touched;
   *     our note on a cell still marked is rewritten in place. A protected sheet is left as it is
   *     and named.
   */
  async set(marks: Mark[]): Promise<MarkOutcome> {
    const wanted = dedupeMarks(marks).slice(0, MAX_MARKS);
    // The records: a workbook setting (ExcelApi 1.4), else the document's settings (Common API).
    const doc = this.runner.supportsNullObjects === false ? this.runner.documentSettings : undefined;
    if (this.runner.supportsNullObjects === false && !doc) throw new Error('marks: this Excel has neither workbook nor document settings');
    return this.runner.run(async (ctx) => {
      const s = new MarkSession(ctx, this.runner, doc);
      s.queueScan();
      await ctx.sync();
      s.afterScan(this.records, wanted);
      await ctx.sync();
      s.stand();
      const kept = s.restoreOld();
      s.dropStray();
      const records = [...kept, ...s.markWanted()];
      await s.save(records);
      this.records = records;
      return { notMarked: s.notMarked() };
    });
  }
}

/** One `set`: what each sync brought, and the writes decided on it. */
class MarkSession {
  private readonly notes: boolean;
  private readonly withPattern: boolean;
  private readonly protectionReadable: boolean;
  // Sync 1.
  private settings: Excel.SettingCollection | null = null;
  private stored: Excel.Setting | null = null;
  private names!: Excel.WorksheetCollection;
  private allNotes: Excel.NoteCollection | null = null;
  private comments: Excel.CommentCollection | null = null;
  // Sync 2.
  private storedValue: unknown = null;
  private old: MarkRecord[] = [];
  private ours: { note: Excel.Note; at: Excel.Range }[] = [];
  private commented: Excel.Range[] = [];
  private readonly fills = new Map<string, Excel.RangeFill>();
  private onSheets: Mark[] = [];
  private probes: { m: Mark; note: Excel.Note | null }[] = [];
  private protections: { name: string; p: Excel.WorksheetProtection }[] = [];
  // Decided.
  private locked = new Set<string>();
  private threaded = new Set<string>();
  private wantedKeys = new Set<string>();
  private foundColour = new Map<string, string | null>();
  /** Where each old mark is now: its note's cell, or its recorded address; absent when its note is gone. */
  private readonly living = new Map<MarkRecord, string>();
  private readonly oldByKey = new Map<string, MarkRecord>();
  /** Our notes on unprotected sheets, by where they stand now. */
  private readonly stray = new Map<string, Found>();
  /**
   * The writes, queued here and sent after the records' setting: where Excel refuses the
   * setting, the request stops there and no mark is left without the record that undoes it.
   * A write of what the cell already shows is never queued: an unchanged recheck writes
   * nothing, so the person's undo history stays theirs.
   */
  private readonly todo: (() => void)[] = [];

  constructor(
    private readonly ctx: Excel.RequestContext,
    runner: ExcelRunner,
    private readonly doc: DocumentSettings | undefined,
  ) {
    this.notes = runner.supportsNotes;
    this.withPattern = runner.supportsFillPattern !== false;
    this.protectionReadable = runner.supportsSheetFormat !== false;
  }

  private get sheets(): Excel.WorksheetCollection {
    return this.ctx.workbook.worksheets;
  }

  /** RangeFill.pattern is ExcelApi 1.9: below, the colour alone says whether a cell is filled. */
  private loadFill(f: Excel.RangeFill): Excel.RangeFill {
    return this.withPattern ? f.load('color,pattern') : f.load('color');
  }

  private shown(f: Excel.RangeFill): string | null {
    const pattern = this.withPattern ? f.pattern : undefined;
    const hasFill = pattern !== undefined ? pattern !== 'None' : Boolean(f.color) && f.color !== '#FFFFFF';
    return hasFill ? f.color : null;
  }

  /** (1) The records, the sheets' names, every note, every threaded comment. */
  queueScan(): void {
    const ctx = this.ctx;
    this.settings = this.doc ? null : ctx.workbook.settings;
    this.stored = this.settings ? this.settings.getItemOrNullObject(MARKS_SETTING).load('value') : null;
    this.names = ctx.workbook.worksheets.load('items/name');
    this.allNotes = this.notes ? ctx.workbook.notes.load('items/content') : null;
    // A cell with a threaded comment takes no note: notes.add there fails, and with it every
    // write of the request (not documented; the mark is the colour alone there).
    this.comments = this.notes ? ctx.workbook.comments.load('items') : null;
  }

  /** A record with the note it wrote is found by that note (after sync 2); the others by address. */
  private byNote(r: MarkRecord): boolean {
    return this.notes && r.note && recordKey(r) !== undefined;
  }

  private fillOf(sheetName: string, cell: string): void {
    const k = keyOf(sheetName, cell);
    if (!this.fills.has(k)) this.fills.set(k, this.loadFill(this.sheets.getItem(sheetName).getRange(cell).format.fill));
  }

  /** (2) What sync 1 named: our notes' places and fills, the cells' fills, the new marks' notes, protection. */
  afterScan(records: MarkRecord[] | null, wanted: Mark[]): void {
    this.commented = (this.comments?.items ?? []).map((c) => c.getLocation().load('address'));
    const present = new Set(this.names.items.map((w) => w.name));
    const stored = this.stored;
    this.storedValue = stored ? (stored.isNullObject ? null : stored.value) : (this.doc!.get(MARKS_SETTING) ?? null);
    this.old = (records ?? parseMarkRecords(this.storedValue)).filter((m) => present.has(m.sheetName));
    this.ours = (this.allNotes?.items ?? [])
      .filter((n) => n.content.startsWith(NOTE_PREFIX))
      .map((note) => {
        const at = note.getLocation();
        at.load('address');
        // eslint-disable-next-line office-addins/call-sync-before-read -- a load queued on a proxy, not a read
        this.loadFill(at.format.fill);
        return { note, at };
      });
    for (const r of this.old) if (!this.byNote(r)) this.fillOf(r.sheetName, r.cell);
    this.onSheets = wanted.filter((m) => present.has(m.sheetName));
    this.probes = this.onSheets.map((m) => {
      this.fillOf(m.sheetName, m.cell);
      const note = this.notes ? this.sheets.getItem(m.sheetName).notes.getItemOrNullObject(m.cell) : null;
      note?.load('content');
      return { m, note };
    });
    const involved = new Set([...this.old.map((r) => r.sheetName), ...this.onSheets.map((m) => m.sheetName)]);
    // Below ExcelApi 1.2 protection cannot be read: a protected sheet then refuses the write.
    this.protections = (this.protectionReadable ? [...involved] : []).map((name) => {
      const p = this.sheets.getItem(name).protection;
      p.load('protected');
      return { name, p };
    });
  }

  private colourAt(k: string): string | null {
    const f = this.fills.get(k);
    return f ? this.shown(f) : (this.foundColour.get(k) ?? null);
  }

  private stillOurs(r: MarkRecord, now: string | null): boolean {
    return r.mark ? sameColour(now, r.mark) : now !== null && MARK_COLOURS.has(now.toUpperCase());
  }

  /** After sync 2: what is locked, where our notes and the old marks stand now. */
  stand(): void {
    this.locked = new Set(this.protections.filter((x) => x.p.protected).map((x) => x.name));
    for (const at of this.commented) {
      const where = splitAddress(at.address);
      if (where) this.threaded.add(keyOf(where.sheetName, where.cell));
    }
    this.wantedKeys = new Set(this.onSheets.map((m) => keyOf(m.sheetName, m.cell)));
    const found: Found[] = [];
    for (const { note, at } of this.ours) {
      const where = splitAddress(at.address);
      if (!where) continue;
      const { row, col } = parseA1(where.cell)!;
      found.push({ note, ...where, row, col, text: note.content, colour: this.shown(at.format.fill) });
    }
    this.foundColour = new Map(found.map((f) => [keyOf(f.sheetName, f.cell), f.colour]));
    const paired = new Map<MarkRecord, Found>();
    for (const [k, f] of matchNotes(
      this.old.filter((r) => this.byNote(r)).map((r) => ({ r, sheetName: r.sheetName, cell: r.cell, text: recordKey(r)! })),
      found.map((f) => ({ f, sheetName: f.sheetName, row: f.row, col: f.col, text: noteHash(f.text) })),
    )) {
      paired.set(k.r, f.f);
    }
    for (const r of this.old) {
      if (!this.byNote(r)) this.living.set(r, r.cell);
      else if (paired.has(r)) this.living.set(r, paired.get(r)!.cell);
    }
    for (const [r, cell] of this.living) if (!this.oldByKey.has(keyOf(r.sheetName, cell))) this.oldByKey.set(keyOf(r.sheetName, cell), r);
    for (const f of found) if (!this.locked.has(f.sheetName)) this.stray.set(keyOf(f.sheetName, f.cell), f);
  }

  /**
   * Old marks whose issue is gone: the fill back where the cell still shows our colour. A mark
   * whose note is found nowhere (its row or the note deleted) gives nothing back: no guessing.
   * Returns the records kept: those on protected sheets.
   */
  restoreOld(): MarkRecord[] {
    const kept: MarkRecord[] = [];
    for (const r of this.old) {
      const cell = this.living.get(r);
      if (this.locked.has(r.sheetName)) {
        kept.push(cell ? { ...r, cell } : r);
        continue;
      }
      if (cell === undefined) continue;
      const k = keyOf(r.sheetName, cell);
      if (this.wantedKeys.has(k) || this.oldByKey.get(k) !== r) continue;
      if (!this.stillOurs(r, this.colourAt(k))) continue;
      this.todo.push(() => {
        const range = this.sheets.getItem(r.sheetName).getRange(cell);
        if (r.fill === null) range.format.fill.clear();
        else range.format.fill.color = r.fill;
      });
    }
    return kept;
  }

  /**
   * Our notes on cells no issue names now: gone; a mark's colour that came with a copied note
   * (no record lives there) goes with it.
   */
  dropStray(): void {
    for (const [k, s] of this.stray) {
      if (this.wantedKeys.has(k)) continue;
      this.todo.push(() => s.note.delete());
      if (!this.oldByKey.has(k) && s.colour && MARK_COLOURS.has(s.colour.toUpperCase())) {
        this.todo.push(() => this.sheets.getItem(s.sheetName).getRange(s.cell).format.fill.clear());
      }
    }
  }

  /** Each new mark's colour and note, and its record. */
  markWanted(): MarkRecord[] {
    const records: MarkRecord[] = [];
    for (const { m, note } of this.probes) {
      if (this.locked.has(m.sheetName)) continue;
      const k = keyOf(m.sheetName, m.cell);
      const now = this.colourAt(k);
      const colour = MARK_FILL[m.severity];
      const ws = () => this.sheets.getItem(m.sheetName);
      if (!sameColour(now, colour)) this.todo.push(() => (ws().getRange(m.cell).format.fill.color = colour));
      const text = this.noteFor(m, note, k);
      records.push({
        sheetName: m.sheetName,
        cell: m.cell,
        fill: this.under(k, now),
        mark: colour,
        note: text !== undefined,
        ...(text !== undefined ? { hash: noteHash(text) } : {}),
      });
    }
    return records;
  }

  /**
   * The colour under a mark: the recorded one while our colour still shows; none under a copied
   * mark; else what the cell shows now.
   */
  private under(k: string, now: string | null): string | null {
    const prior = this.oldByKey.get(k);
    if (prior && this.stillOurs(prior, now)) return prior.fill;
    if (!prior && this.stray.has(k) && now !== null && MARK_COLOURS.has(now.toUpperCase())) return null;
    return now;
  }

  /** The note a mark writes (queued), or undefined where none of ours is there: a person's own note, a threaded comment. */
  private noteFor(m: Mark, note: Excel.Note | null, k: string): string | undefined {
    if (note === null) return undefined;
    if (note.isNullObject) {
      if (this.threaded.has(k)) return undefined;
      const add = noteText(m.message);
      this.todo.push(() => this.sheets.getItem(m.sheetName).notes.add(m.cell, add));
      return add;
    }
    if (!note.content.startsWith(NOTE_PREFIX)) return undefined;
    // Ours already (kept, moved or copied here): rewritten where it says something else, as
    // adding a second would fail.
    const put = noteText(m.message);
    if (note.content.replace(/\r\n?/g, '\n') !== put) this.todo.push(() => (note.content = put));
    return put;
  }

  /** (3) The records' setting first, then the writes, in one sync (none when nothing changed). */
  async save(records: MarkRecord[]): Promise<void> {
    const json = JSON.stringify(records);
    if (utf8Length(json) > MARKS_SETTING_MAX_BYTES)
      throw new Error(`marks: ${records.length} records take ${utf8Length(json)} bytes, past ${MARKS_SETTING_MAX_BYTES}`);
    // No setting and no records is the same as an empty list: nothing to write.
    const changed = json !== (this.storedValue ?? '[]');
    if (changed && this.settings) this.settings.add(MARKS_SETTING, json);
    if (changed && this.doc) {
      // Saved before any mark is written: no mark is left without the record that undoes it.
      this.doc.set(MARKS_SETTING, json);
      await this.doc.save();
    }
    for (const write of this.todo) write();
    if (this.todo.length > 0 || changed) await this.ctx.sync();
  }

  notMarked(): string[] {
    return [...new Set(this.onSheets.filter((m) => this.locked.has(m.sheetName)).map((m) => m.sheetName))];
  }
}
