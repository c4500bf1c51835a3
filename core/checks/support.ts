/** Support: rotations name a teacher and dates, donations give something, and enough teachers rotate per year. */
import { schoolYearOf, termRange } from '../term';
import { DEFAULT_RULES } from '../rules';
import { idKey, str, type CheckContext } from './context';

/** The school year's rotation figure, as `support.rotation_short` judges it and Summary reports it. */
export interface RotationFigure {
  /** The school year of the Program term (`2026-2027`); null without a term. */
  year: string | null;
  /** Roster teachers the Program school sends whose rotation starts in the year (each once, by `idKey`). */
  count: number;
  /** The rule's minimum where the Program school owes rotations (it supports a partner), else 0. */
  target: number;
}

/**
 * Counts the rotation teachers of the school year: rotations sent by the Program school (a row
 * with no from school counts as its own), starting from term 1's first day up to the next year's,
 * by teachers on the roster. Only a supporting school owes any; an aided school's target is 0.
 */
export function rotationFigure(ctx: CheckContext): RotationFigure {
  const own = idKey(ctx.program.school_code);
  const term = ctx.program.term;
  const year = term ? schoolYearOf(term) : null;
  // The school year runs from term 1's start to the day before the next year's term 1.
  let yearStart: string | null = null;
  let yearEnd: string | null = null;
  if (term && year) {
    const y1 = year.slice(0, 4);
    try {
      yearStart = termRange(`${y1}-${Number(y1) + 1}-1`, ctx.rules).start;
      yearEnd = termRange(`${Number(y1) + 1}-${Number(y1) + 2}-1`, { ...DEFAULT_RULES, ...ctx.rules }).start;
    } catch {
      yearStart = null;
    }
  }

  const rows = ctx.view('support');
  const ids = ctx.teacherIds();
  const teacherNo = ids.of('support', 'teacher_id');
  const kind = rows.column('kind');
  const start = rows.column('start_date');
  const from = rows.column('from_school');
  /** Numbers of the roster teachers who rotate this year (an unknown teacher does not count). */
  const teachers = new Set<number>();
  for (let k = 0; k < rows.n; k++) {
    const t = teacherNo[k];
    if (t < 0 || t >= ids.roster || kind.value(k) !== 'rotation') continue;
    const fromKey = idKey(from.value(k));
    if (own !== null && fromKey !== null && fromKey !== own) continue;
    const s = start.value(k);
    const begins = typeof s === 'string' ? s : null;
    if (yearStart && begins && (begins < yearStart || begins >= yearEnd!)) continue;
    teachers.add(t);
  }

  let owed = false;
  if (own && year) {
    const partnerships = ctx.view('partnerships');
    const supportingCode = partnerships.column('supporting_school_code');
    for (let k = 0; k < partnerships.n && !owed; k++) owed = idKey(supportingCode.value(k)) === own;
  }
  return { year, count: teachers.size, target: owed ? ctx.rules.min_rotation_teachers_per_year : 0 };
}

export function checkSupport(ctx: CheckContext): void {
  const { lang } = ctx;
  const rows = ctx.view('support');
  const ids = ctx.teacherIds();
  const teacherNo = ids.of('support', 'teacher_id');
  const col = (key: string) => rows.column(key);
  const kind = col('kind');
  const teacher = col('teacher_id');
  const amount = col('amount');
  const items = col('items');
  const required = ['teacher_id', 'start_date', 'end_date'].map((c) => ({ key: c, view: col(c) }));
  for (let k = 0; k < rows.n; k++) {
    const t = teacherNo[k];
    if (t >= ids.roster) {
      ctx.add('teacher.unknown', 'support', { column: ctx.label('support', 'teacher_id'), value: str(teacher.value(k)) }, k, 'teacher_id');
      rows.markError(k);
    }
    const v = kind.value(k);
    if (v === 'rotation') {
      const missing: string[] = [];
      let first: string | null = null;
      for (const c of required) {
        const x = c.view.value(k);
        if (x === null || x === undefined || x === '') {
          missing.push(ctx.label('support', c.key));
          first ??= c.key;
        }
      }
      if (first) ctx.add('support.rotation_incomplete', 'support', { missing: missing.join(lang === 'zh' ? '、' : ', ') }, k, first);
    } else if (v === 'donation') {
      const a = amount.value(k);
      const given = typeof a === 'number' && a > 0;
      if (!given && idKey(items.value(k)) === null) ctx.add('support.donation_empty', 'support', {}, k, 'amount');
    }
  }

  const figure = rotationFigure(ctx);
  if (figure.year && figure.count < figure.target) {
    ctx.add('support.rotation_short', 'support', { year: figure.year, count: figure.count, min: figure.target });
  }
}
