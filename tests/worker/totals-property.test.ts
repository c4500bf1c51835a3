/**
 * A property: for random counties (schools numbering their teachers alike, partner teachers listed
 * under other ids, pairings and joint activities recorded by one or both schools, edits, deletes,
 * rule changes), the bureau's totals equal a plain recount from the stored rows by core's own
 * definitions (core/identity.ts for who is who; the rows' `counted` flags for what the checks
 * keep). The totals read only the per-school figures and shared keys kept at sync, so this checks
 * that those stay equal to what the rows say.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { pairKey, personKey, rosterPeople } from '../../core/identity';
import { idKey } from '../../core/keys';
import { DEFAULT_RULES } from '../../core/rules';
import { termRange } from '../../core/term';
import { api, createSchool, createToken, freshClient, resetDb, sync, teacher, type Row } from './helpers';

const PAST = '2024-2025-1';
const SCHOOLS = ['SA', 'SB', 'SC', 'SD'];
const TOWN_OF: Record<string, string> = { SA: '东镇', SB: '东镇', SC: '西乡', SD: '西乡' };
const NAMES = ['王芳', '王 芳', '李明', '张伟'];
/** Each school's own partner (towns pair within), first of its partners, so that both record their joint rows. */
const PARTNER_OF: Record<string, string> = { SA: 'SB', SB: 'SA', SC: 'SD', SD: 'SC' };
const IDS = ['T001', 'T002', 'T003', 'T004'];

let tokens: Record<string, string>;
let bureau: string;

beforeEach(async () => {
  await resetDb();
  for (const s of SCHOOLS) await createSchool(s, 'CTYP', { town: TOWN_OF[s] });
  bureau = await createToken({ role: 'bureau', county: 'CTYP' });
  tokens = {};
  for (const s of SCHOOLS) tokens[s] = await createToken({ role: 'school', school: s });
});

/** One school's rows: partners among the others, teachers of its own or a partner school, pairings, activities, donations, assessments. */
const schoolRows = (code: string) =>
  fc
    .record({
      partners: fc
        .option(fc.constantFrom(...SCHOOLS.filter((s) => s !== code && s !== PARTNER_OF[code])), { nil: null })
        .map((p) => [PARTNER_OF[code], ...(p ? [p] : [])]),
      teachers: fc.array(fc.record({ id: fc.constantFrom(...IDS, 'X1', 'X2'), name: fc.constantFrom(...NAMES), partner: fc.boolean() }), {
        maxLength: 5,
      }),
      pairings: fc.array(
        fc.record({
          m: fc.constantFrom(...IDS, 'X1'),
          e: fc.constantFrom(...IDS, 'X2'),
          start: fc.constantFrom('2024-09-01', '2025-03-01'),
        }),
        { maxLength: 3 },
      ),
      activities: fc.array(
        fc.record({
          day: fc.integer({ min: 9, max: 12 }),
          type: fc.constantFrom('研讨会', '示范课'),
          joint: fc.boolean(),
          teachers: fc.integer({ min: 0, max: 9 }),
          status: fc.constantFrom('已完成', '计划'),
        }),
        { maxLength: 4 },
      ),
      donations: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 900 }), joint: fc.boolean() }), { maxLength: 2 }),
      assessments: fc.array(fc.record({ id: fc.constantFrom(...IDS, 'X2'), met: fc.boolean() }), { maxLength: 2 }),
    })
    .map((g): Row[] => {
      const rows: Row[] = [];
      for (const p of g.partners) {
        rows.push({
          table: 'partnerships',
          id: `P-${p}`,
          values: {
            partnership_id: `P-${p}`,
            supporting_school_code: code,
            aided_school_code: p,
            start_date: '2024-09-01',
            focus: '师资建设',
          },
        });
      }
      const seen = new Set<string>();
      for (const t of g.teachers) {
        if (seen.has(t.id)) continue;
        seen.add(t.id);
        // A partner's teacher under this school's own id; without partners, still the other school's (an error, not counted).
        const school = t.partner ? (g.partners[0] ?? SCHOOLS.find((s) => s !== code)!) : code;
        rows.push(teacher(t.id, school, t.id.startsWith('X') ? '指导教师' : '新教师', { name: t.name }));
      }
      g.pairings.forEach((p, i) =>
        rows.push({
          table: 'pairings',
          id: `R${i}`,
          values: { pairing_id: `R${i}`, mentor_id: p.m, mentee_id: p.e, subject: '语文', start_date: p.start },
        }),
      );
      g.activities.forEach((a, i) => {
        const partner = g.partners[0];
        const joint =
          a.joint && partner ? { host_school: code < partner ? code : partner, guest_school: code < partner ? partner : code } : {};
        rows.push({
          table: 'schedule',
          id: `A${i}`,
          values: {
            activity_id: `A${i}`,
            date: `2024-${String(a.day).padStart(2, '0')}-08`,
            type: a.type,
            teachers: a.teachers,
            students: 0,
            status: a.status,
            evidence: 'x.jpg',
            lead_teacher: 'X1',
            ...joint,
          },
        });
      });
      g.donations.forEach((d, i) => {
        const partner = g.partners[0];
        const joint =
          d.joint && partner ? { from_school: code < partner ? code : partner, to_school: code < partner ? partner : code } : {};
        rows.push({
          table: 'support',
          id: `D${i}`,
          values: { record_id: `D${i}`, kind: '捐赠', amount: d.amount, items: '书', start_date: '2024-10-01', ...joint },
        });
      });
      g.assessments.forEach((a, i) =>
        rows.push({
          table: 'assessment',
          id: `S${i}`,
          values: {
            teacher_id: a.id,
            term: PAST,
            classes_attended: a.met ? 30 : 1,
            summary_submitted: a.met ? '是' : '否',
            demo_lessons: 2,
          },
        }),
      );
      return rows;
    });

