/**
 * A school's own figures of a term and the keys that "count once" needs, kept up to date at each
 * derivation (sync and refresh: sync/derive.ts), so that the bureau's totals aggregate tables sized
 * by schools and by keys two schools share (totals-sql.ts), never the rows (docs/scale.md).
 *
 * What counts is core's: the rows derive keeps (no error), its `counted` flags, the Summary's held
 * activities (core's completedActivities), and who is who across schools (core/identity.ts): a
 * person is their own school and their name. Per school:
 *  - teachers: the people of its roster, each counted for their own school (`t` keys, owner = the
 *    teacher's school): a roster lists partner teachers too;
 *  - mentors, mentees, pairings (by both people), partnerships (by both codes), rotation teachers,
 *    assessed and passed teachers: distinct keys (`m`, `e`, `pr`, `p`, `r`, `a`, `ap`), each 1;
 *  - joint activities (naming a host and a guest school, one of them this school) by date, type,
 *    host and guest (`j`, `a` = how many the school recorded); a group counts the most one school
 *    of it recorded;
 *  - support events both schools of a partnership record (`d`, `a` = yuan, `b` = beneficiaries),
 *    likewise the most one school of the group recorded.
 * Sums (teachers and students taking part, yuan, beneficiaries) are null when a value cannot be read
 * as a number or the sum leaves the range where doubles add exactly: the totals then show the
 * figure as unknown, never as 0 or a 500.
 */
import { personKey, pairKey, rosterPeople } from '../../../core/identity';
import { idKey } from '../../../core/keys';
import type { TypedRow } from '../../../core/read';
import { utf8Length } from '../../../core/utf8';

export type FigureKind = 't' | 'p' | 'pr' | 'm' | 'e' | 'r' | 'a' | 'ap' | 'j' | 'd';

/** A key the school records: [kind, key, a, b, owner (teachers: their own school)]. */
export type FigureKey = [FigureKind, string, number, number, string | null];

export interface SchoolFigures {
  partnerships: number;
  pairings: number;
  mentors: number;
  mentees: number;
  activities: number;
  activities_by_type: Record<string, number>;
  /** The months (YYYY-MM) with at least one held activity. */
  months: string[];
  teachers_taking_part: number | null;
  students_taking_part: number | null;
  rotation_teachers: number;
  rotation_person_times: number;
  donations_yuan: number | null;
  beneficiaries: number | null;
  assessed: number;
  passed: number;
}

export interface FigureSet {
  school: SchoolFigures;
  keys: FigureKey[];
}

/** A sum that turns unknown (null) rather than wrong: a value not a finite number, or past 2^53. */
export class SafeSum {
  value: number | null = 0;
  add(x: unknown): void {
    if (this.value === null || x === null || x === undefined) return;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      this.value = null;
      return;
    }
    const s = this.value + x;
    this.value = Math.abs(s) <= Number.MAX_SAFE_INTEGER ? s : null;
  }
}

export interface FigureInput {
  /** The Program school's code. */
  school: string;
  /** The rows derive keeps (no error), by sheet. */
  teachers: readonly TypedRow[];
  partnerships: readonly TypedRow[];
  /** Counted pairings (kept and active in the term). */
  pairings: readonly TypedRow[];
  /** The activities the Summary counts as held (core's completedActivities). */
  held: readonly TypedRow[];
  /** Kept support rows, with whether the rotation figures count them. */
  support: readonly { record: TypedRow; rotation: boolean }[];
  /** Counted assessments: their teacher and result. */
  assessments: readonly { teacherId: unknown; pass: boolean }[];
}

const joint = (own: string | null, a: string | null, b: string | null) =>
  own !== null && a !== null && b !== null && (own === a || own === b);

/** The keys of a school's figures as they are made, and the roster's people its rows name. */
class KeyList {
  readonly keys: FigureKey[] = [];
  private readonly people: ReturnType<typeof rosterPeople>;
  constructor(teachers: readonly TypedRow[]) {
    this.people = rosterPeople(teachers);
  }
  /** The person of a teacher id: their own school and name (core/identity.ts); null for an id not on the roster. */
  personOf(id: unknown): string | null {
    const k = idKey(id);
    return k === null ? null : (this.people.get(k) ?? null);
  }
  /** Keys each once, each 1; how many. */
  distinct(kind: FigureKind, values: Iterable<string | null>, owner?: (k: string) => string): number {
    const set = new Set<string>();
    for (const v of values) if (v !== null) set.add(v);
    for (const k of set) this.keys.push([kind, k, 1, 1, owner ? owner(k) : null]);
    return set.size;
  }
}

