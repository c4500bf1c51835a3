/** Support: rotations name a teacher and dates, donations give something, and enough teachers rotate per year. */
import { schoolYearOf, termRange } from '../term';
import { DEFAULT_RULES } from '../rules';
import { idKey, type CheckContext } from './context';

export function checkSupport(ctx: CheckContext): void {
  const { lang } = ctx;
  const rotationTeachers = new Set<string>();
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

  for (const tr of ctx.rows('support')) {
    const v = tr.values;
    if (v.kind === 'rotation') {
      const missing: string[] = [];
      let first: string | null = null;
      for (const c of ['teacher_id', 'start_date', 'end_date']) {
        if (v[c] === null || v[c] === undefined || v[c] === '') {
          missing.push(ctx.label('support', c));
          first ??= c;
        }
      }
      if (first) ctx.add('support.rotation_incomplete', 'support', { missing: missing.join(lang === 'zh' ? '、' : ', ') }, tr, first);
      const t = idKey(v.teacher_id);
      const fromOwn = own === null || idKey(v.from_school) === null || idKey(v.from_school) === own;
      const start = typeof v.start_date === 'string' ? v.start_date : null;
      const inYear = !yearStart || !start || (start >= yearStart && start < yearEnd!);
      if (t !== null && fromOwn && inYear) rotationTeachers.add(t);
    } else if (v.kind === 'donation') {
      const amount = typeof v.amount === 'number' && v.amount > 0;
      if (!amount && idKey(v.items) === null) ctx.add('support.donation_empty', 'support', {}, tr, 'amount');
    }
  }

  if (!own || !year) return;
  const supporting = ctx.rows('partnerships').some((tr) => idKey(tr.values.supporting_school_code) === own);
  if (!supporting) return;
  if (rotationTeachers.size < ctx.rules.min_rotation_teachers_per_year) {
    ctx.add('support.rotation_short', 'support', { year, count: rotationTeachers.size, min: ctx.rules.min_rotation_teachers_per_year });
  }
}
