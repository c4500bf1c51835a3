/**
 * A school's sync and its rows on the server: the sync body and answer, the rows page, the sync
 * status, a row's history. Each route's declaration (core/api/route.ts) beside its schemas.
 */
import { z } from 'zod';
import { MAX_ID_LENGTH } from '../row-id';
import { SHEET_BY_KEY } from '../template';
import { Cell, Code, IssueSchema, MAX_ROWS, Term, Text } from './common';
import { spec } from './route';
import { SYNC_TABLES } from './tables';

/** Per-table values by column key, derived from the template so a new column needs no change here. */
export const TableValues = Object.fromEntries(
  SYNC_TABLES.map((t) => [
    t,
    z
      .object(Object.fromEntries(SHEET_BY_KEY[t].columns.map((c) => [c.key, Cell.optional().meta({ description: `${c.en} / ${c.zh}` })])))
      .loose()
      .meta({ id: `Values_${t}` }),
  ]),
) as Record<(typeof SYNC_TABLES)[number], z.ZodObject>;

export const SyncRow = z
  .object({
    table: Text().meta({ description: `A template sheet key: ${SYNC_TABLES.join(', ')}` }),
    id: Text().min(1).max(MAX_ID_LENGTH).meta({ description: 'The row id: 1-200 characters of well-formed text (no lone surrogate)' }),
    base_version: z
      .number()
      .int()
      .min(0)
      .nullable()
      .optional()
      .meta({ description: 'The version the client last saw; 0 or null for a new row' }),
    deleted: z.boolean().optional(),
    values: z.record(z.string(), Cell).optional().meta({ description: 'Raw cell values by column key (see Values_<table>)' }),
  })
  .strict()
  .meta({ id: 'SyncRow' });

export const SyncRequest = z
  .object({
    batch_id: Text().min(1).max(200),
    term: Term,
    template_version: z.number().int().min(1),
    rows: z.array(SyncRow).max(MAX_ROWS),
    school: Text().min(1).max(100).meta({
      description:
        "The workbook's Program school code; a code other than the token's school (compared as codes are: despite case, spaces and full-width forms) is refused with 409 wrong_school",
      example: 'GH01',
    }),
    workbook: Text().min(1).max(200).optional().meta({
      description:
        "An id of the sending workbook's sync state (the add-in makes one per workbook), kept with the sync so GET /api/v1/sync/status can say from how many workbooks a school synced",
    }),
  })
  .strict()
  .meta({ id: 'SyncRequest' });

export const SyncAnswer = z
  .object({
    batch_id: z.string(),
    revision: z.number().int(),
    applied: z.array(z.object({ table: z.string(), id: z.string(), version: z.number().int() })),
    ignored: z
      .number()
      .int()
      .optional()
      .meta({ description: 'How many applied rows were re-sent unchanged on the server version: kept at that version, not written' }),
    rejected: z.array(z.object({ table: z.string(), id: z.string(), issues: z.array(IssueSchema) })),
    conflicts: z.array(z.object({ table: z.string(), id: z.string(), server_version: z.number().int() })),
  })
  .meta({ id: 'SyncAnswer' });

export const RowsAnswer = z
  .object({
    term: z.string(),
    since: z.number().int(),
    revision: z.number().int(),
    rows: z.array(
      z.object({
        table: z.string(),
        id: z.string(),
        version: z.number().int(),
        revision: z.number().int(),
        deleted: z.boolean(),
        values: z.record(z.string(), Cell),
      }),
    ),
    next: z.string().nullable().describe('Cursor of the next page (pass it as `after`); null on the last page'),
  })
  .meta({ id: 'RowsAnswer' });

export const SyncStatus = z
  .object({
    term: z.string(),
    school: z.string(),
    school_name: z.string().nullable(),
    rows: z.number().int().meta({ description: 'Live (not deleted) rows the school holds for the term, every table' }),
    by_table: z.record(z.string(), z.number().int()),
    last_sync_at: z.string().nullable().meta({ description: 'The last sync of the term, UTC ISO time; null if none' }),
    last_sync_local: z.string().nullable().meta({ description: 'The same in Asia/Shanghai, "2026-10-15 14:05", for display' }),
    workbooks: z.number().int().meta({ description: "How many workbooks (the sync body's `workbook`) synced the term" }),
    unnamed_syncs: z
      .number()
      .int()
      .meta({ description: 'Syncs of the term that named no workbook (other clients, or before workbooks were kept)' }),
  })
  .meta({ id: 'SyncStatus' });

