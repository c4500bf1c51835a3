/**
 * The synced sheets and the typed columns each stores for SQL aggregation.
 * Typed columns are taken from the values core's readRecord returns, so the server never
 * aggregates a value it has not read itself. Ids and codes are stored as core's `idKey` (despite
 * case, spaces and full-width forms), so SQL counts and matches them as the checks compare them.
 */
import { idKey } from '../../core/keys';
import type { SyncTable } from '../../core/api/tables';

/** The synced sheets themselves are the contract's (core/api/tables.ts), the pane's too. */
export { SYNC_TABLES, isSyncTable, type SyncTable } from '../../core/api/tables';

type Typed = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const id = (v: unknown): string | null => idKey(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** SQL column -> how to take it from the typed values. */
export const TYPED_COLUMNS: Record<SyncTable, Record<string, (v: Typed) => string | number | null>> = {
  partnerships: {
    supporting_code: (v) => id(v.supporting_school_code),
    aided_code: (v) => id(v.aided_school_code),
    start_date: (v) => str(v.start_date),
    end_date: (v) => str(v.end_date),
  },
  teachers: {
    teacher_id: (v) => id(v.teacher_id),
    name: (v) => str(v.name),
    school_code: (v) => id(v.school_code),
    role: (v) => str(v.role),
    title: (v) => str(v.title),
    backbone_level: (v) => str(v.backbone_level),
  },
  pairings: {
    mentor_id: (v) => id(v.mentor_id),
    mentee_id: (v) => id(v.mentee_id),
    subject: (v) => str(v.subject),
    start_date: (v) => str(v.start_date),
    end_date: (v) => str(v.end_date),
  },
  schedule: {
    date: (v) => str(v.date),
    month: (v) => str(v.date)?.slice(0, 7) ?? null,
    type: (v) => str(v.type),
    status: (v) => str(v.status),
    host_school: (v) => id(v.host_school),
    guest_school: (v) => id(v.guest_school),
    lead_teacher: (v) => id(v.lead_teacher),
    teachers: (v) => num(v.teachers),
    students: (v) => num(v.students),
  },
  assessment: {
    teacher_id: (v) => id(v.teacher_id),
    role: (v) => str(v.role),
    score: (v) => num(v.score),
    result: (v) => str(v.result),
  },
  support: {
    kind: (v) => str(v.kind),
    from_school: (v) => id(v.from_school),
    to_school: (v) => id(v.to_school),
    teacher_id: (v) => id(v.teacher_id),
    start_date: (v) => str(v.start_date),
    end_date: (v) => str(v.end_date),
    amount: (v) => num(v.amount),
    beneficiaries: (v) => num(v.beneficiaries),
  },
  summary: {
    indicator: (v) => str(v.indicator),
    target: (v) => num(v.target),
    completed: (v) => num(v.completed),
    rate: (v) => num(v.rate),
  },
};

export const sqlTable = (t: SyncTable): string => `t_${t}`;
