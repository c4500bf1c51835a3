/** GET /api/v1/rows?term=&since=: a school's own rows changed after a revision (deletions included). */
import { requireRole } from '../auth';
import { validate } from '../body';
import type { App } from '../env';
import { Term } from '../schemas';
import { SYNC_TABLES, sqlTable } from '../tables';
import { z } from 'zod';

const Query = z.object({ term: Term, since: z.coerce.number().int().min(0).default(0) });

export function rowsRoutes(app: App) {
  app.get('/api/v1/rows', async (c) => {
    const who = requireRole(c, 'school');
    if (who.role !== 'school') throw new Error('unreachable');
    const q = validate(Query, c.req.query());
    const db = c.var.db;
    // D1 allows few terms in a compound SELECT, so one query per table in one batch.
    const results = await db.batch([
      ...SYNC_TABLES.map((t) =>
        db
          .prepare(`SELECT '${t}' AS tbl, id, version, revision, deleted, raw FROM ${sqlTable(t)} WHERE school = ?1 AND term = ?2 AND revision > ?3`)
          .bind(who.school, q.term, q.since),
      ),
      db.prepare('SELECT revision FROM school_state WHERE school = ?').bind(who.school),
    ]);
    const state = results.pop()!.results[0] as { revision: number } | undefined;
    const rows = (results.flatMap((r) => r.results) as { tbl: string; id: string; version: number; revision: number; deleted: number; raw: string }[]).sort(
      (a, b) => a.revision - b.revision || a.tbl.localeCompare(b.tbl) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return c.json({
      term: q.term,
      since: q.since,
      revision: state?.revision ?? 0,
      rows: rows.map((r) => ({
        table: r.tbl,
        id: r.id,
        version: r.version,
        revision: r.revision,
        deleted: !!r.deleted,
        values: JSON.parse(r.raw),
      })),
    });
  });
}