type Step =
  { kind: 'sync'; school: string; rows: Row[] } | { kind: 'delete'; school: string; pick: number } | { kind: 'rules'; start: string };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(...SCHOOLS).chain((s) => schoolRows(s).map((rows) => ({ kind: 'sync' as const, school: s, rows }))),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), school: fc.constantFrom(...SCHOOLS), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rules' as const), start: fc.constantFrom('09-01', '10-01', '11-15') }) },
);

const TABLES = ['partnerships', 'teachers', 'pairings', 'schedule', 'support', 'assessment'];

/** Sends the step: a sync on the stored versions (an edit of rows the school has), a delete of one stored row, or new rules. */
async function run(s: Step) {
  freshClient();
  if (s.kind === 'rules') {
    const r = await api('PUT', '/api/v1/rules', { token: bureau, body: { term: PAST, rules: { term1_start: s.start } } });
    expect(r.status, r.text).toBe(200);
    return;
  }
  const stored = new Map<string, number>();
  for (const t of TABLES) {
    const res = await env.DB.prepare(`SELECT id, version, deleted FROM t_${t} WHERE school = ? AND term = ?`)
      .bind(s.school, PAST)
      .all<{ id: string; version: number; deleted: number }>();
    for (const r of res.results) if (!r.deleted) stored.set(`${t}|${r.id}`, r.version);
  }
  let rows: Row[];
  if (s.kind === 'delete') {
    const keys = [...stored.keys()];
    if (!keys.length) return;
    const key = keys[s.pick % keys.length];
    const [table, id] = key.split('|');
    rows = [{ table, id, base_version: stored.get(key), deleted: true }];
  } else {
    rows = s.rows.map((r) => ({ ...r, base_version: stored.get(`${r.table}|${r.id}`) ?? null }));
  }
  const r = await sync(tokens[s.school], rows, { term: PAST });
  expect(r.status, r.text).toBe(200);
}