/** Teachers (every person the roster lists, for their own school), partnerships and pairings, with their mentors and mentees. */
function peopleFigures(f: FigureInput, keys: KeyList) {
  // Teachers: every person the roster lists, for their own school (idKey of the row's school code).
  keys.distinct(
    't',
    f.teachers.map((t) => personKey(t.values.school_code, t.values.name)),
    (k) => k.slice(0, k.indexOf('\u0001')),
  );
  const partnerships = keys.distinct(
    'p',
    f.partnerships.map((p) => {
      const a = idKey(p.values.supporting_school_code);
      const b = idKey(p.values.aided_school_code);
      return a === null || b === null ? null : `${a}|${b}`;
    }),
  );
  const pairs = f.pairings
    .map((p) => [keys.personOf(p.values.mentor_id), keys.personOf(p.values.mentee_id)] as const)
    .filter(([m, e]) => m !== null && e !== null);
  const pairings = keys.distinct(
    'pr',
    pairs.map(([m, e]) => pairKey(m!, e!)),
  );
  const mentors = keys.distinct(
    'm',
    pairs.map(([m]) => m),
  );
  const mentees = keys.distinct(
    'e',
    pairs.map(([, e]) => e),
  );
  return { partnerships, pairings, mentors, mentees };
}

/** Activities held; a joint one is keyed so that a group counts it once. */
function activityFigures(f: FigureInput, own: string | null, keys: KeyList) {
  const byType: Record<string, number> = {};
  const months = new Set<string>();
  const teachersTakingPart = new SafeSum();
  const studentsTakingPart = new SafeSum();
  const jointCount = new Map<string, number>();
  for (const r of f.held) {
    const v = r.values;
    const type = typeof v.type === 'string' ? v.type : null;
    if (type) byType[type] = (byType[type] ?? 0) + 1;
    months.add(String(v.date).slice(0, 7));
    teachersTakingPart.add(v.teachers);
    studentsTakingPart.add(v.students);
    const host = idKey(v.host_school);
    const guest = idKey(v.guest_school);
    if (type && joint(own, host, guest)) {
      const k = `${String(v.date)}|${type}|${host}|${guest}`;
      jointCount.set(k, (jointCount.get(k) ?? 0) + 1);
    }
  }
  for (const [k, n] of jointCount) keys.keys.push(['j', k, n, 0, null]);
  return {
    activities: f.held.length,
    activities_by_type: byType,
    months: [...months].sort(),
    teachers_taking_part: teachersTakingPart.value,
    students_taking_part: studentsTakingPart.value,
  };
}

/** Support: rotations the school sends; donations and funding, once per event both schools record. */
function supportFigures(f: FigureInput, own: string | null, keys: KeyList) {
  const rotationPeople: (string | null)[] = [];
  let personTimes = 0;
  const yuan = new SafeSum();
  const beneficiaries = new SafeSum();
  const events = new Map<string, { yuan: SafeSum; beneficiaries: SafeSum }>();
  for (const { record, rotation } of f.support) {
    const v = record.values;
    const kind = typeof v.kind === 'string' ? v.kind : null;
    if (rotation) {
      rotationPeople.push(keys.personOf(v.teacher_id));
      personTimes++;
    }
    const amount = kind === 'donation' || kind === 'funding' ? v.amount : null;
    yuan.add(amount);
    beneficiaries.add(v.beneficiaries);
    const from = idKey(v.from_school);
    const to = idKey(v.to_school);
    const teacher = kind === 'rotation' ? keys.personOf(v.teacher_id) : null;
    if (kind && typeof v.start_date === 'string' && joint(own, from, to) && (kind !== 'rotation' || teacher !== null)) {
      const k = JSON.stringify([kind, from, to, v.start_date, teacher]);
      const e = events.get(k) ?? { yuan: new SafeSum(), beneficiaries: new SafeSum() };
      e.yuan.add(amount);
      e.beneficiaries.add(v.beneficiaries);
      events.set(k, e);
    }
  }
  // An event whose sum is unknown makes the school's sum unknown already: its key adds nothing.
  for (const [k, e] of events) keys.keys.push(['d', k, e.yuan.value ?? 0, e.beneficiaries.value ?? 0, null]);
  return {
    rotation_teachers: keys.distinct('r', rotationPeople),
    rotation_person_times: personTimes,
    donations_yuan: yuan.value,
    beneficiaries: beneficiaries.value,
  };
}

export function schoolFigures(f: FigureInput): FigureSet {
  const own = idKey(f.school);
  const keys = new KeyList(f.teachers);
  const people = peopleFigures(f, keys);
  const activities = activityFigures(f, own, keys);
  const support = supportFigures(f, own, keys);
  const assessed = keys.distinct(
    'a',
    f.assessments.map((a) => keys.personOf(a.teacherId)),
  );
  const passed = keys.distinct(
    'ap',
    f.assessments.filter((a) => a.pass).map((a) => keys.personOf(a.teacherId)),
  );
  return { school: { ...people, ...activities, ...support, assessed, passed }, keys: keys.keys };
}

