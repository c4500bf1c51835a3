/**
 * The term report and its review, in workerd: submit (a snapshot at a revision, a new version each
 * time), return with items, approve (the school's syncs answer 423 report_approved), reopen; every
 * step the state does not allow answers 409; a bureau of another county is refused as for tokens;
 * the .docx of a version is rendered from its snapshot by the `docx` library inside workerd.
 */
import { env, SELF } from 'cloudflare:test';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { approvedGuard } from '../../worker/src/reports/lock';
import { ADMIN, activity, api, pairing, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;

async function reset() {
  await env.DB.batch(['report_versions', 'report_state', 'report_reviews'].map((x) => env.DB.prepare(`DELETE FROM ${x}`)));
  await resetDb();
  t = await seedCounties();
}

const ROWS = [
  teacher('T1', 'GH01', '普通教师', { name: '王丽华', title: '高级', years_teaching: 20 }),
  teacher('T2', 'GH01', '新教师', { name: '刘芳' }),
  pairing('P1', 'T1', 'T2'),
  activity('A1', '2026-09-10', '研讨会', { theme: '教学指导研讨会' }),
  activity('A2', '2026-10-12', '示范课', { theme: '示范课一' }),
];

const submit = (token: string, body?: unknown) => api('POST', `/api/v1/reports/${TERM}/submit`, { token, body });
const step = (token: string, school: string, what: 'return' | 'approve' | 'reopen', body?: unknown) =>
  api('POST', `/api/v1/reports/${TERM}/${school}/${what}`, { token, body });
const mine = (token: string) => api('GET', `/api/v1/reports/${TERM}`, { token });

async function docxText(bytes: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

async function docxRows(bytes: ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = (x: string) => [...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => text(tc[0])).join('|'),
  );
}

async function getDocx(path: string, token: string) {
  const { SELF } = await import('cloudflare:test');
  const res = await SELF.fetch(`https://jiedui.test${path}`, {
    headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': '10.9.9.9' },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
    body: await res.arrayBuffer(),
  };
}

describe('submitting a report', () => {
  beforeEach(reset);

  it('refuses with 409 not_synced before the school has synced the term', async () => {
    const r = await submit(t.gh);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('not_synced');
    expect((await mine(t.gh)).json.state).toBe('not_submitted');
  });

  it("answers 201 with a snapshot at the school's revision; each resubmission is a new version, all kept", async () => {
    const s1 = await sync(t.gh, ROWS);
    expect(s1.status).toBe(200);
    const r1 = await submit(t.gh);
    expect(r1.status).toBe(201);
    expect(r1.json).toEqual({
      term: TERM,
      school: 'GH01',
      state: 'submitted',
      version: 1,
      revision: s1.json.revision,
      submitted_at: expect.any(String),
    });
    const s2 = await sync(t.gh, [activity('A3', '2026-11-05', '研讨会', { theme: '第三次活动' })]);
    const r2 = await submit(t.gh, { lang: 'en' });
    expect(r2.status).toBe(201);
    expect(r2.json).toMatchObject({ version: 2, revision: s2.json.revision });
    const st = await mine(t.gh);
    expect(st.json).toMatchObject({ state: 'submitted', version: 2, revision: s2.json.revision, comment: null, items: [] });
    expect(st.json.versions.map((v: { version: number; revision: number }) => [v.version, v.revision])).toEqual([
      [1, s1.json.revision],
      [2, s2.json.revision],
    ]);
    // Version 1's document is what was sent then: the activity synced later is not in it.
    const v1 = await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx?version=1`, t.gh);
    expect(v1.status).toBe(200);
    expect(await docxText(v1.body)).not.toContain('第三次活动');
    const v2 = await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx`, t.gh);
    const text = await docxText(v2.body);
    expect(text).toContain('第三次活动');
    expect(text).toContain('Term 1, 2026-2027');
  });

  it('refuses a bad term, a bad body and a body of another type', async () => {
    expect((await api('POST', '/api/v1/reports/2026-2028-1/submit', { token: t.gh })).status).toBe(400);
    expect((await submit(t.gh, { lang: 'fr' })).status).toBe(400);
    expect(
      (await api('POST', `/api/v1/reports/${TERM}/submit`, { token: t.gh, raw: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
  });

  it('takes an empty body with no Content-Type as no body, as `curl -X POST` sends it; bytes with none are 415', async () => {
    expect((await sync(t.gh, ROWS)).status).toBe(200);
    // Bytes, not a string: a string body would bring its own Content-Type (text/plain).
    const post = (body: Uint8Array) =>
      SELF.fetch(`https://jiedui.test/api/v1/reports/${TERM}/submit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.gh}` },
        body,
      });
    // No bytes are an empty stream, not a null body: what workerd hands over for curl's POST.
    expect(new Request('https://x.test', { method: 'POST', body: new Uint8Array(0) }).body).not.toBeNull();
    const empty = await post(new Uint8Array(0));
    expect(empty.status, await empty.clone().text()).toBe(201);
    expect(((await empty.json()) as { state: string }).state).toBe('submitted');
    const bytes = await post(new TextEncoder().encode('{"lang":"en"}'));
    expect(bytes.status).toBe(415);
    expect(((await bytes.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});

describe('the review', () => {
  beforeEach(async () => {
    await reset();
    expect((await sync(t.gh, ROWS)).status).toBe(200);
  });

  it('returns with a comment and items, the school reads them, fixes, resubmits, and the bureau approves', async () => {
    expect((await submit(t.gh)).status).toBe(201);
    const items = [
      { table: 'schedule', id: 'A2', column: 'theme', text: '主题请写完整' },
      { table: 'teachers', id: 'T2', text: '补充教龄' },
    ];
    const ret = await step(t.bureau, 'GH01', 'return', { comment: '请补充材料', items });
    expect(ret.status).toBe(200);
    expect(ret.json).toMatchObject({ state: 'returned', version: 1, comment: '请补充材料', items });
    const seen = await mine(t.gh);
    expect(seen.json).toMatchObject({ state: 'returned', comment: '请补充材料', items, reviewed_by: 'the bureau of CTY01' });
    // The bureau's list shows it returned.
    const list = await api('GET', `/api/v1/reports?term=${TERM}`, { token: t.bureau });
    expect(list.status).toBe(200);
    const gh = list.json.schools.find((s: { code: string }) => s.code === 'GH01');
    expect(gh).toMatchObject({ state: 'returned', version: 1, comment: '请补充材料' });
    expect(list.json.schools.find((s: { code: string }) => s.code === 'WT01')).toMatchObject({ state: 'not_submitted', version: null });
    expect(list.json.schools.map((s: { code: string }) => s.code)).toEqual(['DS01', 'GH01', 'WT01']);

    expect(
      (
        await sync(
          t.gh,
          [activity('A2', '2026-10-12', '示范课', { theme: '《秋天的雨》示范课' })].map((r) => ({ ...r, base_version: 1 })),
        )
      ).status,
    ).toBe(200);
    const again = await submit(t.gh);
    expect(again.json.version).toBe(2);
    expect((await mine(t.gh)).json).toMatchObject({ state: 'submitted', comment: null, items: [] });
    const ok = await step(t.bureau, 'GH01', 'approve', { comment: '通过' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ state: 'approved', version: 2, comment: '通过' });
    const history = (await mine(t.gh)).json.reviews.map((r: { action: string; version: number }) => [r.action, r.version]);
    expect(history).toEqual([
      ['return', 1],
      ['approve', 2],
    ]);
  });

  it('answers 409 for every step the state does not allow', async () => {
    // not submitted
    for (const s of ['return', 'approve', 'reopen'] as const) {
      const r = await step(t.bureau, 'GH01', s, { comment: 'x' });
      expect(r.status, s).toBe(409);
      expect(r.json.error.code).toBe('report_state');
    }
    await submit(t.gh);
    expect((await step(t.bureau, 'GH01', 'reopen', { comment: 'x' })).status).toBe(409);
    await step(t.bureau, 'GH01', 'return', { comment: 'x', items: [] });
    for (const s of ['return', 'approve', 'reopen'] as const)
      expect((await step(t.bureau, 'GH01', s, { comment: 'x' })).status, s).toBe(409);
    await submit(t.gh);
    await step(t.bureau, 'GH01', 'approve', {});
    expect((await step(t.bureau, 'GH01', 'return', { comment: 'x' })).status).toBe(409);
    expect((await step(t.bureau, 'GH01', 'approve', {})).status).toBe(409);
    const resubmit = await submit(t.gh);
    expect(resubmit.status).toBe(409);
    expect(resubmit.json.error.code).toBe('report_state');
  });

  it('validates what the bureau sends: a comment to return or reopen, items on a synced table', async () => {
    await submit(t.gh);
    expect((await step(t.bureau, 'GH01', 'return', {})).status).toBe(400);
    expect((await step(t.bureau, 'GH01', 'return', { comment: 'x', items: [{ table: 'nope', id: 'A1', text: 'y' }] })).status).toBe(400);
    expect((await step(t.bureau, 'GH01', 'return', { comment: 'x', items: [{ table: 'schedule', id: 'A1' }] })).status).toBe(400);
    expect((await step(t.bureau, 'GH01', 'return', { comment: 'x'.repeat(4001) })).status).toBe(400);
    expect((await step(t.bureau, 'GH01', 'approve', { comment: 'ok', extra: 1 })).status).toBe(400);
    await step(t.bureau, 'GH01', 'approve', {});
    expect((await step(t.bureau, 'GH01', 'reopen', {})).status).toBe(400);
  });

  it('refuses another county, a school and the admin, and says the same for a school that does not exist', async () => {
    await submit(t.gh);
    const other = await step(t.bureau2, 'GH01', 'approve', {});
    expect(other.status).toBe(403);
    const none = await step(t.bureau2, 'NOPE01', 'approve', {});
    expect(none.status).toBe(403);
    expect(none.json.error.message.replace('NOPE01', 'GH01')).toBe(other.json.error.message);
    expect((await step(t.gh, 'GH01', 'approve', {})).status).toBe(403);
    expect((await step(t.wt, 'GH01', 'return', { comment: 'x' })).status).toBe(403);
    expect((await step(ADMIN, 'GH01', 'approve', {})).status).toBe(403);
    expect((await mine(t.gh)).json.state).toBe('submitted');
    // The bureau's list: another county's bureau sees only its own schools; a school is refused.
    const list2 = await api('GET', `/api/v1/reports?term=${TERM}`, { token: t.bureau2 });
    expect(list2.json.schools.map((s: { code: string }) => s.code)).toEqual(['OT01']);
    expect((await api('GET', `/api/v1/reports?term=${TERM}&county=CTY01`, { token: t.bureau2 })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports?term=${TERM}`, { token: t.gh })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports?term=${TERM}`, { token: ADMIN })).status).toBe(400);
    expect((await api('GET', `/api/v1/reports?term=${TERM}&county=CTY01`, { token: ADMIN })).status).toBe(200);
    // The document: the county's bureau and the school itself, no one else.
    expect((await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx`, t.bureau)).status).toBe(200);
    expect((await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx`, t.bureau2)).status).toBe(403);
    expect((await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx`, t.wt)).status).toBe(403);
    expect((await getDocx(`/api/v1/reports/${TERM}/WT01/report.docx`, t.wt)).status).toBe(404);
  });
});

describe('an approved term is locked for the school', () => {
  beforeEach(async () => {
    await reset();
    expect((await sync(t.gh, ROWS)).status).toBe(200);
    await submit(t.gh);
  });

  it('answers 423 report_approved naming who approved it and when, until the bureau reopens it', async () => {
    const label = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'bureau', county: 'CTY01', label: '示范县教育局' } });
    const ok = await step(label.json.token, 'GH01', 'approve', {});
    expect(ok.status).toBe(200);
    const refused = await sync(t.gh, [activity('A9', '2026-11-20')]);
    expect(refused.status).toBe(423);
    expect(refused.json.error.code).toBe('report_approved');
    expect(refused.json.error.message).toContain('示范县教育局');
    expect(refused.json.error.message).toContain(ok.json.reviewed_at);
    // Another school of the county, and another term of the same school, still sync.
    expect((await sync(t.wt, [teacher('W1', 'WT01')])).status).toBe(200);
    expect((await sync(t.gh, [teacher('T9', 'GH01')], { term: '2026-2027-2' })).status).toBe(200);
    // The county lock keeps its own code.
    await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau });
    expect((await sync(t.gh, [activity('A9', '2026-11-20')])).json.error.code).toBe('term_locked');
    await api('POST', `/api/v1/terms/${TERM}/unlock`, { token: t.bureau });

    const reopened = await step(t.bureau, 'GH01', 'reopen', { comment: '请补充十二月活动' });
    expect(reopened.status).toBe(200);
    expect(reopened.json.state).toBe('returned');
    expect((await mine(t.gh)).json).toMatchObject({ state: 'returned', comment: '请补充十二月活动' });
    expect((await sync(t.gh, [activity('A9', '2026-11-20')])).status).toBe(200);
    expect((await submit(t.gh)).json.version).toBe(2);
  });

  it('a sync that read the term open and writes after the approval is stopped by its batch guard', async () => {
    await step(t.bureau, 'GH01', 'approve', {});
    // The approval row exists; the guard statement alone must abort a batch (as if read before).
    const guard = approvedGuard(env.DB as unknown as D1DatabaseSession, 'GH01', TERM);
    await expect(
      env.DB.batch([guard, env.DB.prepare('UPDATE school_state SET revision = revision + 1 WHERE school = ?').bind('GH01')]),
    ).rejects.toThrow(/CHECK constraint/);
    const rev = await env.DB.prepare('SELECT revision FROM school_state WHERE school = ?').bind('GH01').first<number>('revision');
    expect(rev).toBe(1);
  });
});

describe('the documents, rendered in workerd', () => {
  beforeEach(async () => {
    await reset();
    expect((await sync(t.gh, ROWS)).status).toBe(200);
    expect((await sync(t.ds, [teacher('D1', 'DS01')])).status).toBe(200);
  });

  it("renders the school's submitted report with its figures and the signature block, privately", async () => {
    await submit(t.gh);
    const r = await getDocx(`/api/v1/reports/${TERM}/GH01/report.docx`, t.bureau);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.cache).toContain('no-store');
    const text = await docxText(r.body);
    expect(text).toContain('GH01 school2026-2027学年第一学期结对帮扶工作总结');
    for (const s of ['活动达标月数', '新教师结对', '教学指导研讨会', '王丽华（T1） → 刘芳（T2）', '校长签字', '学校盖章'])
      expect(text).toContain(s);
    // Its Summary figures are the ones the bureau's totals count for the school.
    const totals = await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau });
    const gh = totals.json.rows.find((x: { key: string }) => x.key === 'GH01');
    const rows = await docxRows(r.body);
    for (const [key, label] of [
      ['months_with_activities', '活动达标月数'],
      ['mentees_paired', '新教师结对'],
      ['leaders_meetings', '领导联席会议'],
    ]) {
      const i = gh.indicators[key];
      expect(
        rows.find((x) => x.startsWith(`${label}|`)),
        key,
      ).toMatch(new RegExp(`^${label}\\|${i.target}\\|${i.completed}\\|`));
    }
  });

  it('renders the county report: reporting rate, schools not reported, approved and returned, gaps', async () => {
    await submit(t.gh);
    await step(t.bureau, 'GH01', 'approve', {});
    await submit(t.ds);
    await step(t.bureau, 'DS01', 'return', { comment: 'x' });
    const r = await getDocx(`/api/v1/reports/county.docx?term=${TERM}`, t.bureau);
    expect(r.status).toBe(200);
    const text = await docxText(r.body);
    expect(text).toContain('CTY012026-2027学年第一学期结对帮扶工作汇总报告');
    expect(text).toContain('全县共 3 所学校，已报送 2 所（报送率 66.7%），已审核通过 1 所，退回修改 1 所，未报送 1 所。');
    expect(text).toContain('WT01 school（WT01）');
    expect(text).toContain('国河镇');
    expect(text).not.toContain('OT01');
    const en = await getDocx(`/api/v1/reports/county.docx?term=${TERM}&lang=en`, t.bureau);
    expect(await docxText(en.body)).toContain('reporting rate 66.7%');
    expect((await getDocx(`/api/v1/reports/county.docx?term=${TERM}&county=CTY01`, t.bureau2)).status).toBe(403);
    expect((await getDocx(`/api/v1/reports/county.docx?term=${TERM}`, t.gh)).status).toBe(403);
    expect((await getDocx(`/api/v1/reports/county.docx?term=${TERM}&county=CTY02`, ADMIN)).status).toBe(200);
  });
});

describe('the totals count the reports', () => {
  beforeEach(async () => {
    await reset();
    expect((await sync(t.gh, ROWS)).status).toBe(200);
    expect((await sync(t.ds, [teacher('D1', 'DS01')])).status).toBe(200);
  });

  it('gives reports_submitted and reports_approved per school, town and county, in JSON and CSV', async () => {
    await submit(t.gh);
    await step(t.bureau, 'GH01', 'approve', {});
    await submit(t.ds);
    await step(t.bureau, 'DS01', 'return', { comment: 'x' });
    const pick = (rows: { key: string; reports_submitted: number; reports_approved: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.key, [r.reports_submitted, r.reports_approved]]));
    const schools = await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau });
    expect(pick(schools.json.rows)).toEqual({ GH01: [1, 1], WT01: [0, 0], DS01: [1, 0] });
    const towns = await api('GET', `/api/v1/totals?term=${TERM}&group_by=town`, { token: t.bureau });
    expect(pick(towns.json.rows)).toEqual({ 'CTY01/国河镇': [1, 1], 'CTY01/大山乡': [1, 0] });
    const counties = await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: ADMIN });
    expect(pick(counties.json.rows)).toEqual({ CTY01: [2, 1], CTY02: [0, 0] });
    const csv = await api('GET', `/api/v1/totals?term=${TERM}&format=csv`, { token: t.bureau });
    const [head, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const at = (name: string) => head.indexOf(name);
    expect(at('reports_submitted')).toBeGreaterThan(0);
    const gh = lines.find((l) => l[0] === 'GH01')!;
    expect([gh[at('reports_submitted')], gh[at('reports_approved')]]).toEqual(['1', '1']);
  });

  it('counts submitted reports in reporting_rate (a returned one too), synced schools in synced_rate, of the schools taking part', async () => {
    const county = async () => (await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: t.bureau })).json.rows[0];
    // Two of three schools synced, none submitted.
    expect(await county()).toMatchObject({ schools: 3, reporting_rate: 0, synced_rate: 0.6667, reports_submitted: 0 });
    expect((await submit(t.gh)).status).toBe(201);
    expect(await county()).toMatchObject({ reporting_rate: 0.3333, synced_rate: 0.6667, reports_submitted: 1 });
    // A returned report was submitted: it still counts; approved, and reopened (returned), too.
    expect((await step(t.bureau, 'GH01', 'return', { comment: 'x' })).status).toBe(200);
    expect(await county()).toMatchObject({ reporting_rate: 0.3333, reports_submitted: 1 });
    expect((await submit(t.ds)).status).toBe(201);
    expect((await step(t.bureau, 'DS01', 'approve', {})).status).toBe(200);
    expect(await county()).toMatchObject({ reporting_rate: 0.6667, reports_submitted: 2, reports_approved: 1 });
    const bySchool = Object.fromEntries(
      (await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau })).json.rows.map((r: { key: string; reporting_rate: number }) => [
        r.key,
        r.reporting_rate,
      ]),
    );
    expect(bySchool).toEqual({ DS01: 1, GH01: 1, WT01: 0 });
    // A school retired from the term is left out of both sides of the rate.
    expect((await api('POST', '/api/v1/schools/GH01/retire', { token: t.bureau, body: { from_term: TERM } })).status).toBe(200);
    expect(await county()).toMatchObject({ schools: 2, reporting_rate: 0.5, synced_rate: 0.5, reports_submitted: 1 });
  });
});

describe("the bureau picks return items from the school's issues", () => {
  beforeEach(async () => {
    await reset();
    // P2 pairs T1 and T2 again: an issue on P2 naming P1; A3 has no evidence.
    const rows = [...ROWS, pairing('P2', 'T1', 'T2'), activity('A3', '2026-10-20', '示范课', { theme: '示范课二', evidence: null })];
    expect((await sync(t.gh, rows)).status).toBe(200);
  });

  it('lists each open issue on its row and column, in words, as an item to return', async () => {
    const r = await api('GET', `/api/v1/reports/${TERM}/GH01/issues`, { token: t.bureau });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ term: TERM, school: 'GH01', omitted: 0 });
    const issues: { table: string; id?: string; column?: string; code: string; severity: string; text: string }[] = r.json.issues;
    expect(issues.find((i) => i.table === 'schedule' && i.id === 'A3' && i.column === 'evidence')).toMatchObject({
      code: 'schedule.no_evidence',
      severity: 'warning',
      text: '活动已完成但没有佐证材料',
    });
    const dup = issues.find((i) => i.table === 'pairings' && i.id === 'P2');
    expect(dup, JSON.stringify(issues)).toBeDefined();
    expect(dup!.text).toContain('P1');
    // The compliance list counts the same issues by code.
    const compliance = await api('GET', `/api/v1/compliance?term=${TERM}`, { token: t.bureau });
    const counted = compliance.json.schools.find((s: { code: string }) => s.code === 'GH01').open;
    expect(issues.length).toBe(counted);
    // English on asking.
    const en = await api('GET', `/api/v1/reports/${TERM}/GH01/issues?lang=en`, { token: t.bureau });
    expect(en.json.issues.find((i: { id?: string }) => i.id === 'P2').text).toMatch(/already in row P1/);
    // A picked issue returned as an item comes back to the school as it was picked.
    await submit(t.gh);
    const item = { table: dup!.table, id: dup!.id!, ...(dup!.column ? { column: dup!.column } : {}), text: dup!.text };
    expect((await step(t.bureau, 'GH01', 'return', { comment: '请修改', items: [item] })).status).toBe(200);
    expect((await mine(t.gh)).json.items).toEqual([item]);
  });

  it('answers the bureau of the county and the admin only, and another county as a school that does not exist', async () => {
    expect((await api('GET', `/api/v1/reports/${TERM}/GH01/issues`, { token: ADMIN })).status).toBe(200);
    expect((await api('GET', `/api/v1/reports/${TERM}/GH01/issues`, { token: t.bureau2 })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports/${TERM}/NOPE/issues`, { token: t.bureau2 })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports/${TERM}/NOPE/issues`, { token: t.bureau })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports/${TERM}/NOPE/issues`, { token: ADMIN })).status).toBe(404);
    expect((await api('GET', `/api/v1/reports/${TERM}/GH01/issues`, { token: t.gh })).status).toBe(403);
    expect((await api('GET', `/api/v1/reports/${TERM}/GH01/issues?lang=fr`, { token: t.bureau })).status).toBe(400);
    expect((await api('GET', `/api/v1/reports/bad/GH01/issues`, { token: t.bureau })).status).toBe(400);
  });
});

describe('retired schools in the reports', () => {
  beforeEach(async () => {
    await reset();
    expect((await sync(t.gh, ROWS)).status).toBe(200);
    // WT01 synced and submitted (an activity without evidence among its issues) before it was retired from TERM on.
    expect((await sync(t.wt, [teacher('W1', 'WT01'), activity('W2', '2026-10-20', '示范课', { evidence: null })])).status).toBe(200);
    expect((await submit(t.wt)).status).toBe(201);
    expect((await api('POST', '/api/v1/schools/WT01/retire', { token: t.bureau, body: { from_term: TERM } })).status).toBe(200);
    // DS01 is retired from the next term on: it still takes part in TERM.
    expect((await api('POST', '/api/v1/schools/DS01/retire', { token: t.bureau, body: { from_term: '2026-2027-2' } })).status).toBe(200);
    expect((await submit(t.gh)).status).toBe(201);
  });

  it('leaves a school retired from the term out of the list; one retired later is expected, as the totals count them', async () => {
    const list = await api('GET', `/api/v1/reports?term=${TERM}`, { token: t.bureau });
    expect(list.json.schools.map((s: { code: string; state: string }) => [s.code, s.state])).toEqual([
      ['DS01', 'not_submitted'],
      ['GH01', 'submitted'],
    ]);
    const county = (await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: t.bureau })).json.rows[0];
    expect(county).toMatchObject({ schools: 2, reports_submitted: 1, reporting_rate: 0.5 });
    // An earlier term, before WT01's retirement, lists it.
    const earlier = await api('GET', '/api/v1/reports?term=2025-2026-2', { token: t.bureau });
    expect(earlier.json.schools.map((s: { code: string }) => s.code)).toEqual(['DS01', 'GH01', 'WT01']);
  });

  it('leaves it out of the county report: not among the schools, not "not reported", not in the gaps', async () => {
    const r = await getDocx(`/api/v1/reports/county.docx?term=${TERM}`, t.bureau);
    expect(r.status).toBe(200);
    const text = await docxText(r.body);
    expect(text).toContain('全县共 2 所学校，已报送 1 所（报送率 50%），已审核通过 0 所，退回修改 0 所，未报送 1 所。');
    expect(text).toContain('DS01 school（DS01）');
    expect(text).not.toContain('WT01');
    expect(text).not.toContain('没有佐证材料');
    // Unretired, it is counted again: its report, its row and its gap.
    expect((await api('POST', '/api/v1/schools/WT01/unretire', { token: t.bureau })).status).toBe(200);
    const back = await docxText((await getDocx(`/api/v1/reports/county.docx?term=${TERM}`, t.bureau)).body);
    expect(back).toContain('全县共 3 所学校，已报送 2 所（报送率 66.7%），已审核通过 0 所，退回修改 0 所，未报送 1 所。');
    expect(back).toContain('WT01 school（WT01）');
    expect(back).toContain('已完成的活动没有佐证材料'); // the gap in its title's words (core/issue-titles.ts)
  });

  it("refuses a retired school's submission of a term it takes no part in, with 409 school_retired", async () => {
    const r = await submit(t.wt);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('school_retired');
    expect(r.json.error.message).toContain('WT01');
    // DS01, retired from a later term, submits this one.
    expect((await sync(t.ds, [teacher('D1', 'DS01')])).status).toBe(200);
    expect((await submit(t.ds)).status).toBe(201);
  });
});