/** A stored row of any synced table, as `SELECT *` gives it: the columns the recount reads (each table has some of them). */
interface Stored {
  school: string;
  id: string;
  vals: string;
  counted: number;
  school_code: string | null;
  name: string | null;
  supporting_code: string | null;
  aided_code: string | null;
  mentor_id: string | null;
  mentee_id: string | null;
  result: string | null;
  date: string;
  status: string | null;
  type: string | null;
  host_school: string | null;
  guest_school: string | null;
  teachers: number | null;
  kind: string | null;
  from_school: string | null;
  to_school: string | null;
  start_date: string | null;
  amount: number | null;
}
async function live(table: string): Promise<Stored[]> {
  return (await env.DB.prepare(`SELECT * FROM t_${table} WHERE term = ? AND deleted = 0 ORDER BY school, id`).bind(PAST).all<Stored>())
    .results;
}

/** The totals recounted from the stored rows, per group, by core's definitions and the rows' `counted` flags. */
async function recount(groupOf: (school: string) => string) {
  const rules = await env.DB.prepare("SELECT rules_json FROM rules WHERE county = 'CTYP' AND term = ?")
    .bind(PAST)
    .first<string>('rules_json');
  const range = termRange(PAST, { ...DEFAULT_RULES, ...(rules ? JSON.parse(rules) : {}) });
  const [partnerships, teachers, pairings, schedule, support, assessment] = await Promise.all(TABLES.map(live));
  const vals = (r: Stored) => JSON.parse(r.vals) as Record<string, unknown>;
  // Each school's roster as people (its counted rows, in row order: the first row of an id).
  const people = new Map<string, Map<string, string | null>>();
  for (const s of SCHOOLS)
    people.set(s, rosterPeople(teachers.filter((t) => t.school === s && t.counted === 1).map((t) => ({ values: vals(t) }))));
  const personOf = (school: string, id: unknown) => people.get(school)!.get(idKey(id) ?? '') ?? null;
  const out = new Map<string, Record<string, number>>();
  const groupsSeen = [...new Set(SCHOOLS.map(groupOf))];
  const sets = new Map<string, Map<string, Set<string>>>();
  const set = (g: string, f: string) => {
    const m = sets.get(g) ?? new Map<string, Set<string>>();
    sets.set(g, m);
    const x = m.get(f) ?? new Set<string>();
    m.set(f, x);
    return x;
  };
  // A school agrees that a partner's roster counts for it by recording the partnership itself.
  const agreed = new Set<string>();
  for (const p of partnerships) {
    if (p.counted !== 1 || !p.supporting_code || !p.aided_code) continue;
    const me = idKey(p.school);
    if (p.supporting_code === me) agreed.add(`${me}|${p.aided_code}`);
    if (p.aided_code === me) agreed.add(`${me}|${p.supporting_code}`);
  }
  for (const t of teachers) {
    if (t.counted !== 1) continue;
    const p = personKey(t.school_code, t.name);
    const owner = SCHOOLS.find((s) => idKey(s) === idKey(t.school_code));
    if (!p || !owner) continue;
    if (idKey(owner) === idKey(t.school) || agreed.has(`${idKey(owner)}|${idKey(t.school)}`)) set(groupOf(owner), 'teachers').add(p);
  }
  for (const p of partnerships) if (p.counted === 1) set(groupOf(p.school), 'partnerships').add(`${p.supporting_code}|${p.aided_code}`);
  for (const p of pairings) {
    if (p.counted !== 1) continue;
    const m = personOf(p.school, p.mentor_id);
    const e = personOf(p.school, p.mentee_id);
    if (!m || !e) continue;
    set(groupOf(p.school), 'pairings').add(pairKey(m, e));
    set(groupOf(p.school), 'mentors').add(m);
    set(groupOf(p.school), 'mentees').add(e);
  }
  for (const a of assessment) {
    if (a.counted !== 1) continue;
    const p = personOf(a.school, vals(a).teacher_id);
    if (!p) continue;
    set(groupOf(a.school), 'assessed').add(p);
    if (a.result === 'pass') set(groupOf(a.school), 'passed').add(p);
  }
  // Activities held in the term; a joint one both schools log counts as the most one school of the group logged.
  const most = (rows: { group: string; school: string; key: string; n: number }[]) => {
    const per = new Map<string, number>();
    for (const r of rows)
      per.set(`${r.group}\u0000${r.school}\u0000${r.key}`, (per.get(`${r.group}\u0000${r.school}\u0000${r.key}`) ?? 0) + r.n);
    const best = new Map<string, number>();
    for (const [k, n] of per) {
      const [g, , key] = k.split('\u0000');
      best.set(`${g}\u0000${key}`, Math.max(best.get(`${g}\u0000${key}`) ?? 0, n));
    }
    const sum = new Map<string, number>();
    for (const [k, n] of best) sum.set(k.split('\u0000')[0], (sum.get(k.split('\u0000')[0]) ?? 0) + n);
    return sum;
  };
  const held = schedule.filter((x) => x.counted === 1 && x.date >= range.start && x.date <= range.end && x.status === 'done');
  const own = (x: Stored, a: string | null, b: string | null) => a !== null && b !== null && [a, b].includes(idKey(x.school)!);
  const acts = most(
    held.map((x) => ({
      group: groupOf(x.school),
      school: x.school,
      key: own(x, x.host_school, x.guest_school) ? `j|${x.date}|${x.type}|${x.host_school}|${x.guest_school}` : `r|${x.school}|${x.id}`,
      n: 1,
    })),
  );
  const yuan = most(
    support
      .filter((x) => x.counted === 1)
      .map((x) => ({
        group: groupOf(x.school),
        school: x.school,
        key: own(x, x.from_school, x.to_school) ? `j|${x.kind}|${x.from_school}|${x.to_school}|${x.start_date}` : `r|${x.school}|${x.id}`,
        n: x.amount ?? 0,
      })),
  );
  for (const g of groupsSeen) {
    const f = (name: string) => sets.get(g)?.get(name)?.size ?? 0;
    out.set(g, {
      teachers: f('teachers'),
      partnerships: f('partnerships'),
      pairings: f('pairings'),
      mentors: f('mentors'),
      mentees: f('mentees'),
      assessed: f('assessed'),
      passed: f('passed'),
      activities: acts.get(g) ?? 0,
      teachers_taking_part: held.filter((x) => groupOf(x.school) === g).reduce((a, x) => a + (x.teachers ?? 0), 0),
      donations_yuan: yuan.get(g) ?? 0,
    });
  }
  return out;
}

const GROUPS: Record<string, (school: string) => string> = {
  school: (s) => s,
  town: (s) => `CTYP/${TOWN_OF[s]}`,
  county: () => 'CTYP',
};

async function agree() {
  for (const [g, groupOf] of Object.entries(GROUPS)) {
    const r = await api('GET', `/api/v1/totals?term=${PAST}&group_by=${g}`, { token: bureau });
    expect(r.status, r.text).toBe(200);
    const want = await recount(groupOf);
    for (const row of r.json.rows) {
      const w = want.get(row.key)!;
      const got = Object.fromEntries(Object.keys(w).map((k) => [k, row[k]]));
      expect(got, `${g} ${row.key}`).toEqual(w);
    }
  }
}

describe('totals equal a recount from the stored rows', () => {
  it('for random counties, edits, deletes and rule changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 6 }), async (steps) => {
        await resetDb();
        for (const s of SCHOOLS) await createSchool(s, 'CTYP', { town: TOWN_OF[s] });
        bureau = await createToken({ role: 'bureau', county: 'CTYP' });
        for (const s of SCHOOLS) tokens[s] = await createToken({ role: 'school', school: s });
        for (const s of steps) await run(s);
        await agree();
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});
