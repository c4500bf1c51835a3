/**
 * The two guards of "one school, one copy of each row" (docs/api.md, Sync):
 *  - `refuseWrongSchool`, called first thing by POST /api/v1/sync: a body whose `school` (the
 *    workbook's Program code) is not the token's school is refused with 409 wrong_school, naming
 *    both schools, before anything is read or written. Codes compare as the checks compare them
 *    (core idKey: despite case, spaces and full-width forms).
 *  - GET /api/v1/sync/status?term=: what the school already has on the server for a term (live
 *    rows, when it last synced, from how many workbooks), so a workbook that never synced can ask
 *    before it sends a second copy of every row. The workbook of each sync (the body's optional
 *    `workbook`) is kept on its sync_log line once the sync answered 200 (`recordWorkbook`).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { chinaTime } from '../../../core/china-time';
import { idKey } from '../../../core/keys';
import { validate } from '../body';
import { ApiError } from '../errors';
import type { AppEnv, Ctx, Principal } from '../env';
import { SYNC_TABLES } from '../tables';
import { SYNC_ROUTES, SyncStatusQuery as Query } from '../../../core/api/sync';
import { route } from '../route';

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

/** The workbook a sync named, by request, for `recordWorkbook` once the sync has answered. */
const workbookOf = new WeakMap<Request, { school: string; batchId: string; workbook: string }>();

/** Whether two school codes name the same school, as codes are compared everywhere (core idKey). */
export function sameSchool(a: string, b: string): boolean {
  return a === b || (idKey(a) !== null && idKey(a) === idKey(b));
}

/**
 * 409 wrong_school when the body's school is not the token's, naming both (code and name). The
 * other school is named only when it is of the token's county: no answer tells a school about
 * another county. Else notes the body's workbook for `recordWorkbook`.
 */
export async function refuseWrongSchool(
  c: Ctx,
  who: SchoolPrincipal,
  body: { school: string; batch_id: string; workbook?: string },
): Promise<void> {
  if (!sameSchool(body.school, who.school)) {
    const db = c.var.db;
    const [mine, theirs] = await Promise.all([
      db.prepare('SELECT code, name FROM schools WHERE code = ?').bind(who.school).first<{ code: string; name: string }>(),
      db
        .prepare('SELECT code, name FROM schools WHERE county = ? AND lower(code) = lower(?) LIMIT 1')
        .bind(who.county, body.school.trim())
        .first<{ code: string; name: string }>(),
    ]);
    const token = { code: who.school, name: mine?.name ?? null };
    const workbook = { code: body.school, name: theirs?.name ?? null };
    const named = (s: { code: string; name: string | null }) => (s.name ? `${s.name} (${s.code})` : s.code);
    throw new ApiError(
      409,
      'wrong_school',
      `This workbook is school ${named(workbook)}'s, but the token is school ${named(token)}'s: nothing was written. Sync it with ${named(workbook)}'s token, or correct the school code in Program.`,
      { workbook_school: workbook, token_school: token },
    );
  }
  if (body.workbook) workbookOf.set(c.req.raw, { school: who.school, batchId: body.batch_id, workbook: body.workbook });
}

/**
 * Around POST /api/v1/sync: once it answered 200 (applied or replayed), the workbook it named is
 * kept on its sync_log line. Not in the sync's own transaction: a failure here loses only the
 * workbook count of that one sync, never a row.
 */
export const recordWorkbook: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const noted = workbookOf.get(c.req.raw);
  if (c.req.method !== 'POST' || c.res.status !== 200 || !noted) return;
  try {
    await c.var.db
      .prepare('UPDATE sync_log SET workbook = ? WHERE school = ? AND batch_id = ? AND workbook IS NULL')
      .bind(noted.workbook, noted.school, noted.batchId)
      .run();
  } catch (e) {
    console.error('recording the workbook of a sync', e);
  }
};

/** A UTC ISO time as the school reads it: Asia/Shanghai (UTC+8 all year), "2026-10-15 14:05" (core/china-time.ts). */
export const shanghaiTime = (iso: string | null): string | null => chinaTime(iso);

export const syncStatusRoutes = new Hono<AppEnv>();
syncStatusRoutes.use('/api/v1/sync', recordWorkbook);
route(syncStatusRoutes, SYNC_ROUTES.syncStatus, async (c) => {
  const who = c.var.who;
  if (who.role !== 'school') throw new Error('unreachable');
  const q = validate(Query, c.req.query());
  const db = c.var.db;
  const counts = SYNC_TABLES.map((t) =>
    db.prepare(`SELECT ? AS t, COUNT(*) AS n FROM t_${t} WHERE school = ? AND term = ? AND deleted = 0`).bind(t, who.school, q.term),
  );
  const [school, last, books, ...tables] = await db.batch([
    db.prepare('SELECT code, name FROM schools WHERE code = ?').bind(who.school),
    db.prepare('SELECT last_sync_at FROM term_syncs WHERE school = ? AND term = ?').bind(who.school, q.term),
    db
      .prepare('SELECT COUNT(DISTINCT workbook) AS workbooks, SUM(workbook IS NULL) AS unnamed FROM sync_log WHERE school = ? AND term = ?')
      .bind(who.school, q.term),
    ...counts,
  ]);
  const byTable: Record<string, number> = {};
  let rows = 0;
  for (const r of tables) {
    const { t, n } = r.results[0] as { t: string; n: number };
    byTable[t] = n;
    rows += n;
  }
  const s = school.results[0] as { code: string; name: string } | undefined;
  const at = (last.results[0] as { last_sync_at: string } | undefined)?.last_sync_at ?? null;
  const b = books.results[0] as { workbooks: number; unnamed: number | null } | undefined;
  c.header('Cache-Control', 'no-store');
  return c.json({
    term: q.term,
    school: who.school,
    school_name: s?.name ?? null,
    rows,
    by_table: byTable,
    last_sync_at: at,
    last_sync_local: shanghaiTime(at),
    workbooks: b?.workbooks ?? 0,
    unnamed_syncs: b?.unnamed ?? 0,
  });
});
