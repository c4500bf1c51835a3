/**
 * The term report and its review (worker routes/reports.ts): request and answer shapes, named for
 * the OpenAPI document, and each route's declaration (core/api/route.ts).
 */
import { z } from 'zod';
import { Term } from './common';
import { spec } from './route';
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
export const ReportReopen = z
  .object({ comment: Comment.min(1, 'required') })
  .strict()
  .meta({ id: 'ReportReopen' });

export const ReportSubmitted = z
  .object({
    term: z.string(),
    school: z.string(),
    state: z.literal('submitted'),
    version: z.number(),
    revision: z.number(),
    submitted_at: z.string(),
  })
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
    reviews: z.array(
      z.object({
        version: z.number(),
        action: z.enum(['return', 'approve', 'reopen']),
        at: z.string(),
        comment: z.string().nullable(),
        items: z.array(ReportItem),
      }),
    ),
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

export const REPORT_SCHEMAS = [
  ReportItem,
  ReportSubmit,
  ReportReturn,
  ReportApprove,
  ReportReopen,
  ReportSubmitted,
  ReportReviewed,
  ReportStatus,
  ReportList,
];

export const ReportListQuery = z.object({ term: Term, county: z.string().optional().meta({ description: 'County code' }) });
export const CountyReportQuery = z.object({
  term: Term,
  county: z.string().optional().meta({ description: 'County code' }),
  lang: z.enum(['zh', 'en']).default('zh').meta({ description: 'zh | en (default zh)' }),
});
export const ReportDocQuery = z.object({
  version: z.coerce.number().int().min(1).optional().meta({ description: 'A version number (default: the current one)' }),
});

export const ReportIssuesQuery = z.object({
  lang: z.enum(['zh', 'en']).default('zh').meta({ description: 'zh | en (default zh)' }),
});

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
  .meta({
    id: 'ReportIssues',
    description: "A school's open issues now, each on its row and column: what a return's items are picked from",
  });

export type ReportIssues = z.infer<typeof ReportIssues>;
export type ReportState = z.infer<typeof ReportState>;
export type ReportItem = z.infer<typeof ReportItem>;
export type ReportStatus = z.infer<typeof ReportStatus>;
export type ReportList = z.infer<typeof ReportList>;
export type ReportListRow = ReportList['schools'][number];
export type ReportSubmitted = z.infer<typeof ReportSubmitted>;
export type ReportReviewed = z.infer<typeof ReportReviewed>;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const REVIEWER = "bureau of the school's county";
const REVIEW_ERRORS = [400, 401, 403, 404, 409, 413, 415, 429] as const;

export const REPORT_ROUTES = {
  // Before /:term, which would take "county.docx" for a term.
  countyReport: spec({
    method: 'get',
    path: '/api/v1/reports/county.docx',
    summary:
      'The county report as Word: figures per town and school, reporting rate, schools not reported, approved/returned, commonest gaps',
    roles: ['bureau', 'admin'],
    who: 'bureau; admin with county',
    query: CountyReportQuery,
    ok: { status: 200, file: DOCX },
    errors: [400, 401, 403, 429],
  }),
  list: spec({
    method: 'get',
    path: '/api/v1/reports',
    summary: "Each school's term report: not_submitted, submitted, returned or approved",
    roles: ['bureau', 'admin'],
    who: 'bureau; admin with county',
    query: ReportListQuery,
    ok: { status: 200, answer: ReportList },
    errors: [400, 401, 403, 429],
  }),
  status: spec({
    method: 'get',
    path: '/api/v1/reports/:term',
    summary: "The school's own report: state, versions, the bureau's comment and items",
    roles: ['school'],
    who: 'school',
    ok: { status: 200, answer: ReportStatus },
    errors: [400, 401, 403, 429],
  }),
  submit: spec({
    method: 'post',
    path: '/api/v1/reports/:term/submit',
    summary: "Submit the term report: a snapshot of the school's figures at its revision, a new version each time (body optional)",
    roles: ['school'],
    who: 'school',
    body: ReportSubmit,
    ok: { status: 201, answer: ReportSubmitted },
    errors: [400, 401, 403, 409, 413, 415, 429],
  }),
  return: spec({
    method: 'post',
    path: '/api/v1/reports/:term/:school/return',
    summary: 'Return a submitted report with a comment and items to fix',
    roles: ['bureau'],
    who: REVIEWER,
    body: ReportReturn,
    ok: { status: 200, answer: ReportReviewed },
    errors: REVIEW_ERRORS,
  }),
  approve: spec({
    method: 'post',
    path: '/api/v1/reports/:term/:school/approve',
    summary: "Approve a submitted report: the school's term is locked (syncs answer 423 report_approved)",
    roles: ['bureau'],
    who: REVIEWER,
    body: ReportApprove,
    ok: { status: 200, answer: ReportReviewed },
    errors: REVIEW_ERRORS,
  }),
  reopen: spec({
    method: 'post',
    path: '/api/v1/reports/:term/:school/reopen',
    summary: 'Reopen an approved report (it becomes returned, the term unlocked for the school)',
    roles: ['bureau'],
    who: REVIEWER,
    body: ReportReopen,
    ok: { status: 200, answer: ReportReviewed },
    errors: REVIEW_ERRORS,
  }),
  document: spec({
    method: 'get',
    path: '/api/v1/reports/:term/:school/report.docx',
    summary: 'A submitted report as Word, rendered from its snapshot (the current version, or ?version=)',
    roles: ['bureau', 'school', 'admin'],
    who: "bureau of the school's county; the school itself; admin",
    query: ReportDocQuery,
    ok: { status: 200, file: DOCX },
    errors: [400, 401, 403, 404, 429],
  }),
  issues: spec({
    method: 'get',
    path: '/api/v1/reports/:term/:school/issues',
    summary: "The school's open issues now, each on its row (table, id) and column, in words: what the bureau picks a return's items from",
    roles: ['bureau', 'admin'],
    who: "bureau of the school's county; admin",
    query: ReportIssuesQuery,
    ok: { status: 200, answer: ReportIssues },
    errors: [400, 401, 403, 404, 429],
  }),
};
