/**
 * Pairings: both teachers exist, the mentor is eligible and not over capacity, one mentor per
 * mentee at a time. Each rule is one small function over a pairing row (`Pairing`) and what the
 * sheet knows so far (`PairingsSheet`); a row the earlier rules find broken goes no further.
 */
import { isMentorEligible } from '../mentor-eligibility';
import { enumLabel } from '../template';
import { isEmpty } from '../values';
import type { IssueCode } from '../messages';
import type { ColumnView, RowsView } from '../table';
import { str, type CheckContext } from './context';
import type { TeacherIds } from './teacher-ids';

/** One pairing row: its teachers' numbers (teacher-ids.ts), -1 when it names none; on the roster or not. */
interface Pairing {
  k: number;
  m: number;
  e: number;
  /** The mentor's and mentee's Teachers rows, -1 when not on the roster. */
  mentor: number;
  mentee: number;
}

interface PairingsSheet {
  ctx: CheckContext;
  rows: RowsView;
  ids: TeacherIds;
  teachers: Record<'title' | 'backbone_level' | 'volunteer' | 'subject' | 'years_teaching', ColumnView>;
  col: Record<'mentor_id' | 'mentee_id' | 'start_date' | 'end_date', ColumnView>;
  mentors: Int32Array;
  /** mentor * ids.count + mentee -> sheet row of the first pairing of the two. */
  pairs: Map<number, number>;
  /** Per mentee: the pairing rows naming it so far. */
  byMentee: Map<number, number[]>;
  /** The rows that count toward their mentor's capacity. */
  counted: number[];
  add(code: IssueCode, params: Record<string, string | number>, k: number, column: string): void;
}

const start = (p: PairingsSheet, k: number) => p.col.start_date.text(k) ?? '0000-00-00';
const end = (p: PairingsSheet, k: number) => p.col.end_date.text(k) ?? '9999-99-99';
/** Whether two pairings' date ranges overlap; a missing bound is open (no dates means always active). */
const overlaps = (p: PairingsSheet, a: number, b: number) => start(p, a) <= end(p, b) && start(p, b) <= end(p, a);

/** An id no Teachers row has. */
function unknownTeachers(p: PairingsSheet, r: Pairing): void {
  for (const [n, onRoster, column] of [
    [r.m, r.mentor, 'mentor_id'],
    [r.e, r.mentee, 'mentee_id'],
  ] as const) {
    if (n < 0 || onRoster >= 0) continue;
    p.add('teacher.unknown', { column: p.ctx.label('pairings', column), value: str(p.col[column].value(r.k)) }, r.k, column);
    p.rows.markError(r.k);
  }
}

function selfPairing(p: PairingsSheet, r: Pairing): boolean {
  if (r.m !== r.e) return false;
  p.add('pairing.self', { value: str(p.col.mentee_id.value(r.k)) }, r.k, 'mentee_id');
  p.rows.markError(r.k);
  return true;
}

/** The same two teachers on a second row: reported there, and the row counts no further. */
function duplicatePairing(p: PairingsSheet, r: Pairing): boolean {
  const key = r.m * p.ids.count + r.e;
  const first = p.pairs.get(key);
  if (first === undefined) {
    p.pairs.set(key, p.rows.rowOf(r.k));
    return false;
  }
  p.add(
    'pairing.duplicate',
    { mentor: str(p.col.mentor_id.value(r.k)), mentee: str(p.col.mentee_id.value(r.k)), first_row: first },
    r.k,
    'mentee_id',
  );
  return true;
}

/** DOMAIN.md's eligibility (core/mentor-eligibility.ts); an unreadable cell is the reader's error, not judged again. */
function mentorIneligible(p: PairingsSheet, r: Pairing): void {
  if (r.mentor < 0) return;
  const { title, backbone_level: backbone, volunteer } = p.teachers;
  if ([title, backbone, volunteer].some((c) => c.value(r.mentor) === null && !isEmpty(c.raw(r.mentor)))) return;
  if (isMentorEligible({ title: title.value(r.mentor), backbone: backbone.value(r.mentor), volunteer: volunteer.value(r.mentor) })) return;
  p.add('pairing.mentor_ineligible', { mentor: str(p.col.mentor_id.value(r.k)) }, r.k, 'mentor_id');
}

