/// <reference types="office-js" />
/**
 * The check's marks in Excel: a fill colour and a note on each cell an issue names, and every
 * trace of them gone again when the issue is. The cells belong to the person: a mark never costs
 * them a colour or a note of their own, also after they recolour a marked cell, insert or sort
 * rows (a mark moves with its cell; its record finds it again by its note) or copy a marked cell elsewhere.
 */
import type { ExcelRunner } from './office-runner';
import { MARK_FILL, NOTE_PREFIX, noteText, parseA1, type Mark, type MarkOutcome } from './port';
import { utf8Length } from '../../core/utf8';

/** More marks than this help nobody and cost a large request; the list in the pane still shows all. */
export const MAX_MARKS = 2000;

/** Where the marks' undo information lives between sessions: a workbook setting, not a cell. */
const MARKS_SETTING = 'jiedui.marks.v1';

interface MarkRecord {
  sheetName: string;
  /** Where the mark was set. Rows move between checks: where our note is found, the mark is there. */
  cell: string;
  /** The fill the cell had: null when it had none. */
  fill: string | null;
  /**
   * The colour the mark gave the cell. The old fill goes back only while the cell still shows it:
   * any other colour is one a person chose since. Absent in records of earlier versions.
   */
  mark?: string;
  note: boolean;
  /**
   * The note written, which finds the mark again after rows were inserted, deleted or sorted: in
   * records of earlier versions its whole text. Absent where no note of ours was written: those go
   * by `cell`.
   */
  text?: string;
  /**
   * The same as `text`, as a short hash of it (noteHash): what records now keep, so 2,000 of them
   * stay far under the size at which Excel refuses a workbook setting.
   */
  hash?: string;
}

/**
 * The most UTF-8 bytes the records' setting may take. Excel refuses a setting from about 1 MB
 * (office-js #3957; Office.Settings documents 2 MB for all of them). A record is about 150 bytes,
 * so MAX_MARKS of them are ~300 KB; this bound is the backstop.
 */
export const MARKS_SETTING_MAX_BYTES = 600_000;

