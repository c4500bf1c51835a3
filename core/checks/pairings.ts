/** Pairings: both teachers exist, the mentor is eligible and not over capacity, one mentor per mentee at a time. */
import type { TypedRow } from '../read';
import { enumLabel } from '../template';
import { isEmpty } from '../values';
import { idKey, str, type CheckContext } from './context';

const BACKBONE_ENOUGH = new Set(['district', 'county', 'city', 'province']);

/** DOMAIN.md: a senior title, or a backbone at district level or above, or a secondary title and volunteering. */
export function mentorEligible(teacher: Record<string, unknown>): boolean {
  const title = teacher.title;
  if (title === 'senior') return true;
  if (typeof teacher.backbone_level === 'string' && BACKBONE_ENOUGH.has(teacher.backbone_level)) return true;
  return title === 'secondary' && teacher.volunteer === true;
}

const ELIGIBILITY_FIELDS = ['title', 'backbone_level', 'volunteer'];

/** An unreadable cell reads as null: judging the row by it would only repeat the reader's error. */
function unreadable(tr: TypedRow, fields: string[]): boolean {
  return fields.some((f) => tr.values[f] === null && !isEmpty(tr.raw?.[f]));
}

/** Whether two date ranges overlap; a missing bound is open (no dates means always active). */
function overlaps(a: TypedRow, b: TypedRow): boolean {
  const as = typeof a.values.start_date === 'string' ? a.values.start_date : '0000-00-00';
  const ae = typeof a.values.end_date === 'string' ? a.values.end_date : '9999-99-99';
  const bs = typeof b.values.start_date === 'string' ? b.values.start_date : '0000-00-00';
  const be = typeof b.values.end_date === 'string' ? b.values.end_date : '9999-99-99';
  return as <= be && bs <= ae;
}

function subjectLabel(v: unknown, lang: 'zh' | 'en'): string {
  return typeof v === 'string' ? enumLabel('subject', v, lang) : '';
}

export function checkPairings(ctx: CheckContext): void {
  const { lang, rules } = ctx;
  const pairs = new Map<string, number>();
  const byMentee = new Map<string, TypedRow[]>();
  const mentees = new Map<string, Set<string>>();

  for (const tr of ctx.rows('pairings')) {
    const mentorRaw = tr.values.mentor_id;
    const menteeRaw = tr.values.mentee_id;
    const mk = idKey(mentorRaw);
    const ek = idKey(menteeRaw);
    const mentor = mk === null ? undefined : ctx.teachers.get(mk);
    const mentee = ek === null ? undefined : ctx.teachers.get(ek);

    if (mk !== null && !mentor) {
      ctx.add('teacher.unknown', 'pairings', { column: ctx.label('pairings', 'mentor_id'), value: str(mentorRaw) }, tr, 'mentor_id');
      tr.hasErrors = true;
    }
    if (ek !== null && !mentee) {
      ctx.add('teacher.unknown', 'pairings', { column: ctx.label('pairings', 'mentee_id'), value: str(menteeRaw) }, tr, 'mentee_id');
      tr.hasErrors = true;
    }
    if (mk === null || ek === null) continue;
    if (mk === ek) {
      ctx.add('pairing.self', 'pairings', { value: str(menteeRaw) }, tr, 'mentee_id');
      tr.hasErrors = true;
      continue;
    }

    const pairKey = mk + '\u0000' + ek;
    const firstRow = pairs.get(pairKey);
    if (firstRow !== undefined) {
      ctx.add('pairing.duplicate', 'pairings', { mentor: str(mentorRaw), mentee: str(menteeRaw), first_row: firstRow }, tr, 'mentee_id');
      continue;
    }
    pairs.set(pairKey, tr.row);

    if (mentor && !unreadable(mentor, ELIGIBILITY_FIELDS) && !mentorEligible(mentor.values)) {
      ctx.add('pairing.mentor_ineligible', 'pairings', { mentor: str(mentorRaw) }, tr, 'mentor_id');
    }

    let set = mentees.get(mk);
    if (!set) mentees.set(mk, (set = new Set()));
    set.add(ek);
    if (set.size > rules.mentor_max_mentees) {
      ctx.add('pairing.mentor_over_capacity', 'pairings', { mentor: str(mentorRaw), count: set.size, max: rules.mentor_max_mentees }, tr, 'mentor_id');
    }

    const earlier = byMentee.get(ek) ?? [];
    const clash = earlier.find((o) => idKey(o.values.mentor_id) !== mk && overlaps(o, tr));
    if (clash) {
      ctx.add(
        'pairing.mentee_two_mentors',
        'pairings',
        { mentee: str(menteeRaw), mentor: str(mentorRaw), other_mentor: str(clash.values.mentor_id), first_row: clash.row },
        tr,
        'mentee_id',
      );
    }
    earlier.push(tr);
    byMentee.set(ek, earlier);

    if (mentor && mentee) {
      const ms = mentor.values.subject;
      const es = mentee.values.subject;
      if (typeof ms === 'string' && typeof es === 'string' && ms !== es) {
        ctx.add(
          'pairing.subject_differs',
          'pairings',
          { mentor_subject: subjectLabel(ms, lang), mentee_subject: subjectLabel(es, lang) },
          tr,
          'subject',
        );
      }
      const years = mentee.values.years_teaching;
      if (typeof years === 'number' && years > rules.mentee_max_years_teaching) {
        ctx.add('pairing.mentee_experienced', 'pairings', { mentee: str(menteeRaw), years, max: rules.mentee_max_years_teaching }, tr, 'mentee_id');
      }
    }
  }
}
