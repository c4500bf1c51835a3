/**
 * Running the Jiedui worker locally: wrangler dev on local D1 (SQLite through workerd).
 *
 * Exports (used by scripts/dev-worker.mjs, scripts/start.mjs and tests/e2e/worker-dev.test.ts):
 *   ensureDevVars(): string
 *       Writes worker/.dev.vars with a random dev ADMIN_TOKEN when absent; returns the ADMIN_TOKEN.
 *   applyLocalMigrations({ persistTo? }?): Promise<void>
 *       `wrangler d1 migrations apply DB --local` (persistTo: a local state directory; default
 *       wrangler's worker/.wrangler/state).
 *   startWorker({ port = 8787, extraArgs = [], persistTo?, adminToken?, log? }?):
 *       Promise<{ url, port, adminToken, child, stop(): Promise<void> }>
 *       Spawns `wrangler dev --ip 127.0.0.1 --port <port>` detached in its own process group,
 *       waits for /healthz, and returns stop(), which ends the whole group. Output goes to `log`
 *       (a function taking a line; default: nothing) so a caller can show it.
 *   seedDemo({ port = 8787, url?, adminToken?, quiet? }?):
 *       Promise<{ url, admin, bureau, schools: { GH01, WT01, DS01 } }>
 *       Through the HTTP API: schools GH01 国河中心小学 (supporting), WT01 湾头小学 and DS01 大山小学
 *       (aided) in county 示范县 CTY01, a bureau token for CTY01, one token per school (new tokens each
 *       run), and a small demo sync from GH01 and WT01 so the totals have figures. Prints the tokens
 *       unless quiet.
 *   freePort(): Promise<number>
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join(ROOT, 'worker');
const CONFIG = join(WORKER, 'wrangler.jsonc');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const DEV_VARS = join(WORKER, '.dev.vars');

export const DEMO_COUNTY = 'CTY01';
export const DEMO_COUNTY_NAME = '示范县';
export const DEMO_TERM = '2026-2027-1';
export const DEMO_SCHOOLS = [
  { code: 'GH01', name: '国河中心小学', county: DEMO_COUNTY, town: '国河镇', level: 'primary' },
  { code: 'WT01', name: '湾头小学', county: DEMO_COUNTY, town: '国河镇', level: 'primary' },
  { code: 'DS01', name: '大山小学', county: DEMO_COUNTY, town: '大山乡', level: 'primary' },
];

// Wrangler must neither prompt nor phone home: the network is closed and nobody is at a terminal.
const QUIET_ENV = { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

export function ensureDevVars() {
  if (existsSync(DEV_VARS)) {
    const m = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(readFileSync(DEV_VARS, 'utf8'));
    if (m) return m[1].trim();
  }
  const token = `dev-admin-${randomBytes(16).toString('hex')}`;
  const previous = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : '';
  writeFileSync(DEV_VARS, `${previous}${previous && !previous.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${token}\n`);
  return token;
}

function run(args, { log } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, { cwd: ROOT, env: QUIET_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d) => {
      out += d;
      log?.(String(d));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

export async function applyLocalMigrations({ persistTo, log } = {}) {
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--config', CONFIG, ...(persistTo ? ['--persist-to', persistTo] : [])], { log });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not answer ${url}/healthz within ${timeoutMs} ms`);
}

export async function startWorker({ port = 8787, extraArgs = [], persistTo, adminToken, log, timeoutMs = 90_000 } = {}) {
  const admin = adminToken ?? ensureDevVars();
  const args = [
    'dev',
    '--config', CONFIG,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(await freePort()),
    '--show-interactive-dev-session=false',
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...(adminToken ? ['--var', `ADMIN_TOKEN:${adminToken}`] : []),
    ...extraArgs,
  ];
  // Its own process group: wrangler starts workerd children, and stop() must end them all.
  const child = spawn(WRANGLER, args, { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const take = (d) => {
    lines.push(String(d));
    if (lines.length > 200) lines.shift();
    log?.(String(d));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise((r) => child.once('exit', r));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // workerd may outlive its parent briefly; make sure nothing of the group stays.
    kill('SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n${lines.join('')}`);
  }
  return { url, port, adminToken: admin, child, stop };
}

async function call(url, token, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const teacher = (id, name, school, role, subject, extra = {}) => ({
  table: 'teachers',
  id,
  values: { teacher_id: id, name, school_code: school, subject, title: role === '指导教师' ? '高级' : '初级', backbone_level: role === '指导教师' ? '县级' : '无', years_teaching: role === '指导教师' ? 18 : 2, role, ...extra },
});
const act = (id, date, type, theme, extra = {}) => ({
  table: 'schedule',
  id,
  values: { activity_id: id, date, type, host_school: 'GH01', guest_school: 'WT01', theme, teachers: 12, students: 0, status: '已完成', evidence: '照片、签到表', ...extra },
});

/** A small, clean slice of the demo workbook: enough for every totals figure to be non-zero. */
function demoRows(school) {
  const shared = [
    { table: 'partnerships', id: 'JD-001', values: { partnership_id: 'JD-001', supporting_school_code: 'GH01', supporting_school_name: '国河中心小学', aided_school_code: 'WT01', aided_school_name: '湾头小学', start_date: '2026-09-01', focus: '师资建设、教学研究' } },
    teacher('GH-T01', '李明华', 'GH01', '指导教师', '语文'),
    teacher('GH-T02', '王秀英', 'GH01', '指导教师', '数学'),
    teacher('WT-T01', '张晓雨', 'WT01', '新教师', '语文'),
    teacher('WT-T02', '刘洋', 'WT01', '新教师', '数学'),
    { table: 'pairings', id: 'SP-001', values: { pairing_id: 'SP-001', mentor_id: 'GH-T01', mentee_id: 'WT-T01', subject: '语文', start_date: '2026-09-01', growth_plan: '是' } },
    { table: 'pairings', id: 'SP-002', values: { pairing_id: 'SP-002', mentor_id: 'GH-T02', mentee_id: 'WT-T02', subject: '数学', start_date: '2026-09-01', growth_plan: '是' } },
  ];
  if (school === 'WT01') return shared;
  return [
    ...shared,
    act('HD-001', '2026-09-05', '启动仪式', '结对帮扶启动仪式', { students: 60 }),
    act('HD-002', '2026-09-20', '联席会议', '联席会议：交流工作计划'),
    act('HD-003', '2026-10-16', '研讨会', '教学指导研讨会', { subject: '语文' }),
    act('HD-004', '2026-11-12', '送教下乡', '送教下乡', { lead_teacher: 'GH-T02', subject: '数学' }),
    act('HD-005', '2026-11-26', '跟岗学习', '跟岗学习一周'),
    act('HD-006', '2026-12-10', '名师讲座', '课堂教学名师讲座', { lead_teacher: 'GH-T01', status: '计划', evidence: '' }),
    act('HD-007', '2027-01-08', '联席会议', '期末评价研讨', { status: '计划', evidence: '' }),
    { table: 'support', id: 'ZJ-001', values: { record_id: 'ZJ-001', kind: '支教', from_school: 'GH01', to_school: 'WT01', teacher_id: 'GH-T02', start_date: '2026-09-01', end_date: '2027-01-31' } },
    { table: 'support', id: 'ZJ-002', values: { record_id: 'ZJ-002', kind: '捐赠', from_school: 'GH01', to_school: 'DS01', amount: '5000元', items: '图书200册', beneficiaries: '120人' } },
    // The server scores these itself: WT-T01 meets every requirement of the term, WT-T02 is short.
    { table: 'assessment', id: 'KH-WT-T01', values: { teacher_id: 'WT-T01', term: DEMO_TERM, intro_lessons: 1, report_lessons: 1, lectures: 1, unit_analyses: 1, courseware: 3, papers: 1, classes_attended: '22节', practice_lessons: 10, summary_submitted: '是', lesson_plans_checked: '是' } },
    { table: 'assessment', id: 'KH-WT-T02', values: { teacher_id: 'WT-T02', term: DEMO_TERM, intro_lessons: 1, report_lessons: 1, lectures: 1, unit_analyses: 1, courseware: 2, papers: 0, classes_attended: '15节', practice_lessons: 6, summary_submitted: '否' } },
  ];
}