/** FNV-1a of a note's text (line ends as \n), as 8 hex digits: what a record keeps to find its note again. */
export function noteHash(text: string): string {
  let h = 0x811c9dc5;
  const s = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The key a record and a found note are paired by: the hash of the note's text. */
const recordKey = (r: MarkRecord): string | undefined => r.hash ?? (r.text !== undefined ? noteHash(r.text) : undefined);

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
    const notes = this.runner.supportsNotes;
    const withPattern = this.runner.supportsFillPattern !== false;
    // RangeFill.pattern is ExcelApi 1.9: below, the colour alone says whether a cell is filled.
    const loadFill = (f: Excel.RangeFill) => (withPattern ? f.load('color,pattern') : f.load('color'));
    // The records: a workbook setting (ExcelApi 1.4), else the document's settings (Common API).
    const doc = this.runner.supportsNullObjects === false ? this.runner.documentSettings : undefined;
    if (this.runner.supportsNullObjects === false && !doc) throw new Error('marks: this Excel has neither workbook nor document settings');
    return this.runner.run(async (ctx) => {
      const settings = doc ? null : ctx.workbook.settings;
      const stored = settings ? settings.getItemOrNullObject(MARKS_SETTING).load('value') : null;
      const names = ctx.workbook.worksheets.load('items/name');
      const allNotes = notes ? ctx.workbook.notes.load('items/content') : null;
      // A cell with a threaded comment takes no note: notes.add there fails, and with it every
      // write of the request (not documented; the mark is the colour alone there).
      const comments = notes ? ctx.workbook.comments.load('items') : null;
      await ctx.sync();
      const commented = (comments?.items ?? []).map((c) => c.getLocation().load('address'));

      const present = new Set(names.items.map((w) => w.name));
      const storedValue: unknown = stored ? (stored.isNullObject ? null : stored.value) : (doc!.get(MARKS_SETTING) ?? null);
      const old = (this.records ?? parseMarkRecords(storedValue)).filter((m) => present.has(m.sheetName));
      const ours = (allNotes?.items ?? []).filter((n) => n.content.startsWith(NOTE_PREFIX)).map((note) => {
        const at = note.getLocation();
        at.load('address');
        // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- a load queued on a proxy, not a read
        loadFill(at.format.fill);
        return { note, at };
      });
      // A record with the note it wrote is found by that note (after sync 2); the others by address.
      const byNote = (r: MarkRecord) => notes && r.note && recordKey(r) !== undefined;
      const fills = new Map<string, Excel.RangeFill>();
      const fillOf = (sheetName: string, cell: string) => {
        const k = keyOf(sheetName, cell);
        if (!fills.has(k)) fills.set(k, loadFill(ctx.workbook.worksheets.getItem(sheetName).getRange(cell).format.fill));
      };
      for (const r of old) if (!byNote(r)) fillOf(r.sheetName, r.cell);
      const onSheets = wanted.filter((m) => present.has(m.sheetName));
      const probes = onSheets.map((m) => {
        fillOf(m.sheetName, m.cell);
        const note = notes ? ctx.workbook.worksheets.getItem(m.sheetName).notes.getItemOrNullObject(m.cell) : null;
        note?.load('content');
        return { m, note };
      });
      const sheetsInvolved = new Set([...old.map((r) => r.sheetName), ...onSheets.map((m) => m.sheetName)]);
      // Below ExcelApi 1.2 protection cannot be read: a protected sheet then refuses the write.
      const protections = (this.runner.supportsSheetFormat === false ? [] : [...sheetsInvolved]).map((name) => {
        const p = ctx.workbook.worksheets.getItem(name).protection;
        p.load('protected');
        return { name, p };
      });
      await ctx.sync();

      const locked = new Set(protections.filter((x) => x.p.protected).map((x) => x.name));
      const threaded = new Set<string>();
      for (const at of commented) {
        const where = splitAddress(at.address);
        if (where) threaded.add(keyOf(where.sheetName, where.cell));
      }
      const wantedKeys = new Set(onSheets.map((m) => keyOf(m.sheetName, m.cell)));
      const shown = (f: Excel.RangeFill): string | null => {
        const pattern = withPattern ? f.pattern : undefined;
        const hasFill = pattern !== undefined ? pattern !== 'None' : Boolean(f.color) && f.color !== '#FFFFFF';
        return hasFill ? f.color : null;
      };
      /** Every note of ours the scan found: where it stands now, its text and the cell's fill. */
      const found: Found[] = [];
      for (const { note, at } of ours) {
        const where = splitAddress(at.address);
        if (!where) continue;
        const { row, col } = parseA1(where.cell)!;
        found.push({ note, ...where, row, col, text: note.content, colour: shown(at.format.fill) });
      }
      const foundColour = new Map(found.map((f) => [keyOf(f.sheetName, f.cell), f.colour]));
      const colourAt = (k: string): string | null => {
        const f = fills.get(k);
        return f ? shown(f) : (foundColour.get(k) ?? null);
      };
      /** Where each old mark is now: its note's cell, or its recorded address; absent when its note is gone. */
      const living = new Map<MarkRecord, string>();
      const paired = new Map<MarkRecord, Found>();
      for (const [k, f] of matchNotes(
        old.filter(byNote).map((r) => ({ r, sheetName: r.sheetName, cell: r.cell, text: recordKey(r)! })),
        found.map((f) => ({ f, sheetName: f.sheetName, row: f.row, col: f.col, text: noteHash(f.text) })),
      )) {
        paired.set(k.r, f.f);
      }
      for (const r of old) {
        if (!byNote(r)) living.set(r, r.cell);
        else if (paired.has(r)) living.set(r, paired.get(r)!.cell);
      }
      const oldByKey = new Map<string, MarkRecord>();
      for (const [r, cell] of living) if (!oldByKey.has(keyOf(r.sheetName, cell))) oldByKey.set(keyOf(r.sheetName, cell), r);
      /** Our notes on unprotected sheets, by where they stand now. */
      const stray = new Map<string, Found>();
      for (const f of found) if (!locked.has(f.sheetName)) stray.set(keyOf(f.sheetName, f.cell), f);
      const stillOurs = (r: MarkRecord, now: string | null) => (r.mark ? sameColour(now, r.mark) : now !== null && MARK_COLOURS.has(now.toUpperCase()));

      const records: MarkRecord[] = [];
      /**
       * The writes, queued here and sent after the records' setting: where Excel refuses the
       * setting, the request stops there and no mark is left without the record that undoes it.
       * A write of what the cell already shows is never queued: an unchanged recheck writes
       * nothing, so the person's undo history stays theirs.
       */
      const todo: (() => void)[] = [];
      // Old marks whose issue is gone: the fill back where the cell still shows our colour. A mark
      // whose note is found nowhere (its row or the note deleted) gives nothing back: no guessing.
      for (const r of old) {
        const cell = living.get(r);
        if (locked.has(r.sheetName)) {
          records.push(cell ? { ...r, cell } : r);
          continue;
        }
        if (cell === undefined) continue;
        const k = keyOf(r.sheetName, cell);
        if (wantedKeys.has(k) || oldByKey.get(k) !== r) continue;
        if (!stillOurs(r, colourAt(k))) continue;
        todo.push(() => {
          const range = ctx.workbook.worksheets.getItem(r.sheetName).getRange(cell);
          if (r.fill === null) range.format.fill.clear();
          else range.format.fill.color = r.fill;
        });
      }
      // Our notes on cells no issue names now: gone; a mark's colour that came with a copied note
      // (no record lives there) goes with it.
      for (const [k, s] of stray) {
        if (wantedKeys.has(k)) continue;
        todo.push(() => s.note.delete());
        if (!oldByKey.has(k) && s.colour && MARK_COLOURS.has(s.colour.toUpperCase())) {
          todo.push(() => ctx.workbook.worksheets.getItem(s.sheetName).getRange(s.cell).format.fill.clear());
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
        if (prior && stillOurs(prior, now)) under = prior.fill;
        else if (!prior && stray.has(k) && now !== null && MARK_COLOURS.has(now.toUpperCase())) under = null;
        const colour = MARK_FILL[m.severity];
        const ws = () => ctx.workbook.worksheets.getItem(m.sheetName);
        if (!sameColour(now, colour)) todo.push(() => (ws().getRange(m.cell).format.fill.color = colour));
        let text: string | undefined;
        if (note !== null) {
          if (note.isNullObject) {
            if (!threaded.has(k)) {
              const add = (text = noteText(m.message));
              todo.push(() => ws().notes.add(m.cell, add));
            }
          } else if (note.content.startsWith(NOTE_PREFIX)) {
            // Ours already (kept, moved or copied here): rewritten where it says something else,
            // as adding a second would fail.
            const put = (text = noteText(m.message));
            if (note.content.replace(/\r\n?/g, '\n') !== put) todo.push(() => (note.content = put));
          }
        }
        records.push({ sheetName: m.sheetName, cell: m.cell, fill: under, mark: colour, note: text !== undefined, ...(text !== undefined ? { hash: noteHash(text) } : {}) });
      }
      const json = JSON.stringify(records);
      if (utf8Length(json) > MARKS_SETTING_MAX_BYTES) throw new Error(`marks: ${records.length} records take ${utf8Length(json)} bytes, past ${MARKS_SETTING_MAX_BYTES}`);
      // No setting and no records is the same as an empty list: nothing to write.
      const changed = json !== (storedValue ?? '[]');
      if (changed && settings) settings.add(MARKS_SETTING, json);
      if (changed && doc) {
        // Saved before any mark is written: no mark is left without the record that undoes it.
        doc.set(MARKS_SETTING, json);
        await doc.save();
      }
      for (const write of todo) write();
      if (todo.length > 0 || changed) await ctx.sync();
      this.records = records;
      const notMarked = [...new Set(onSheets.filter((m) => locked.has(m.sheetName)).map((m) => m.sheetName))];
      return { notMarked };
    });
  }
}

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

