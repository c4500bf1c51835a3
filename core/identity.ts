/**
 * Who is who across workbooks (DOMAIN.md, "Who is who across schools"). A teacher id is one
 * workbook's own: two schools' `T001` are two people, and a partner school's teacher listed in
 * another school's roster may carry another id there. Across workbooks a person is their own school
 * (the Teachers row's school code, as `idKey`) and their name, compared without spaces and width
 * differences (and case, for names in Latin letters): that pair is their `personKey`.
 *
 * Everything that counts people or pairs over more than one workbook (the Summary, the worker's
 * derivation of a school's figures, the bureau's totals) counts these keys, never ids.
 */
import { idKey } from './keys';
import { normalizeLabel } from './normalize';

/** Between the two parts of a key: a control character no code or name holds once normalised. */
const SEP = '\u0001';

/** A name as names are compared: spaces (`李  明`) and full/half width ignored; null when empty. */
export function nameKey(v: unknown): string | null {
  if (typeof v !== 'string') return typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
  const k = normalizeLabel(v);
  return k === '' ? null : k;
}

/** A person across workbooks: their own school and their name; null when either is missing. */
export function personKey(school: unknown, name: unknown): string | null {
  const s = idKey(school);
  const n = nameKey(name);
  return s === null || n === null ? null : `${s}${SEP}${n}`;
}

/** The school (as `idKey`) a `personKey` belongs to: teachers count for their own school only. */
export function schoolOfPerson(key: string): string {
  return key.slice(0, key.indexOf(SEP));
}

/** A pairing across workbooks: its mentor's and its mentee's person keys. */
export function pairKey(mentor: string, mentee: string): string {
  return `${mentor}${SEP}${SEP}${mentee}`;
}

export interface RosterRow {
  values: Record<string, unknown>;
}

/**
 * A workbook's teachers as people: per teacher id (as `idKey`, the first roster row of each id, as
 * the checks number them) the person it names, or null for a row without a school code or a name.
 */
export function rosterPeople(rows: Iterable<RosterRow>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of rows) {
    const id = idKey(r.values.teacher_id);
    if (id === null || out.has(id)) continue;
    out.set(id, personKey(r.values.school_code, r.values.name));
  }
  return out;
}

/** The distinct people among some teacher ids of a workbook (ids not on its roster are no one). */
export function distinctPeople(ids: Iterable<unknown>, people: ReadonlyMap<string, string | null>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    const k = idKey(id);
    const p = k === null ? null : people.get(k);
    if (p) out.add(p);
  }
  return out;
}
