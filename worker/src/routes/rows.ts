/**
 * GET /api/v1/rows?term=&since=&after=&limit=: a school's own rows changed after a revision
 * (deletions included), a page at a time in (revision, table, id) order. A school's term can hold
 * 100k rows; one answer with all of them would pass what a Worker should hold in memory and what
 * the add-in wants to parse at once, so a page stops at `limit` rows or about 4 MB of values, and
 * `next` is the cursor of the page after it (null on the last).
 */
import { Hono } from 'hono';
import { dbFor } from '../shards';
import { validate } from '../body';
import { badRequest, notFound } from '../errors';
import type { AppEnv, Ctx } from '../env';
import { MAX_ID_LENGTH } from '../../../core/row-id';
import { isSyncTable, SYNC_TABLES, sqlTable, type SyncTable } from '../tables';
import { utf8Length } from '../../../core/utf8';
import { MAX_HISTORY_PAGE, MAX_PAGE_ROWS, RowHistoryQuery as HistoryQuery, RowsQuery as Query, SYNC_ROUTES } from '../../../core/api/sync';
import { route } from '../route';

export { MAX_HISTORY_PAGE, MAX_PAGE_ROWS };
/** UTF-8 bytes of values (as stored JSON) per page at most; a page always holds at least one row. */
export const MAX_PAGE_BYTES = 4_000_000;

interface Cursor {
  revision: number;
  table: SyncTable;
  id: string;
}

const encodeCursor = (c: Cursor): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify([c.revision, c.table, c.id]))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/(?<!=)=+$/, '');

function decodeCursor(s: string): Cursor {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    const [revision, table, id] = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))),
    );
    if (Number.isSafeInteger(revision) && revision >= 0 && (SYNC_TABLES as readonly unknown[]).includes(table) && typeof id === 'string') {
      return { revision, table, id };
    }
  } catch {
    // reported below
  }
  throw badRequest('after: not a cursor this server gave (use the `next` of the previous page)');
}

/** SQLite compares text by its UTF-8 bytes, which order as code points do (not as UTF-16 units). */
function compareText(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  // Equal up to the shorter one, which sorts first.
  return a.length - b.length;
}

interface Stored {
  tbl: SyncTable;
  id: string;
  version: number;
  revision: number;
  deleted: number;
  raw: string;
}

const order = (a: Stored, b: Stored) => a.revision - b.revision || (a.tbl < b.tbl ? -1 : a.tbl > b.tbl ? 1 : 0) || compareText(a.id, b.id);

/** GET /rows and GET /rows/:table/:id/history, the history first (the order of the OpenAPI document). */
export const rowsRoutes = new Hono<AppEnv>();

const b64url = (s: string) =>
  btoa(s)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/(?<!=)=+$/, '');

function decodeSeq(s: string): number {
  try {
    const [seq] = JSON.parse(atob(s.replace(/-/g, '+').replace(/_/g, '/')));
    if (Number.isSafeInteger(seq) && seq > 0) return seq;
  } catch {
    // reported below
  }
  throw badRequest('after: not a cursor this server gave (use the `next` of the previous page)');
}

/**
 * The school whose row is asked: a school token's own (another named: as unknown), a bureau's
 * school of its county, any school for the admin. A school the caller may not see is answered
 * as an unknown row (`missing`), so the answer tells nothing of other schools or counties.
 */
async function historySchool(c: Ctx, asked: string | undefined, missing: () => Error): Promise<string> {
  const who = c.var.who;
  if (who.role === 'school') {
    if (asked !== undefined && asked !== who.school) throw missing();
    return who.school;
  }
  if (asked === undefined) throw badRequest(`school: required for ${who.role === 'admin' ? 'an admin' : 'a bureau'} token`);
  const row = await c.var.db.prepare('SELECT county FROM schools WHERE code = ?').bind(asked).first<{ county: string }>();
  if (!row || (who.role === 'bureau' && row.county !== who.county)) throw missing();
  return asked;
}

interface HistoryEntry {
  seq: number;
  version: number;
  raw: string;
  updated_at: string;
  updated_by: string;
  changed_at: string;
  changed_by: string;
  deleted: number;
}

/**
 * GET /api/v1/rows/:table/:id/history?term=&school=&after=&limit=: a row's old versions, newest
 * first (sync/history.ts keeps them), a page at a time like GET /rows.
 */
