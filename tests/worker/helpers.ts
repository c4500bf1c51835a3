/** Shared helpers of the worker tests: requests through the worker, a clean D1, a seeded county. */
import { SELF, env } from 'cloudflare:test';

export const ADMIN = 'test-admin-token';
export const TERM = '2026-2027-1';

let ipCounter = 0;
/** Each test gets its own client address so the failed-auth limit of one test never leaks into another. */
export let clientIp = '10.0.0.1';
export function freshClient() {
  clientIp = `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export interface Call {
  token?: string;
  body?: unknown;
  /** A raw body sent as is (for bad JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

export async function api(method: string, path: string, call: Call = {}) {
  const headers: Record<string, string> = { 'cf-connecting-ip': clientIp, ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let body: string | undefined;
  if (call.raw !== undefined) body = call.raw;
  else if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const res = await SELF.fetch(`https://jiedui.test${path}`, { method, headers, body });
  const text = await res.text();
  // The answer of whichever route was asked, read by some 400 assertions as each test needs; a test
  // that types what it reads gives it the contract's type (core/api), as the totals tests do.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* CSV, HTML or empty */
  }
  return { status: res.status, json, text, headers: res.headers };
}

const TABLES = [
  'tokens',
  'auth_failures',
  'school_state',
  'term_syncs',
  'sync_log',
  'audit',
  'warnings',
  'rules',
  'term_locks',
  't_partnerships',
  't_teachers',
  't_pairings',
  't_schedule',
  't_assessment',
  't_support',
  't_summary',
  'schools',
  'counties',
  'fig_keys',
  'fig_key_count',
  'fig_owner',
  'report_versions',
  'report_state',
  'report_reviews',
  'row_history',
];

export async function resetDb() {
  await env.DB.batch(TABLES.map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  freshClient();
}

export async function createSchool(code: string, county: string, extra: Record<string, string> = {}, token = ADMIN) {
  const r = await api('POST', '/api/v1/schools', { token, body: { code, name: `${code} school`, county, ...extra } });
  if (r.status !== 201) throw new Error(`createSchool ${code}: ${r.status} ${r.text}`);
  return r.json;
}

/** The school of each school token made by `createToken`: `sync` names it in the body, as the pane does. */
const schoolOfToken = new Map<string, string>();
export const schoolOf = (token: string): string => schoolOfToken.get(token) ?? 'GH01';

export async function createToken(body: Record<string, string>, token = ADMIN): Promise<string> {
  const r = await api('POST', '/api/v1/tokens', { token, body });
  if (r.status !== 201) throw new Error(`createToken: ${r.status} ${r.text}`);
  if (body.role === 'school' && body.school) schoolOfToken.set(r.json.token, body.school);
  return r.json.token;
}

/** Two counties: CTY01 with schools GH01 (town A), WT01 (town A), DS01 (town B); CTY02 with OT01. */
export async function seedCounties() {
  await createSchool('GH01', 'CTY01', { town: '国河镇', level: 'primary' });
  await createSchool('WT01', 'CTY01', { town: '国河镇' });
  await createSchool('DS01', 'CTY01', { town: '大山乡' });
  await createSchool('OT01', 'CTY02', { town: 'Other' });
  return {
    bureau: await createToken({ role: 'bureau', county: 'CTY01' }),
    bureau2: await createToken({ role: 'bureau', county: 'CTY02' }),
    gh: await createToken({ role: 'school', school: 'GH01' }),
    wt: await createToken({ role: 'school', school: 'WT01' }),
    ds: await createToken({ role: 'school', school: 'DS01' }),
    ot: await createToken({ role: 'school', school: 'OT01' }),
  };
}

export type Tokens = Awaited<ReturnType<typeof seedCounties>>;

export interface Row {
  table: string;
  id: string;
  base_version?: number | null;
  deleted?: boolean;
  values?: Record<string, unknown>;
}

let batchCounter = 0;
/** A sync body; its `school` is GH01 unless `extra` names another (`sync` names the token's). */
export function batch(rows: Row[], extra: Record<string, unknown> = {}) {
  return {
    batch_id: `b-${++batchCounter}-${Math.random().toString(36).slice(2)}`,
    term: TERM,
    template_version: 1,
    school: 'GH01',
    rows,
    ...extra,
  };
}

export const teacher = (id: string, school: string, role = '新教师', extra: Record<string, unknown> = {}): Row => ({
  table: 'teachers',
  id,
  values: {
    teacher_id: id,
    name: `教师${id}`,
    school_code: school,
    subject: '语文',
    title: '高级',
    backbone_level: '县级',
    years_teaching: 2,
    role,
    ...extra,
  },
});

export const pairing = (id: string, mentor: string, mentee: string): Row => ({
  table: 'pairings',
  id,
  values: { pairing_id: id, mentor_id: mentor, mentee_id: mentee, subject: '语文', start_date: '2026-09-01' },
});

export const activity = (id: string, date: string, type = '研讨会', extra: Record<string, unknown> = {}): Row => ({
  table: 'schedule',
  id,
  values: { activity_id: id, date, type, teachers: 10, students: 0, status: '已完成', evidence: 'photo.jpg', ...extra },
});

export async function sync(token: string, rows: Row[], extra: Record<string, unknown> = {}) {
  return api('POST', '/api/v1/sync', { token, body: batch(rows, { school: schoolOf(token), ...extra }) });
}
