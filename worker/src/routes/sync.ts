/**
 * POST /api/v1/sync: a school's batch of rows, checked again with core, applied atomically,
 * answered the same way when replayed. A replay of the very same text is looked up by its hash
 * before the body is validated (`quickReplay`): it costs a hash and a look-up, not the batch's
 * validation; other text under a logged batch id goes the whole way (`previousAnswer`).
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import { TEMPLATE_VERSION } from '../../../core/template';
import { parseJson, readJsonText, validate } from '../body';
import { sha256Hex } from '../crypto';
import { ApiError, badRequest } from '../errors';
import type { AppEnv, Ctx, Principal } from '../env';
import { loadRules } from '../rules-store';
import { dbFor } from '../shards';
import { MAX_ROWS, SyncRequest } from '../schemas';
import { changedAssessments } from '../sync/assessment';
import { derive, derivedStamp } from '../sync/derive';
import { overStoredBound, planSync } from '../sync/plan';
import { loadStored, rowKey } from '../sync/stored';
import { todayInChina, type SchoolInfo } from '../sync/warnings';
import { changedCounted, syncStatements } from '../sync/write';
import { packAnswer, unpackAnswerText } from '../sync/answer';
import { isSyncTable, type SyncTable } from '../tables';
import { refuseWrongSchool } from './sync-status';
import { isTermLocked } from '../term-lock';
import { approvedGuard, refuseIfApproved } from '../reports/lock';
import { SYNC_ROUTES } from '../../../core/api/sync';
import { route } from '../route';

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

async function previousAnswer(c: Ctx, school: string, batchId: string, hash: string) {
  const prev = await c.var.db
    .prepare('SELECT body_hash, answer, answer_gz FROM sync_log WHERE school = ? AND batch_id = ?')
    .bind(school, batchId)
    .first<{ body_hash: string; answer: string; answer_gz: ArrayBuffer | number[] | null }>();
  if (!prev) return null;
  if (prev.body_hash !== hash) {
    throw new ApiError(422, 'batch_id_reused', `Batch ${batchId} was already sent with a different body`);
  }
  return unpackAnswerText(prev);
}

/** A stored answer, as it was given. */
const answered = (c: Ctx, text: string) => c.body(text, 200, { 'Content-Type': 'application/json' });

/**
 * The answer to a request whose exact text this school already sent and had answered (the same
 * text: the same batch id and body, which passed every check then), found by the text's SHA-256;
 * null for text not sent before, which goes the whole way. The workbook it names is noted as on
 * any replay (recordWorkbook) when its log line has none yet.
 */
async function quickReplay(c: Ctx, who: SchoolPrincipal, text: string, textHash: string): Promise<Response | null> {
  const prev = await c.var.db
    .prepare('SELECT batch_id, answer, answer_gz, workbook FROM sync_log WHERE school = ? AND text_hash = ?')
    .bind(who.school, textHash)
    .first<{ batch_id: string; answer: string; answer_gz: ArrayBuffer | number[] | null; workbook: string | null }>();
  if (!prev) return null;
  if (prev.workbook === null) {
    const data = JSON.parse(text) as { school?: unknown; workbook?: unknown };
    if (typeof data.school === 'string' && typeof data.workbook === 'string') {
      await refuseWrongSchool(c, who, { school: data.school, batch_id: prev.batch_id, workbook: data.workbook });
    }
  }
  return answered(c, await unpackAnswerText(prev));
}

const termLocked = (term: string, county: string) =>
  new ApiError(423, 'term_locked', `The bureau closed reporting for ${term} in ${county}`);

const termIsLocked = (c: Ctx, county: string, term: string) => isTermLocked(c.var.db, county, term);

/**
 * JSON.parse makes "__proto__" an ordinary key, but zod (rightly) skips it when it copies a record,
 * so its value would vanish: refuse it as a column key rather than lose a value silently.
 */
function refuseProtoKeys(data: unknown) {
  const rows = (data as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) return;
  rows.forEach((row, i) => {
    const values = (row as { values?: unknown })?.values;
    if (values && typeof values === 'object' && Object.prototype.hasOwnProperty.call(values, '__proto__')) {
      throw badRequest(`rows.${i}.values.__proto__: not a column key`);
    }
  });
}

/** The ids a batch names, by synced table: the rows whose stored raw values the plan compares. */
function idsByTable(rows: { table: string; id: string }[]): Map<SyncTable, string[]> {
  const out = new Map<SyncTable, string[]>();
  for (const r of rows) {
    if (!isSyncTable(r.table)) continue;
    const ids = out.get(r.table) ?? [];
    ids.push(r.id);
    out.set(r.table, ids);
  }
  return out;
}

/** The body as validated (defaults filled in). */
type SyncBody = z.output<typeof SyncRequest>;

/** A batch read and checked, with its hashes: of the parsed body (the batch) and of its exact text. */
interface Batch {
  body: SyncBody;
  hash: string;
  textHash: string;
}

/**
 * The request's batch, checked before anything is read or written; or the stored answer when this
 * exact text was answered before.
 */
