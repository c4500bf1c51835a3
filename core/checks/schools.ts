/**
 * School codes that name no school of this workbook: an activity's host or guest, a support
 * record's from or to school. A warning, not an error: a joint event or a donation may involve a
 * school outside this workbook's partnerships. Only when the workbook knows its schools (the
 * Program school code, Partnerships); codes compare as `idKey`s, once per distinct value.
 */
import type { SheetKey } from '../template';
import type { ColumnView } from '../table';
import { idKey, str, type CheckContext } from './context';

/** Per sheet, its columns naming schools (read in one pass: a row's cells lie together). */
const PLACES: readonly (readonly [SheetKey, readonly string[]])[] = [
  ['schedule', ['host_school', 'guest_school']],
  ['support', ['from_school', 'to_school']],
];

export function checkSchoolRefs(ctx: CheckContext): void {
  const known = ctx.knownSchools;
  if (known.size === 0) return;
  let schools: string | null = null;
  for (const [sheet, columns] of PLACES) {
    const rows = ctx.view(sheet);
    if (rows.n === 0) continue;
    const cols = columns.map((c) => rows.column(c));
    const unknown = unknownRows(cols, rows.n, known);
    if (!unknown) continue;
    schools ??= knownSchoolCodes(ctx).join(ctx.lang === 'zh' ? '、' : ', ');
    const labels = columns.map((c) => ctx.label(sheet, c));
    for (let k = 0; k < rows.n; k++) {
      for (let c = 0; c < cols.length; c++) {
        if (unknown[k * cols.length + c] === 1) {
          ctx.add('school.unknown', sheet, { column: labels[c], value: str(cols[c].value(k)), schools }, k, columns[c]);
        }
      }
    }
  }
}

/** Slots of the cache of codes met last (a power of two). */
const SLOTS = 64;

/**
 * Per row and column (k * columns + c), 1 when the code there is no known school; null when every
 * code is known or empty. Each distinct code is judged once (`idKey`, a Set). A cell finds its
 * code's verdict in a small cache indexed by the code's length and a few of its characters and
 * checked by identity, as the column readers do: a log names a handful of schools over and over,
 * and a Map lookup per cell (as `distinct()` makes) costs twice as much on 100k rows.
 */
function unknownRows(cols: readonly ColumnView[], n: number, known: ReadonlySet<string>): Uint8Array | null {
  const slotKey: unknown[] = new Array<unknown>(SLOTS).fill(undefined);
  const slotVerdict = new Uint8Array(SLOTS);
  const judged = new Map<unknown, number>();
  const m = cols.length;
  let out: Uint8Array | null = null;
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < m; c++) {
      const v = cols[c].value(k);
      let h = 0;
      if (typeof v === 'string' && v.length > 0) {
        const len = v.length;
        h = (len * 31 + v.charCodeAt(0) * 7 + v.charCodeAt(len >> 1) * 13 + v.charCodeAt(len - 1)) & (SLOTS - 1);
      }
      if (slotKey[h] !== v) {
        let verdict = judged.get(v);
        if (verdict === undefined) {
          const key = idKey(v);
          verdict = key === null || known.has(key) ? 0 : 1;
          judged.set(v, verdict);
        }
        slotKey[h] = v;
        slotVerdict[h] = verdict;
      }
      if (slotVerdict[h] === 1) (out ??= new Uint8Array(n * m))[k * m + c] = 1;
    }
  }
  return out;
}

/** The workbook's schools as first typed: the Program school, then Partnerships' in order. */
function knownSchoolCodes(ctx: CheckContext): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (v: unknown) => {
    const key = idKey(v);
    if (key === null || seen.has(key)) return;
    seen.add(key);
    out.push(str(v).trim());
  };
  add(ctx.program.school_code);
  const p = ctx.view('partnerships');
  const supporting = p.column('supporting_school_code');
  const aided = p.column('aided_school_code');
  for (let k = 0; k < p.n; k++) {
    add(supporting.value(k));
    add(aided.value(k));
  }
  return out;
}
