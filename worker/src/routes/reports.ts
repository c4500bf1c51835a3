/**
 * The term report and its review (DOMAIN: "The term report and its review"): a school submits a
 * snapshot of its figures (a new version each time, all kept); the bureau of its county returns it
 * with a comment and items, approves it, or reopens an approved one. States: not_submitted →
 * submitted → returned → submitted (a new version) → approved → (reopen) returned. An approved term
 * locks the school's syncs (reports/lock.ts). A step the state does not allow answers 409.
 */
import { Hono } from 'hono';
import { auditStmt } from '../audit';
import { countyScope } from '../auth';
import { parseJson, readJsonText, validate } from '../body';
import { ApiError, forbidden, notFound } from '../errors';
import { nowIso, type AppEnv, type Ctx } from '../env';
import { ReportApprove, ReportReopen, ReportReturn, ReportSubmit } from '../report-schemas';
import { reviewerSql } from '../reports/lock';
import { pickableIssues } from '../reports/issues';
import { refuseRetiredReport, takingPart } from '../reports/part';
import { buildSnapshot, packSnapshot, unpackSnapshot } from '../reports/snapshot';
import { loadRules } from '../rules-store';
import { Code, Term } from '../schemas';
import { loadStored } from '../sync/stored';
import { todayInChina, type SchoolInfo } from '../sync/warnings';
import { reportDocx } from '../../../report/docx';
import { DOCX_TYPE } from '../../../report/docx-common';
import { countyReportRoutes } from './county-report';
import { REPORT_ROUTES } from '../../../core/api/reports';
import { route } from '../route';
import { z } from 'zod';

type State = 'submitted' | 'returned' | 'approved';
interface StateRow {
  state: State;
  version: number;
  submitted_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  comment: string | null;
  items: string | null;
}

const termParam = (c: Ctx) => validate(z.object({ term: Term }), { term: c.req.param('term') }).term;
const schoolParam = (c: Ctx) => validate(z.object({ school: Code }), { school: c.req.param('school') }).school;
const itemsOf = (text: string | null) => (text ? (JSON.parse(text) as unknown[]) : []);

/** A body that may be absent (POST …/submit with nothing), else JSON within the limits. */
async function optionalBody<S extends z.ZodType>(c: Ctx, schema: S): Promise<z.infer<S>> {
  if (!c.req.header('content-type') && (await carriesNothing(c.req.raw.body))) return validate(schema, {});
  return validate(schema, parseJson(await readJsonText(c)));
}

/**
 * Whether a body without a Content-Type holds no byte: `curl -X POST` with none, which workerd
 * hands over as an empty stream, not as null. A body with bytes is read no further than its first
 * chunk and then refused as any body of no JSON type is (415).
 */
async function carriesNothing(body: ReadableStream<Uint8Array> | null): Promise<boolean> {
  if (!body) return true;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    if (value.byteLength > 0) {
      await reader.cancel();
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
    }
  }
}

/**
 * The school a bureau reviews or a reader reads: refused for a bureau of another county and for a
 * code that does not exist alike (as for tokens: no scope learns what lies outside it).
 */
async function schoolInScope(c: Ctx, code: string, opts: { schoolMayRead: boolean }): Promise<SchoolInfo> {
  const who = c.var.who;
  const s = await c.var.db.prepare('SELECT code, name, county, town, level FROM schools WHERE code = ?').bind(code).first<SchoolInfo>();
  if (who.role === 'bureau' && s?.county !== who.county) throw forbidden(`School ${code} is not a school of your county (${who.county})`);
  if (who.role === 'school' && (!opts.schoolMayRead || who.school !== code))
    throw forbidden(`This token is scoped to school ${who.school}`);
  if (!s) throw notFound(`No school ${code}`);
  return s;
}