/** A mentee with another mentor over overlapping dates. */
function menteeTwoMentors(p: PairingsSheet, r: Pairing): void {
  let earlier = p.byMentee.get(r.e);
  if (!earlier) p.byMentee.set(r.e, (earlier = []));
  const clash = earlier.find((o) => p.mentors[o] !== r.m && overlaps(p, o, r.k));
  earlier.push(r.k);
  if (clash === undefined) return;
  const { mentor_id: mentor, mentee_id: mentee } = p.col;
  p.add(
    'pairing.mentee_two_mentors',
    {
      mentee: str(mentee.value(r.k)),
      mentor: str(mentor.value(r.k)),
      other_mentor: str(mentor.value(clash)),
      first_row: p.rows.rowOf(clash),
    },
    r.k,
    'mentee_id',
  );
}

function subjectDiffers(p: PairingsSheet, r: Pairing): void {
  if (r.mentor < 0 || r.mentee < 0) return;
  const [ms, es] = [p.teachers.subject.value(r.mentor), p.teachers.subject.value(r.mentee)];
  if (typeof ms !== 'string' || typeof es !== 'string' || ms === es) return;
  const lang = p.ctx.lang;
  p.add(
    'pairing.subject_differs',
    { mentor_subject: enumLabel('subject', ms, lang), mentee_subject: enumLabel('subject', es, lang) },
    r.k,
    'subject',
  );
}

function menteeExperienced(p: PairingsSheet, r: Pairing): void {
  if (r.mentor < 0 || r.mentee < 0) return;
  const years = p.teachers.years_teaching.value(r.mentee);
  const max = p.ctx.rules.mentee_max_years_teaching;
  if (typeof years === 'number' && years > max)
    p.add('pairing.mentee_experienced', { mentee: str(p.col.mentee_id.value(r.k)), years, max }, r.k, 'mentee_id');
}

export function checkPairings(ctx: CheckContext): void {
  const p = pairingsSheet(ctx);
  const mentees = p.ids.of('pairings', 'mentee_id');
  const onRoster = (n: number) => (n >= 0 && n < p.ids.roster ? n : -1);
  for (let k = 0; k < p.rows.n; k++) {
    const r: Pairing = { k, m: p.mentors[k], e: mentees[k], mentor: onRoster(p.mentors[k]), mentee: onRoster(mentees[k]) };
    unknownTeachers(p, r);
    if (r.m < 0 || r.e < 0 || selfPairing(p, r) || duplicatePairing(p, r)) continue;
    mentorIneligible(p, r);
    p.counted.push(k);
    menteeTwoMentors(p, r);
    subjectDiffers(p, r);
    menteeExperienced(p, r);
  }
  mentorOverCapacity(p);
}

function pairingsSheet(ctx: CheckContext): PairingsSheet {
  const teachers = ctx.view('teachers');
  const rows = ctx.view('pairings');
  const ids = ctx.teacherIds();
  const t = (key: string) => teachers.column(key);
  const c = (key: string) => rows.column(key);
  return {
    ctx,
    rows,
    ids,
    teachers: {
      title: t('title'),
      backbone_level: t('backbone_level'),
      volunteer: t('volunteer'),
      subject: t('subject'),
      years_teaching: t('years_teaching'),
    },
    col: { mentor_id: c('mentor_id'), mentee_id: c('mentee_id'), start_date: c('start_date'), end_date: c('end_date') },
    mentors: ids.of('pairings', 'mentor_id'),
    pairs: new Map(),
    byMentee: new Map(),
    counted: [],
    add: (code, params, k, column) => ctx.add(code, 'pairings', params, k, column),
  };
}

/**
 * Capacity counts the mentees a mentor has at the same time. Only a mentor with more pairings in
 * all than the rule allows can be over it; reported on the last of the rows active together.
 */
function mentorOverCapacity(p: PairingsSheet): void {
  const max = p.ctx.rules.mentor_max_mentees;
  const byMentor = new Map<number, number[]>();
  for (const k of p.counted) {
    const ks = byMentor.get(p.mentors[k]);
    if (ks) ks.push(k);
    else byMentor.set(p.mentors[k], [k]);
  }
  const sep = p.ctx.lang === 'zh' ? '、' : ', ';
  for (const ks of byMentor.values()) {
    if (ks.length <= max) continue;
    const peak = peakOverlap(
      ks,
      (k) => start(p, k),
      (k) => end(p, k),
    );
    if (peak.rows.length <= max) continue;
    const together = peak.rows.slice().sort((a, b) => a - b);
    const at = together[together.length - 1];
    p.add(
      'pairing.mentor_over_capacity',
      {
        mentor: str(p.col.mentor_id.value(at)),
        count: together.length,
        max,
        mentees: together.map((k) => str(p.col.mentee_id.value(k))).join(sep),
        rows: together.map((k) => p.rows.rowOf(k)).join(sep),
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