/**
 * Which found note is each record's, now that rows may have moved: per sheet and note text,
 * records and notes paired in (column, row) order, which an insert or delete of rows or columns
 * keeps. Where the counts differ (a row deleted, a mark copied), the pairing that moves marks the
 * least (fewest columns, then rows) wins: an unmoved original beats its copy. Ties among equal
 * texts after a sort cannot be told apart; each still gets a cell our note is on.
 */
export function matchNotes<R extends { sheetName: string; cell: string; text?: string }, F extends { sheetName: string; row: number; col: number; text: string }>(
  records: R[],
  found: F[],
): Map<R, F> {
  const out = new Map<R, F>();
  const groups = new Map<string, { rs: { r: R; row: number; col: number }[]; fs: F[] }>();
  const group = (sheetName: string, text: string) => {
    const k = `${sheetName}\u0000${text.replace(/\r\n?/g, '\n')}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { rs: [], fs: [] }));
    return g;
  };
  for (const r of records) {
    const at = parseA1(r.cell);
    if (at && r.text !== undefined) group(r.sheetName, r.text).rs.push({ r, ...at });
  }
  for (const f of found) group(f.sheetName, f.text).fs.push(f);
  const order = (a: { row: number; col: number }, b: { row: number; col: number }) => a.col - b.col || a.row - b.row;
  for (const { rs, fs } of groups.values()) {
    if (!rs.length || !fs.length) continue;
    rs.sort(order);
    fs.sort(order);
    if (rs.length === fs.length) {
      rs.forEach((x, i) => out.set(x.r, fs[i]));
      continue;
    }
    if (rs.length * fs.length > 4_000_000) {
      // A note filled down a whole column: too many to weigh; only the marks that did not move are known.
      const at = new Map(fs.map((f) => [`${f.col}:${f.row}`, f]));
      for (const x of rs) if (at.has(`${x.col}:${x.row}`)) out.set(x.r, at.get(`${x.col}:${x.row}`)!);
      continue;
    }
    // Every item of the shorter list paired, in order, at the least total move (a small DP).
    // Fewest columns, then rows; on a tie a mark that moved up, as a deleted row moves the rest.
    const cost = (x: { row: number; col: number }, f: F) => Math.abs(x.col - f.col) * 4_194_304 + Math.abs(x.row - f.row) * 2 + (x.row < f.row ? 1 : 0);
    const swap = rs.length > fs.length;
    const n = Math.min(rs.length, fs.length);
    const m = Math.max(rs.length, fs.length);
    const c = (i: number, j: number) => (swap ? cost(rs[j], fs[i]) : cost(rs[i], fs[j]));
    const dp = new Float64Array((n + 1) * (m + 1)).fill(Infinity);
    const at = (i: number, j: number) => i * (m + 1) + j;
    for (let j = 0; j <= m; j++) dp[at(0, j)] = 0;
    for (let i = 1; i <= n; i++)
      for (let j = i; j <= m; j++) dp[at(i, j)] = Math.min(dp[at(i, j - 1)], dp[at(i - 1, j - 1)] + c(i - 1, j - 1));
    for (let i = n, j = m; i > 0; j--) {
      if (dp[at(i, j)] === dp[at(i, j - 1)]) continue;
      if (swap) out.set(rs[j - 1].r, fs[i - 1]);
      else out.set(rs[i - 1].r, fs[j - 1]);
      i--;
    }
  }
  return out;
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
    return arr
      .filter(
        (r): r is MarkRecord =>
          typeof r === 'object' && r !== null && typeof (r as MarkRecord).sheetName === 'string' && parseA1(String((r as MarkRecord).cell)) !== null,
      )
      .map((r) => (r.text === undefined || typeof r.text === 'string' ? r : { ...r, text: undefined }))
      .map((r) => (r.hash === undefined || typeof r.hash === 'string' ? r : { ...r, hash: undefined }));
  } catch {
    return [];
  }
}
