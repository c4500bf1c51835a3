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

/**
 * Per row and column (k * columns + c), 1 when the code there is no known school; null when every
 * code is known or empty. Each distinct code is judged once (`idKey`, a Set).
 */
function unknownRows(cols: readonly ColumnView[], n: number, known: ReadonlySet<string>): Uint8Array | null {
  const judged = new Map<unknown, boolean>();
  const isUnknown = (v: unknown) => {
    let verdict = judged.get(v);
    if (verdict === undefined) {
      const key = idKey(v);
      judged.set(v, (verdict = key !== null && !known.has(key)));
    }
    return verdict;
  };
  const m = cols.length;
  let out: Uint8Array | null = null;
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < m; c++) if (isUnknown(cols[c].value(k))) (out ??= new Uint8Array(n * m))[k * m + c] = 1;
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