async function readBatch(c: Ctx, who: SchoolPrincipal): Promise<Batch | Response> {
  const text = await readJsonText(c);
  const textHash = await sha256Hex(text);
  const quick = await quickReplay(c, who, text, textHash);
  if (quick) return quick;
  const data = parseJson(text);
  const rowCount = (data as { rows?: unknown })?.rows;
  if (Array.isArray(rowCount) && rowCount.length > MAX_ROWS) {
    throw new ApiError(413, 'too_large', `A batch holds at most ${MAX_ROWS} rows; split it`);
  }
  refuseProtoKeys(data);
  const body = validate(SyncRequest, data);
  // Another school's workbook is refused before anything is read or written (409 wrong_school).
  await refuseWrongSchool(c, who, body);
  if (body.template_version !== TEMPLATE_VERSION) {
    throw new ApiError(422, 'template_version', `This server reads template version ${TEMPLATE_VERSION}, not ${body.template_version}`);
  }
  // Hash the parsed body so a replay with different white space is still the same batch.
  const hash = await sha256Hex(JSON.stringify(body));
  return { body, hash, textHash };
}

/** The school, its revision and the plan of the batch against what is stored; refuses a closed term, an approved report, too many rows. */
async function planBatch(db: D1DatabaseSession, who: SchoolPrincipal, body: SyncBody) {
  const [school, lock, state] = await Promise.all([
    db.prepare('SELECT code, name, county, town, level FROM schools WHERE code = ?').bind(who.school).first<SchoolInfo>(),
    isTermLocked(db, who.county, body.term),
    db.prepare('SELECT revision FROM school_state WHERE school = ?').bind(who.school).first<number>('revision'),
  ]);
  if (!school) throw new ApiError(404, 'not_found', `No school ${who.school}`);
  if (lock) throw termLocked(body.term, who.county);
  await refuseIfApproved(db, who.school, body.term);

  const stored = await loadStored(db, who.school, body.term, idsByTable(body.rows));
  const plan = planSync(body.rows, stored, body.term);
  const over = overStoredBound(stored, plan);
  if (over) {
    throw new ApiError(
      413,
      'too_many_rows',
      `This sync would leave ${over.count} rows stored for ${who.school} in ${body.term}, over the ${over.limit} a school may hold a term; delete rows or split the workbook`,
      over,
    );
  }
  return { school, current: state ?? 0, plan };
}

/** The answer of the batch and the statements writing it, the approval guard first (one transaction). */
async function batchWrite(db: D1DatabaseSession, who: SchoolPrincipal, b: Batch) {
  const { body } = b;
  const { school, current, plan } = await planBatch(db, who, body);
  const revision = plan.writes.length ? current + 1 : current;
  const answer = {
    batch_id: body.batch_id,
    revision,
    applied: plan.applied,
    ignored: plan.ignored,
    rejected: plan.rejected,
    conflicts: plan.conflicts,
  };
  const packedAnswer = await packAnswer(answer);
  const rules = await loadRules(db, school.county, body.term);
  const derived = derive(school, body.term, rules, plan.after.values(), todayInChina());
  const written = new Set(plan.writes.map((r) => rowKey(r.table, r.id)));
  const statements = [
    approvedGuard(db, who.school, body.term),
    ...syncStatements(db, {
      school: who.school,
      county: who.county,
      term: body.term,
      tokenId: who.tokenId,
      batchId: body.batch_id,
      bodyHash: b.hash,
      textHash: b.textHash,
      expectedRevision: current,
      revision,
      writes: plan.writes,
      warnings: derived.warnings,
      assessments: changedAssessments(derived.assessments, plan.after, written),
      counted: changedCounted(derived.counted, plan.after, written, derived.countsRotation),
      figures: { indicators: derived.indicators, derived: derivedStamp(rules), validUntil: derived.validUntil, set: derived.figureSet },
      answer: packedAnswer,
    }),
  ];
  return { answer, statements };
}

/**
 * After a write batch failed: another sync of this school moved the revision (guard) or logged
 * this batch id first (a copy of this very batch: its stored answer, whatever happened since, even
 * a lock); the bureau locked the term since it was read (guard): 423, as if it had been locked
 * before; else null, to plan again against what is stored now (twice at most, then 409 busy).
 */
async function afterFailedWrite(c: Ctx, who: SchoolPrincipal, b: Batch, e: unknown, attempt: number): Promise<Response | null> {
  const raced = /CHECK constraint|UNIQUE constraint/i.test(String(e));
  if (raced) {
    const replay = await previousAnswer(c, who.school, b.body.batch_id, b.hash);
    if (replay) return answered(c, replay);
    if (await termIsLocked(c, who.county, b.body.term)) throw termLocked(b.body.term, who.county);
    await refuseIfApproved(dbFor(c, who.county), who.school, b.body.term);
  }
  if (!raced || attempt >= 2) {
    if (raced) throw new ApiError(409, 'busy', 'Other syncs of this school are running; retry');
    throw e;
  }
  return null;
}

export const syncRoutes = new Hono<AppEnv>();
route(syncRoutes, SYNC_ROUTES.sync, async (c) => {
  const who = c.var.who;
  if (who.role !== 'school') throw new Error('unreachable');
  const b = await readBatch(c, who);
  if (b instanceof Response) return b;
  const db = dbFor(c, who.county);
  for (let attempt = 0; ; attempt++) {
    const replay = await previousAnswer(c, who.school, b.body.batch_id, b.hash);
    if (replay) return answered(c, replay);
    const { answer, statements } = await batchWrite(db, who, b);
    try {
      await db.batch(statements);
      return c.json(answer);
    } catch (e) {
      const settled = await afterFailedWrite(c, who, b, e, attempt);
      if (settled) return settled;
    }
  }
});
