/**
 * The marks' records and the pure rules over them: what a record keeps, how a record finds its note
 * again after rows moved (matchNotes), and the marks deduplicated by cell. No Office call here.
 */
import { MARK_FILL, parseA1, type Mark } from './port';

export interface MarkRecord {
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
export const recordKey = (r: MarkRecord): string | undefined => r.hash ?? (r.text !== undefined ? noteHash(r.text) : undefined);

export const MARK_COLOURS = new Set(Object.values(MARK_FILL).map((c) => c.toUpperCase()));

export const sameColour = (a: string | null | undefined, b: string | null | undefined) =>
  Boolean(a) && Boolean(b) && a!.toUpperCase() === b!.toUpperCase();

export const keyOf = (sheetName: string, cell: string) => `${sheetName}!${cell.replace(/\$/g, '').toUpperCase()}`;

/** `Sheet1!B4`, `'My sheet'!$B$4` (Range.address) into the sheet's name and the cell. */
export function splitAddress(address: string): { sheetName: string; cell: string } | null {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return null;
  let sheetName = address.slice(0, bang);
  if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
  const cell = address
    .slice(bang + 1)
    .replace(/\$/g, '')
    .toUpperCase();
  return parseA1(cell) ? { sheetName, cell } : null;
}

/**
 * Which found note is each record's, now that rows may have moved: per sheet and note text,
 * records and notes paired in (column, row) order, which an insert or delete of rows or columns
 * keeps. Where the counts differ (a row deleted, a mark copied), the pairing that moves marks the
 * least (fewest columns, then rows) wins: an unmoved original beats its copy. Ties among equal
 * texts after a sort cannot be told apart; each still gets a cell our note is on.
 */
export function matchNotes<
  R extends { sheetName: string; cell: string; text?: string },
  F extends { sheetName: string; row: number; col: number; text: string },
>(records: R[], found: F[]): Map<R, F> {
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
    const cost = (x: { row: number; col: number }, f: F) =>
      Math.abs(x.col - f.col) * 4_194_304 + Math.abs(x.row - f.row) * 2 + (x.row < f.row ? 1 : 0);
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

export function dedupeMarks(marks: Mark[]): Mark[] {
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

export function parseMarkRecords(v: unknown): MarkRecord[] {
  if (typeof v !== 'string') return [];
  try {
    const arr = JSON.parse(v) as unknown;
    if (!Array.isArray(arr)) return [];
    return arr
      .filter(
        (r): r is MarkRecord =>
          typeof r === 'object' &&
          r !== null &&
          typeof (r as MarkRecord).sheetName === 'string' &&
          parseA1(String((r as MarkRecord).cell)) !== null,
      )
      .map((r) => (r.text === undefined || typeof r.text === 'string' ? r : { ...r, text: undefined }))
      .map((r) => (r.hash === undefined || typeof r.hash === 'string' ? r : { ...r, hash: undefined }));
  } catch {
    return [];
  }
}