const loadState = (db: D1DatabaseSession, school: string, term: string) =>
  db
    .prepare(
      `SELECT state, version, submitted_at, reviewed_at, ${reviewerSql('reviewed_by')} AS reviewed_by, comment, items FROM report_state WHERE school = ? AND term = ?`,
    )
    .bind(school, term)
    .first<StateRow>();

const notAllowed = (school: string, term: string, state: string, step: string) =>
  new ApiError(409, 'report_state', `The report of ${school} for ${term} is ${state}: it cannot be ${step}`);

async function submit(c: Ctx) {
  const who = c.var.who;
  if (who.role !== 'school') throw new Error('unreachable');
  const term = termParam(c);
  const body = await optionalBody(c, ReportSubmit);
  const lang = body.lang ?? 'zh';
  const db = c.var.db;
  for (let attempt = 0; ; attempt++) {
    const [school, revision, synced, current, last] = await Promise.all([
      db
        .prepare('SELECT code, name, county, town, level, retired_from FROM schools WHERE code = ?')
        .bind(who.school)
        .first<SchoolInfo & { retired_from: string | null }>(),
      db.prepare('SELECT revision FROM school_state WHERE school = ?').bind(who.school).first<number>('revision'),
      db.prepare('SELECT 1 AS synced FROM term_syncs WHERE school = ? AND term = ?').bind(who.school, term).first(),
      db.prepare('SELECT state FROM report_state WHERE school = ? AND term = ?').bind(who.school, term).first<{ state: State }>(),
      db
        .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM report_versions WHERE school = ? AND term = ?')
        .bind(who.school, term)
        .first<number>('v'),
    ]);
    if (!school) throw notFound(`No school ${who.school}`);
    refuseRetiredReport(who.school, school.retired_from, term);
    if (!synced) throw new ApiError(409, 'not_synced', `${who.school} has not synced ${term}: sync the workbook, then submit its report`);
    if (current?.state === 'approved') throw notAllowed(who.school, term, 'approved', 'submitted again until the bureau reopens it');
    const rev = revision ?? 0;
    const stored = await loadStored(db, who.school, term);
    const rules = await loadRules(db, school.county, term);
    const { snapshot, figures, openWarnings } = buildSnapshot(school, term, rules, stored.values(), todayInChina(), lang);
    const gz = await packSnapshot(snapshot);
    const version = (last ?? 0) + 1;
    const at = nowIso();
    try {
      await db.batch([
        // The rows moved since they were read (a sync), or the report was approved meanwhile: read again.
        db.prepare('INSERT INTO batch_guard (ok) SELECT 0 FROM school_state WHERE school = ? AND revision != ?').bind(who.school, rev),
        db
          .prepare(`INSERT INTO batch_guard (ok) SELECT 0 FROM report_state WHERE school = ? AND term = ? AND state = 'approved'`)
          .bind(who.school, term),
        db
          .prepare(
            `INSERT INTO report_versions (school, term, version, revision, submitted_at, submitted_by, lang, figures, open_warnings, snapshot_gz)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(who.school, term, version, rev, at, who.tokenId, lang, JSON.stringify(figures), openWarnings, gz),
        db
          .prepare(
            `INSERT INTO report_state (school, term, state, version, submitted_at) VALUES (?1, ?2, 'submitted', ?3, ?4)
             ON CONFLICT (school, term) DO UPDATE SET state = 'submitted', version = ?3, submitted_at = ?4,
               reviewed_at = NULL, reviewed_by = NULL, comment = NULL, items = NULL`,
          )
          .bind(who.school, term, version, at),
        auditStmt(db, who, 'report.submit', `${who.school}/${term}`, { version, revision: rev }),
      ]);
      return c.json({ term, school: who.school, state: 'submitted' as const, version, revision: rev, submitted_at: at }, 201);
    } catch (e) {
      if (!/CHECK constraint|UNIQUE constraint/i.test(String(e))) throw e;
      if (attempt >= 2) throw new ApiError(409, 'busy', 'Syncs or submissions of this school are running; retry');
    }
  }
}

type Step = 'return' | 'approve' | 'reopen';
const STEP: Record<Step, { from: State; to: State; words: string }> = {
  return: { from: 'submitted', to: 'returned', words: 'returned' },
  approve: { from: 'submitted', to: 'approved', words: 'approved' },
  reopen: { from: 'approved', to: 'returned', words: 'reopened' },
};

async function review(c: Ctx, step: Step) {
  const who = c.var.who;
  const term = termParam(c);
  const code = schoolParam(c);
  await schoolInScope(c, code, { schoolMayRead: false });
  const body =
    step === 'return'
      ? await optionalBody(c, ReportReturn)
      : step === 'approve'
        ? { ...(await optionalBody(c, ReportApprove)), items: [] }
        : { ...(await optionalBody(c, ReportReopen)), items: [] };
  const db = c.var.db;
  const current = await loadState(db, code, term);
  const s = STEP[step];
  if (!current || current.state !== s.from) throw notAllowed(code, term, current?.state ?? 'not submitted', s.words);
  const at = nowIso();
  const comment = body.comment ?? null;
  const items = JSON.stringify(body.items);
  try {
    await db.batch([
      // Another review (or a resubmission) landed since the state was read.
      db
        .prepare(
          'INSERT INTO batch_guard (ok) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM report_state WHERE school = ? AND term = ? AND state = ? AND version = ?)',
        )
        .bind(code, term, s.from, current.version),
      db
        .prepare(
          'UPDATE report_state SET state = ?, reviewed_at = ?, reviewed_by = ?, comment = ?, items = ? WHERE school = ? AND term = ?',
        )
        .bind(s.to, at, who.tokenId, comment, items, code, term),
      db
        .prepare(
          `INSERT INTO report_reviews (school, term, seq, version, action, at, by, comment, items)
           VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM report_reviews WHERE school = ?1 AND term = ?2), ?3, ?4, ?5, ?6, ?7, ?8)`,
        )
        .bind(code, term, current.version, step, at, who.tokenId, comment, items),
      auditStmt(db, who, `report.${step}`, `${code}/${term}`, { version: current.version }),
    ]);
  } catch (e) {
    if (!/CHECK constraint/i.test(String(e))) throw e;
    throw new ApiError(409, 'report_state', `The report of ${code} for ${term} changed meanwhile; read it again`);
  }
  return c.json({ term, school: code, state: s.to, version: current.version, reviewed_at: at, comment, items: body.items });
}

async function status(c: Ctx) {
  const who = c.var.who;
  if (who.role !== 'school') throw new Error('unreachable');
  const term = termParam(c);
  const db = c.var.db;
  const [current, versions, reviews] = await Promise.all([
    loadState(db, who.school, term),
    db
      .prepare('SELECT version, revision, submitted_at, open_warnings FROM report_versions WHERE school = ? AND term = ? ORDER BY version')
      .bind(who.school, term)
      .all<{ version: number; revision: number; submitted_at: string; open_warnings: number }>(),
    db
      .prepare('SELECT version, action, at, comment, items FROM report_reviews WHERE school = ? AND term = ? ORDER BY seq')
      .bind(who.school, term)
      .all<{ version: number; action: Step; at: string; comment: string | null; items: string | null }>(),
  ]);
  const v = versions.results;
  return c.json({
    term,
    school: who.school,
    state: current?.state ?? 'not_submitted',
    version: current?.version ?? null,
    revision: v.find((x) => x.version === current?.version)?.revision ?? null,
    submitted_at: current?.submitted_at ?? null,
    reviewed_at: current?.reviewed_at ?? null,
    reviewed_by: current?.reviewed_by ?? null,
    comment: current?.comment ?? null,
    items: itemsOf(current?.items ?? null),
    versions: v,
    reviews: reviews.results.map((r) => ({ ...r, items: itemsOf(r.items) })),
  });
}

async function list(c: Ctx) {
  const q = validate(z.object({ term: Term, county: z.string().optional() }), c.req.query());
  const county = countyScope(c, q.county);
  const rows = await c.var.db
    .prepare(
      `SELECT s.code, s.name, s.town, rs.state, rs.version, rs.submitted_at, rs.reviewed_at, rs.comment,
              COALESCE((SELECT SUM(w.count) FROM warnings w WHERE w.school = s.code AND w.term = ?2 AND w.severity != 'info'), 0) AS open_warnings
       FROM schools s LEFT JOIN report_state rs ON rs.school = s.code AND rs.term = ?2
       -- A school retired from the term on is not expected to report (reports/part.ts).
       WHERE s.county = ?1 AND ${takingPart('s', '?2')} ORDER BY s.code`,
    )
    .bind(county, q.term)
    .all<{
      code: string;
      name: string;
      town: string | null;
      state: State | null;
      version: number | null;
      submitted_at: string | null;
      reviewed_at: string | null;
      comment: string | null;
      open_warnings: number;
    }>();
  return c.json({ term: q.term, county, schools: rows.results.map((r) => ({ ...r, state: r.state ?? 'not_submitted' })) });
}

/**
 * GET …/:term/:school/issues: the school's open issues now, each on its row and column, in words
 * (`?lang=`, default zh), for the bureau to pick return items from; the bureau of its county, the admin.
 */
async function issues(c: Ctx) {
  const term = termParam(c);
  const code = schoolParam(c);
  const school = await schoolInScope(c, code, { schoolMayRead: false });
  const { lang } = validate(z.object({ lang: z.enum(['zh', 'en']).default('zh') }), { lang: c.req.query('lang') });
  const db = c.var.db;
  const [rules, stored] = await Promise.all([loadRules(db, school.county, term), loadStored(db, code, term)]);
  const found = pickableIssues(school, term, rules, stored.values(), todayInChina(), lang);
  return c.json({ term, school: code, ...found });
}

async function document(c: Ctx) {
  const term = termParam(c);
  const code = schoolParam(c);
  await schoolInScope(c, code, { schoolMayRead: true });
  const asked = c.req.query('version');
  const version =
    asked === undefined ? undefined : validate(z.object({ version: z.coerce.number().int().min(1) }), { version: asked }).version;
  const row = await c.var.db
    .prepare(
      `SELECT version, snapshot_gz FROM report_versions WHERE school = ?1 AND term = ?2
       AND version = COALESCE(?3, (SELECT version FROM report_state WHERE school = ?1 AND term = ?2))`,
    )
    .bind(code, term, version ?? null)
    .first<{ version: number; snapshot_gz: ArrayBuffer | number[] }>();
  if (!row) throw notFound(`${code} has no submitted report${version ? ` version ${version}` : ''} for ${term}`);
  const { model } = await unpackSnapshot(row.snapshot_gz);
  const bytes = await reportDocx(model);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': DOCX_TYPE,
    'Content-Disposition': `attachment; filename="report-${code}-${term}-v${row.version}.docx"`,
    'Cache-Control': 'private, no-store',
  });
}

export const reportRoutes = new Hono<AppEnv>();
// Before /:term, which would take "county.docx" for a term.
reportRoutes.route('/', countyReportRoutes);
route(reportRoutes, REPORT_ROUTES.list, list);
route(reportRoutes, REPORT_ROUTES.status, status);
route(reportRoutes, REPORT_ROUTES.submit, submit);
route(reportRoutes, REPORT_ROUTES.return, (c) => review(c, 'return'));
route(reportRoutes, REPORT_ROUTES.approve, (c) => review(c, 'approve'));
route(reportRoutes, REPORT_ROUTES.reopen, (c) => review(c, 'reopen'));
route(reportRoutes, REPORT_ROUTES.document, document);
route(reportRoutes, REPORT_ROUTES.issues, issues);
