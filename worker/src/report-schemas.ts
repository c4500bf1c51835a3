/** The term report's request and answer shapes (routes/reports.ts), named for the OpenAPI document. */
import { z } from 'zod';
import { SYNC_TABLES } from './tables';

export const MAX_COMMENT_CHARS = 4000;
export const MAX_ITEMS = 500;
export const MAX_ITEM_TEXT = 1000;

export const ReportState = z.enum(['not_submitted', 'submitted', 'returned', 'approved']);

const Comment = z.string().max(MAX_COMMENT_CHARS, `at most ${MAX_COMMENT_CHARS} characters`);

export const ReportItem = z
  .object({
    table: z.enum(SYNC_TABLES),
    id: z.string().min(1).max(200),
    column: z.string().min(1).max(100).optional(),
    text: z.string().min(1).max(MAX_ITEM_TEXT),
  })
  .strict()
  .meta({ id: 'ReportItem', description: 'What to fix, on a row (table and id) or one of its cells (column)' });

export const ReportSubmit = z
  .object({ lang: z.enum(['zh', 'en']).optional().meta({ description: "The workbook's language: the report's (default zh)" }) })
  .strict()
  .meta({ id: 'ReportSubmit' });

export const ReportReturn = z
  .object({ comment: Comment.min(1, 'required'), items: z.array(ReportItem).max(MAX_ITEMS).default([]) })
  .strict()
  .meta({ id: 'ReportReturn' });

export const ReportApprove = z.object({ comment: Comment.optional() }).strict().meta({ id: 'ReportApprove' });
export const ReportReopen = z.object({ comment: Comment.min(1, 'required') }).strict().meta({ id: 'ReportReopen' });

export const ReportSubmitted = z
  .object({ term: z.string(), school: z.string(), state: z.literal('submitted'), version: z.number(), revision: z.number(), submitted_at: z.string() })
  .meta({ id: 'ReportSubmitted' });

export const ReportReviewed = z
  .object({
    term: z.string(),
    school: z.string(),
    state: ReportState,
    version: z.number(),
    reviewed_at: z.string(),
    comment: z.string().nullable(),
    items: z.array(ReportItem),
  })
  .meta({ id: 'ReportReviewed' });

export const ReportStatus = z
  .object({
    term: z.string(),
    school: z.string(),
    state: ReportState,
    version: z.number().nullable(),
    revision: z.number().nullable(),
    submitted_at: z.string().nullable(),
    reviewed_at: z.string().nullable(),
    reviewed_by: z.string().nullable().meta({ description: "The reviewing bureau: its token's label, else 'bureau of <county>'" }),
    comment: z.string().nullable(),
    items: z.array(ReportItem),
    versions: z.array(z.object({ version: z.number(), revision: z.number(), submitted_at: z.string(), open_warnings: z.number() })),
    reviews: z.array(z.object({ version: z.number(), action: z.enum(['return', 'approve', 'reopen']), at: z.string(), comment: z.string().nullable(), items: z.array(ReportItem) })),
  })
  .meta({ id: 'ReportStatus' });

export const ReportList = z
  .object({
    term: z.string(),
    county: z.string(),
    schools: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        town: z.string().nullable(),
        state: ReportState,
        version: z.number().nullable(),
        submitted_at: z.string().nullable(),
        reviewed_at: z.string().nullable(),
        comment: z.string().nullable(),
        open_warnings: z.number().meta({ description: 'Open errors and warnings now (the compliance list)' }),
      }),
    ),
  })
  .meta({ id: 'ReportList' });

export const ReportIssues = z
  .object({
    term: z.string(),
    school: z.string(),
    issues: z.array(
      z.object({
        table: z.enum(SYNC_TABLES),
        id: z.string().optional().meta({ description: "The row's id; absent for an issue of a whole sheet" }),
        column: z.string().optional(),
        code: z.string(),
        severity: z.enum(['error', 'warning']),
        text: z.string().meta({ description: 'The issue in words, in ?lang=' }),
      }),
    ),
    omitted: z.number().meta({ description: 'Issues past the 500 listed' }),
  })
  .meta({ id: 'ReportIssues', description: "A school's open issues now, each on its row and column: what a return's items are picked from" });

export const REPORT_SCHEMAS = [ReportItem, ReportSubmit, ReportReturn, ReportApprove, ReportReopen, ReportSubmitted, ReportReviewed, ReportStatus, ReportList, ReportIssues];
