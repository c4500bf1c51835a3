/** Support: rotations name a teacher and dates, donations give something, and enough teachers rotate per year. */
import { schoolYearOf, termRange } from '../term';
import { DEFAULT_RULES } from '../rules';
import { idKey, str, type CheckContext } from './context';

export function checkSupport(ctx: CheckContext): void {
  const { lang } = ctx;
  /** Numbers of the roster teachers who rotate this year (an unknown teacher does not count). */
  const rotationTeachers = new Set<number>();
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
  const col = (key: string) => rows.column(key);
  const kind = col('kind');
  const teacher = col('teacher_id');
  const start = col('start_date');
  const from = col('from_school');
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
      const fromKey = idKey(from.value(k));
      const fromOwn = own === null || fromKey === null || fromKey === own;
      const s = start.value(k);
      const begins = typeof s === 'string' ? s : null;
      const inYear = !yearStart || !begins || (begins >= yearStart && begins < yearEnd!);
      if (t >= 0 && t < ids.roster && fromOwn && inYear) rotationTeachers.add(t);
    } else if (v === 'donation') {
      const a = amount.value(k);
      const given = typeof a === 'number' && a > 0;
      if (!given && idKey(items.value(k)) === null) ctx.add('support.donation_empty', 'support', {}, k, 'amount');
    }
  }

  if (!own || !year) return;
  const partnerships = ctx.view('partnerships');
  const supportingCode = partnerships.column('supporting_school_code');
  let supporting = false;
  for (let k = 0; k < partnerships.n && !supporting; k++) supporting = idKey(supportingCode.value(k)) === own;
  if (!supporting) return;
  if (rotationTeachers.size < ctx.rules.min_rotation_teachers_per_year) {
    ctx.add('support.rotation_short', 'support', { year, count: rotationTeachers.size, min: ctx.rules.min_rotation_teachers_per_year });
  }
}
