import type { WorkbookRead } from '../read';
import type { Rules } from '../rules';

export interface Teacher {
  id: string;
  name: string | null;
  school: string | null;
  subject: string | null;
  title: string | null;
  backbone: string | null;
  years: number | null;
  role: string | null;
  volunteer: boolean | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : v == null ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Teachers by id; a repeated id keeps its first row (the check reports the others). */
export function teachersById(read: WorkbookRead): Map<string, Teacher> {
  const out = new Map<string, Teacher>();
  for (const r of read.sheets.teachers?.rows ?? []) {
    const id = str(r.values.teacher_id);
    if (!id || out.has(id)) continue;
    out.set(id, {
      id,
      name: str(r.values.name),
      school: str(r.values.school_code),
      subject: str(r.values.subject),
      title: str(r.values.title),
      backbone: str(r.values.backbone_level),
      years: num(r.values.years_teaching),
      role: str(r.values.role),
      volunteer: typeof r.values.volunteer === 'boolean' ? r.values.volunteer : null,
    });
  }
  return out;
}

const HIGH_BACKBONE = new Set(['district', 'county', 'city', 'province']);

/** DOMAIN.md: a senior title, or a backbone at district level or above, or a secondary title and a volunteer. */
export function isEligibleMentor(t: Teacher): boolean {
  return t.title === 'senior' || (t.backbone !== null && HIGH_BACKBONE.has(t.backbone)) || (t.title === 'secondary' && t.volunteer === true);
}

/** A new teacher still counts as one within the years rule (unknown years count). */
export function isMentee(t: Teacher, rules: Rules): boolean {
  return t.role === 'new' && (t.years === null || t.years <= rules.mentee_max_years_teaching);
}

export interface Pair {
  mentor: string;
  mentee: string;
  start: string | null;
  end: string | null;
}

export function pairings(read: WorkbookRead): Pair[] {
  const out: Pair[] = [];
  for (const r of read.sheets.pairings?.rows ?? []) {
    const mentor = str(r.values.mentor_id);
    const mentee = str(r.values.mentee_id);
    if (!mentor || !mentee) continue;
    out.push({ mentor, mentee, start: str(r.values.start_date), end: str(r.values.end_date) });
  }
  return out;
}

/** Partner school codes of the Program school, supporting side first seen first. */
export function partnerSchools(read: WorkbookRead): string[] {
  const me = read.program.school_code;
  const out: string[] = [];
  for (const r of read.sheets.partnerships?.rows ?? []) {
    const a = str(r.values.supporting_school_code);
    const b = str(r.values.aided_school_code);
    const other = a === me ? b : b === me ? a : null;
    if (other && !out.includes(other)) out.push(other);
  }
  return out;
}