route(rowsRoutes, SYNC_ROUTES.rowHistory, async (c) => {
  const q = validate(HistoryQuery, c.req.query());
  const table = c.req.param('table');
  const id = c.req.param('id');
  const missing = () => notFound(`No row ${table}/${id}${q.school ? ` of ${q.school}` : ''} in ${q.term}`);
  const school = await historySchool(c, q.school, missing);
  if (!isSyncTable(table) || id.length > MAX_ID_LENGTH) throw missing();
  const before = q.after === undefined ? null : decodeSeq(q.after);
  const db = c.var.db;
  const [current, entries] = await db.batch([
    db
      .prepare(`SELECT version, deleted, updated_at, updated_by FROM ${sqlTable(table)} WHERE school = ?1 AND term = ?2 AND id = ?3`)
      .bind(school, q.term, id),
    db
      .prepare(
        `SELECT seq, version, raw, updated_at, updated_by, changed_at, changed_by, deleted FROM row_history
         WHERE school = ?1 AND term = ?2 AND tbl = ?3 AND id = ?4 AND seq < ?5 ORDER BY seq DESC LIMIT ?6`,
      )
      .bind(school, q.term, table, id, before ?? Number.MAX_SAFE_INTEGER, q.limit + 1),
  ]);
  const now = current.results[0] as { version: number; deleted: number; updated_at: string; updated_by: string } | undefined;
  if (!now) throw missing();
  const page: HistoryEntry[] = [];
  let bytes = 0;
  for (const e of entries.results as unknown as HistoryEntry[]) {
    const size = utf8Length(e.raw);
    if (page.length === q.limit || (page.length > 0 && bytes + size > MAX_PAGE_BYTES)) break;
    page.push(e);
    bytes += size;
  }
  const more = page.length < entries.results.length;
  return c.json({
    table,
    id,
    term: q.term,
    school,
    current: { version: now.version, deleted: !!now.deleted, updated_at: now.updated_at, updated_by: now.updated_by },
    history: page.map((e) => ({
      version: e.version,
      values: JSON.parse(e.raw),
      updated_at: e.updated_at,
      updated_by: e.updated_by,
      changed_at: e.changed_at,
      changed_by: e.changed_by,
      deleted: !!e.deleted,
    })),
    next: more ? b64url(JSON.stringify([page[page.length - 1].seq])) : null,
  });
});

route(rowsRoutes, SYNC_ROUTES.rows, async (c) => {
  const who = c.var.who;
  if (who.role !== 'school') throw new Error('unreachable');
  const q = validate(Query, c.req.query());
  const after = q.after === undefined ? null : decodeCursor(q.after);
  const db = dbFor(c, who.county);
  // Rows after the cursor in (revision, table, id) order: in a table before the cursor's, from the
  // next revision; in its table, after its id; in a table after it, from its revision.
  const afterCursor = (t: SyncTable): [string, unknown[]] => {
    if (!after) return ['', []];
    if (t < after.table) return [' AND revision > ?4', [after.revision]];
    if (t > after.table) return [' AND revision >= ?4', [after.revision]];
    return [' AND (revision > ?4 OR (revision = ?4 AND id > ?5))', [after.revision, after.id]];
  };
  // D1 allows few terms in a compound SELECT, so one query per table in one batch, each limited.
  const results = await db.batch([
    ...SYNC_TABLES.map((t) => {
      const [cond, args] = afterCursor(t);
      return db
        .prepare(
          `SELECT '${t}' AS tbl, id, version, revision, deleted, raw FROM ${sqlTable(t)}
           WHERE school = ?1 AND term = ?2 AND revision > ?3${cond} ORDER BY revision, id LIMIT ${q.limit + 1}`,
        )
        .bind(who.school, q.term, q.since, ...args);
    }),
    db.prepare('SELECT revision FROM school_state WHERE school = ?').bind(who.school),
  ]);
  const state = results.pop()!.results[0] as { revision: number } | undefined;
  const candidates = (results.flatMap((r) => r.results) as unknown as Stored[]).sort(order);
  const page: Stored[] = [];
  let bytes = 0;
  for (const r of candidates) {
    const size = utf8Length(r.raw);
    if (page.length === q.limit || (page.length > 0 && bytes + size > MAX_PAGE_BYTES)) break;
    page.push(r);
    bytes += size;
  }
  const last = page[page.length - 1];
  const more = page.length < candidates.length;
  return c.json({
    term: q.term,
    since: q.since,
    revision: state?.revision ?? 0,
    rows: page.map((r) => ({
      table: r.tbl,
      id: r.id,
      version: r.version,
      revision: r.revision,
      deleted: !!r.deleted,
      values: JSON.parse(r.raw),
    })),
    next: more && last ? encodeCursor({ revision: last.revision, table: last.tbl, id: last.id }) : null,
  });
});