export async function seedDemo({ port = 8787, url, adminToken, quiet = false } = {}) {
  const base = url ?? `http://127.0.0.1:${port}`;
  const admin = adminToken ?? ensureDevVars();
  for (const s of DEMO_SCHOOLS) {
    const r = await call(base, admin, 'POST', '/api/v1/schools', s);
    if (r.status !== 201 && r.status !== 409) throw new Error(`seed school ${s.code}: ${r.status} ${JSON.stringify(r.json)}`);
  }
  const named = await call(base, admin, 'PUT', `/api/v1/counties/${DEMO_COUNTY}`, { name: DEMO_COUNTY_NAME });
  if (named.status !== 200) throw new Error(`seed county name: ${named.status} ${JSON.stringify(named.json)}`);
  const token = async (body) => {
    const r = await call(base, admin, 'POST', '/api/v1/tokens', body);
    if (r.status !== 201) throw new Error(`seed token: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.token;
  };
  const bureau = await token({ role: 'bureau', county: DEMO_COUNTY, label: 'demo bureau' });
  const schools = {};
  for (const s of DEMO_SCHOOLS) schools[s.code] = await token({ role: 'school', school: s.code, label: 'demo' });
  for (const code of ['GH01', 'WT01']) {
    // The batch id follows the demo rows: seeding twice replays; changed demo rows are a new batch
    // (whose rows already stored come back as conflicts, which is fine for a demo).
    const rows = demoRows(code);
    const digest = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 12);
    const r = await call(base, schools[code], 'POST', '/api/v1/sync', { batch_id: `demo-seed-${code}-${digest}`, term: DEMO_TERM, template_version: 1, rows });
    if (r.status !== 200 || r.json.rejected.length) throw new Error(`seed sync ${code}: ${r.status} ${JSON.stringify(r.json)}`);
  }
  if (!quiet) {
    console.log(`Jiedui worker at ${base} (docs: ${base}/api/v1/docs). Dev tokens:`);
    console.log(`  admin          ${admin}`);
    console.log(`  bureau ${DEMO_COUNTY}    ${bureau}`);
    for (const s of DEMO_SCHOOLS) console.log(`  school ${s.code}    ${schools[s.code]}   ${s.name}`);
  }
  return { url: base, admin, bureau, schools };
}