export const RowHistoryAnswer = z
  .object({
    table: z.string(),
    id: z.string(),
    term: z.string(),
    school: z.string(),
    current: z
      .object({ version: z.number().int(), deleted: z.boolean(), updated_at: z.string(), updated_by: z.string() })
      .meta({ description: 'The row as stored now (its values: GET /api/v1/rows)' }),
    history: z.array(
      z
        .object({
          version: z.number().int().meta({ description: 'The old version these values were' }),
          values: z.record(z.string(), Cell).meta({ description: 'Its values as synced' }),
          updated_at: z.string(),
          updated_by: z.string().meta({ description: 'The token id that wrote the old version' }),
          changed_at: z.string().meta({ description: 'When a sync replaced it' }),
          changed_by: z.string().meta({ description: 'The token id of that sync' }),
          deleted: z.boolean().meta({ description: 'Whether it was replaced by a delete' }),
        })
        .meta({ description: 'One old version, newest first' }),
    ),
    next: z.string().nullable().describe('Cursor of the next page (pass it as `after`); null on the last page'),
  })
  .meta({ id: 'RowHistoryAnswer' });

/** Rows a page of GET /rows holds at most (a page also stops near 4 MB of values). */
export const MAX_PAGE_ROWS = 5000;
/** Old versions per page of a row's history at most (a row keeps MAX_HISTORY_PER_ROW). */
export const MAX_HISTORY_PAGE = 100;

export const RowsQuery = z.object({
  term: Term,
  since: z.coerce.number().int().min(0).default(0).meta({ description: 'Revision already held (default 0)' }),
  after: z.string().max(2000).optional().meta({ description: "The previous page's `next`" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_ROWS)
    .default(MAX_PAGE_ROWS)
    .meta({ description: 'Rows per page, 1 to 5000 (default 5000); a page also stops near 4 MB of values' }),
});

export const RowHistoryQuery = z.object({
  term: Term,
  school: Code.optional().meta({ description: 'School code: required for a bureau or admin token' }),
  after: z.string().max(100).optional().meta({ description: "The previous page's `next`" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_HISTORY_PAGE)
    .default(MAX_HISTORY_PAGE)
    .meta({ description: 'Old versions per page, 1 to 100 (default 100)' }),
});

export const SyncStatusQuery = z.object({ term: Term }).strict();

export type SyncRequest = z.input<typeof SyncRequest>;
export type SyncRow = z.input<typeof SyncRow>;
export type SyncAnswer = z.infer<typeof SyncAnswer>;
export type RowsAnswer = z.infer<typeof RowsAnswer>;
export type ServerRow = RowsAnswer['rows'][number];
export type SyncStatus = z.infer<typeof SyncStatus>;
export type RowHistoryAnswer = z.infer<typeof RowHistoryAnswer>;

export const SYNC_ROUTES = {
  sync: spec({
    method: 'post',
    path: '/api/v1/sync',
    summary: 'Send a batch of rows: checked again, applied atomically, replayable by batch_id',
    roles: ['school'],
    who: 'school',
    body: SyncRequest,
    ok: { status: 200, answer: SyncAnswer },
    errors: [400, 401, 403, 409, 413, 415, 422, 423, 429],
  }),
  syncStatus: spec({
    method: 'get',
    path: '/api/v1/sync/status',
    summary: 'What the school holds on the server for a term: live rows, when it last synced, from how many workbooks',
    roles: ['school'],
    who: 'school',
    query: SyncStatusQuery,
    ok: { status: 200, answer: SyncStatus },
    errors: [400, 401, 403, 429],
  }),
  rows: spec({
    method: 'get',
    path: '/api/v1/rows',
    summary: "The school's own rows changed since a revision, a page at a time",
    roles: ['school'],
    who: 'school',
    query: RowsQuery,
    ok: { status: 200, answer: RowsAnswer },
    errors: [400, 401, 403, 429],
  }),
  rowHistory: spec({
    method: 'get',
    path: '/api/v1/rows/:table/:id/history',
    summary: "A row's old versions, newest first (kept when a sync changes or deletes it), a page at a time",
    roles: ['school', 'bureau', 'admin'],
    who: 'school (its own rows); bureau (schools of its county) and admin, with ?school=',
    query: RowHistoryQuery,
    ok: { status: 200, answer: RowHistoryAnswer },
    errors: [400, 401, 403, 404, 429],
  }),
};
