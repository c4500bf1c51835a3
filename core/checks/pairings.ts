/** Pairings: both teachers exist, the mentor is eligible and not over capacity, one mentor per mentee at a time. */
import { isMentorEligible } from '../mentor-eligibility';
import { enumLabel } from '../template';
import { isEmpty } from '../values';
import type { ColumnView } from '../table';
import { str, type CheckContext } from './context';

/** DOMAIN.md's eligibility as a record of the Teachers row's values: the one definition, core/mentor-eligibility.ts. */
export function mentorEligible(teacher: Record<string, unknown>): boolean {
  return isMentorEligible({ title: teacher.title, backbone: teacher.backbone_level, volunteer: teacher.volunteer });
}

const ELIGIBILITY_FIELDS = ['title', 'backbone_level', 'volunteer'];

function subjectLabel(v: unknown, lang: 'zh' | 'en'): string {
  return typeof v === 'string' ? enumLabel('subject', v, lang) : '';
}

export function checkPairings(ctx: CheckContext): void {
  const { lang, rules } = ctx;
  const ids = ctx.teacherIds();
  const teachers = ctx.view('teachers');
  const eligibility = ELIGIBILITY_FIELDS.map((f) => ({ key: f, view: teachers.column(f) }));
  const [title, backbone, volunteer] = eligibility.map((f) => f.view);
  const teacherSubject = teachers.column('subject');
  const teacherYears = teachers.column('years_teaching');
  /** An unreadable cell reads as null: judging the row by it would only repeat the reader's error. */
  const unreadable = (t: number) => eligibility.some((f) => f.view.value(t) === null && !isEmpty(f.view.raw(t)));
  const eligible = (t: number) => mentorEligible({ title: title.value(t), backbone_level: backbone.value(t), volunteer: volunteer.value(t) });

  const rows = ctx.view('pairings');
  const mentorId = rows.column('mentor_id');
  const menteeId = rows.column('mentee_id');
  const mentors = ids.of('pairings', 'mentor_id');
  const mentees = ids.of('pairings', 'mentee_id');
  const start = rows.column('start_date');
  const end = rows.column('end_date');
  /** Whether two pairings' date ranges overlap; a missing bound is open (no dates means always active). */
  const bound = (view: ColumnView, k: number, open: string) => {
    const v = view.value(k);
    return typeof v === 'string' ? v : open;
  };
  const overlaps = (a: number, b: number) =>
    bound(start, a, '0000-00-00') <= bound(end, b, '9999-99-99') && bound(start, b, '0000-00-00') <= bound(end, a, '9999-99-99');

  /** mentor * ids.count + mentee -> sheet row of the first pairing of the two. */
  const pairs = new Map<number, number>();
  /** Per mentor: the pairings counted toward its capacity (pairs are distinct, so a count is enough). */
  const menteeCount = new Map<number, number>();
  /** Per row: 1 when the row counts toward its mentor's capacity. */
  const counted = new Uint8Array(rows.n);
  /** Per mentee: the pairing rows naming it so far. */
  const byMentee = new Map<number, number[]>();

  for (let k = 0; k < rows.n; k++) {
    const m = mentors[k];
    const e = mentees[k];
    const mentor = m >= 0 && m < ids.roster ? m : -1;
    const mentee = e >= 0 && e < ids.roster ? e : -1;
    const mentorRaw = mentorId.value(k);
    const menteeRaw = menteeId.value(k);

    if (m >= 0 && mentor < 0) {
      ctx.add('teacher.unknown', 'pairings', { column: ctx.label('pairings', 'mentor_id'), value: str(mentorRaw) }, k, 'mentor_id');
      rows.markError(k);
    }
    if (e >= 0 && mentee < 0) {
      ctx.add('teacher.unknown', 'pairings', { column: ctx.label('pairings', 'mentee_id'), value: str(menteeRaw) }, k, 'mentee_id');
      rows.markError(k);
    }
    if (m < 0 || e < 0) continue;
    if (m === e) {
      ctx.add('pairing.self', 'pairings', { value: str(menteeRaw) }, k, 'mentee_id');
      rows.markError(k);
      continue;
    }

    const pairKey = m * ids.count + e;
    const firstRow = pairs.get(pairKey);
    if (firstRow !== undefined) {
      ctx.add('pairing.duplicate', 'pairings', { mentor: str(mentorRaw), mentee: str(menteeRaw), first_row: firstRow }, k, 'mentee_id');
      continue;
    }
    pairs.set(pairKey, rows.rowOf(k));

    if (mentor >= 0 && !unreadable(mentor) && !eligible(mentor)) {
      ctx.add('pairing.mentor_ineligible', 'pairings', { mentor: str(mentorRaw) }, k, 'mentor_id');
    }

    menteeCount.set(m, (menteeCount.get(m) ?? 0) + 1);
    counted[k] = 1;

    let earlier = byMentee.get(e);
    if (!earlier) byMentee.set(e, (earlier = []));
    const clash = earlier.find((o) => mentors[o] !== m && overlaps(o, k));
    if (clash !== undefined) {
      ctx.add(
        'pairing.mentee_two_mentors',
        'pairings',
        { mentee: str(menteeRaw), mentor: str(mentorRaw), other_mentor: str(mentorId.value(clash)), first_row: rows.rowOf(clash) },
        k,
        'mentee_id',
      );
    }
    earlier.push(k);

    if (mentor >= 0 && mentee >= 0) {
      const ms = teacherSubject.value(mentor);
      const es = teacherSubject.value(mentee);
      if (typeof ms === 'string' && typeof es === 'string' && ms !== es) {
        ctx.add(
          'pairing.subject_differs',
          'pairings',
          { mentor_subject: subjectLabel(ms, lang), mentee_subject: subjectLabel(es, lang) },
          k,
          'subject',
        );
      }
      const years = teacherYears.value(mentee);
      if (typeof years === 'number' && years > rules.mentee_max_years_teaching) {
        ctx.add('pairing.mentee_experienced', 'pairings', { mentee: str(menteeRaw), years, max: rules.mentee_max_years_teaching }, k, 'mentee_id');
      }
    }
  }

  // Capacity counts the mentees a mentor has at the same time. Only a mentor with more pairings in
  // all than the rule allows can be over it, so most mentors cost nothing more than their count.
  const max = rules.mentor_max_mentees;
  let byMentor: Map<number, number[]> | null = null;
  for (let k = 0; k < rows.n; k++) {
    if (counted[k] === 0 || menteeCount.get(mentors[k])! <= max) continue;
    byMentor ??= new Map();
    let ks = byMentor.get(mentors[k]);
    if (!ks) byMentor.set(mentors[k], (ks = []));
    ks.push(k);
  }
  if (!byMentor) return;
  const sep = lang === 'zh' ? '、' : ', ';
  for (const ks of byMentor.values()) {
    const peak = peakOverlap(ks, (k) => bound(start, k, '0000-00-00'), (k) => bound(end, k, '9999-99-99'));
    if (peak.rows.length <= max) continue;
    // On the last of the rows, as a duplicate is reported on its later row.
    const together = peak.rows.slice().sort((a, b) => a - b);
    const at = together[together.length - 1];
    ctx.add(
      'pairing.mentor_over_capacity',
      'pairings',
      {
        mentor: str(mentorId.value(at)),
        count: together.length,
        max,
        mentees: together.map((k) => str(menteeId.value(k))).join(sep),
        rows: together.map((k) => rows.rowOf(k)).join(sep),
      },
      at,
      'mentor_id',
    );
  }
}

/**
 * The most of the given pairings active on one day, by a sweep over their start and end dates.
 * Ranges are inclusive and a missing date is open, as `overlaps` has them (one ending on the day
 * another starts overlaps it); an end before its start is an error of its own and takes no part.
 * Returns the rows active at the first peak.
 */
function peakOverlap(ks: readonly number[], startOf: (k: number) => string, endOf: (k: number) => string): { rows: number[] } {
  const events: { date: string; end: boolean; k: number }[] = [];
  for (const k of ks) {
    const s = startOf(k);
    const e = endOf(k);
    if (e < s) continue;
    events.push({ date: s, end: false, k }, { date: e, end: true, k });
  }
  // Starts before ends on one day, so that ranges touching on a day overlap.
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : Number(a.end) - Number(b.end)));
  const active = new Set<number>();
  let best: number[] = [];
  for (const ev of events) {
    if (ev.end) {
      active.delete(ev.k);
      continue;
    }
    active.add(ev.k);
    if (active.size > best.length) best = [...active];
  }
  return { rows: best };
}