const CHUNK_BYTES = 900_000;

function chunks(items: readonly unknown[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let size = 0;
  for (const it of items) {
    const s = JSON.stringify(it);
    const bytes = utf8Length(s);
    if (size + bytes > CHUNK_BYTES && cur.length) {
      out.push(`[${cur.join(',')}]`);
      cur = [];
      size = 0;
    }
    cur.push(s);
    size += bytes + 1;
  }
  if (cur.length) out.push(`[${cur.join(',')}]`);
  return out;
}

const OLD_KEYS = 'SELECT term, kind, key FROM fig_keys WHERE school = ?1 AND term = ?2';

/**
 * The statements replacing a school's figures and keys of a term, in the batch of its sync or
 * refresh (one transaction): the school's old keys stop counting, its new ones count, and the
 * teachers of the school and of every school whose people it lists (before or now) are counted
 * again (`OWNER_TEACHERS`).
 */
export function figureStatements(db: D1DatabaseSession, school: string, term: string, set: FigureSet): D1PreparedStatement[] {
  const stmts: D1PreparedStatement[] = [
    db.prepare('UPDATE term_syncs SET figures = ?3 WHERE school = ?1 AND term = ?2').bind(school, term, JSON.stringify(set.school)),
    db.prepare(`UPDATE fig_key_count SET n = n - 1 WHERE (term, kind, key) IN (${OLD_KEYS})`).bind(school, term),
  ];
  const parts = chunks(set.keys);
  for (const chunk of parts) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO fig_key_count (term, kind, key, n, owner)
           SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), 1, json_extract(value, '$[4]') FROM json_each(?2) WHERE true
           ON CONFLICT (term, kind, key) DO UPDATE SET n = n + 1`,
        )
        .bind(term, chunk),
    );
  }
  stmts.push(
    db.prepare(`DELETE FROM fig_key_count WHERE n <= 0 AND (term, kind, key) IN (${OLD_KEYS})`).bind(school, term),
    // The schools whose people the school listed until now are counted again below, once its new keys are in.
    db
      .prepare(
        `UPDATE fig_owner SET teachers = -1 WHERE term = ?2 AND owner IN
           (SELECT substr(key, 1, instr(key, char(1)) - 1) FROM fig_keys WHERE school = ?1 AND term = ?2 AND kind = 't')`,
      )
      .bind(school, term),
    db.prepare('DELETE FROM fig_keys WHERE school = ?1 AND term = ?2').bind(school, term),
  );
  for (const chunk of parts) {
    stmts.push(
      db
        .prepare(
          `INSERT INTO fig_keys (term, kind, key, school, a, b)
           SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2, json_extract(value, '$[2]'), json_extract(value, '$[3]')
           FROM json_each(?3)`,
        )
        .bind(term, school, chunk),
    );
  }
  // The school itself too: whether it records a partnership decides whom its partners' lists count.
  const owners = [...new Set([school.toLowerCase(), ...set.keys.filter((k) => k[4] !== null).map((k) => k[4]!)])];
  stmts.push(
    db
      .prepare(
        `INSERT INTO fig_owner (term, owner, teachers)
         SELECT ?1, o.owner, ${OWNER_TEACHERS}
         FROM (SELECT value AS owner FROM json_each(?2) UNION SELECT owner FROM fig_owner WHERE term = ?1 AND teachers = -1) o WHERE true
         ON CONFLICT (term, owner) DO UPDATE SET teachers = excluded.teachers`,
      )
      .bind(term, JSON.stringify(owners)),
  );
  return stmts;
}

/**
 * The people a school (`o.owner`, as idKey) has in a term (`?1`): those its own roster lists, and
 * those a partner's roster lists as its teachers when the school itself records the partnership
 * with that partner. One school cannot add to another's teachers by listing people under its code
 * (and a partnership with it) unless the other school says so in its own workbook.
 */
export const OWNER_TEACHERS = `(SELECT COUNT(DISTINCT k.key) FROM fig_keys k
    WHERE k.term = ?1 AND k.kind = 't' AND k.key >= o.owner || char(1) AND k.key < o.owner || char(2)
      AND (LOWER(k.school) = o.owner OR EXISTS (SELECT 1 FROM fig_keys p
        WHERE p.term = ?1 AND p.kind = 'p' AND LOWER(p.school) = o.owner
          AND p.key IN (LOWER(k.school) || '|' || o.owner, o.owner || '|' || LOWER(k.school)))))`;
