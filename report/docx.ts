/** The term report (core/report/model.ts) as a Word document, in the model's language. */
import type { ReportModel } from '../core/report/model';
import { reportText, type ReportTextKey } from '../core/report/text';
import { document, heading, type Block, num, pack, para, percent, table, title } from './docx-common';

export function reportChildren(m: ReportModel): Block[] {
  const t = (key: ReportTextKey, params?: Record<string, string | number>) => reportText(key, m.lang, params);
  const none = para(t('no_rows'));
  const more = (section: string) => (m.omitted[section] ? [para(t('omitted', { count: m.omitted[section] }))] : []);
  const out: Block[] = [];

  out.push(title(t('title', { school: m.school.name || m.school.code, term: m.termLabel })));
  out.push(para(t('meta', { code: m.school.code, county: m.school.county, town: m.school.town, date: m.date }), { center: true }));

  out.push(heading(t('s_partnerships')));
  if (m.partnerships.length === 0) out.push(none);
  else
    out.push(
      table(
        [t('supporting'), t('aided'), t('start'), t('end'), t('focus')],
        m.partnerships.map((p) => [p.supporting, p.aided, p.start, p.end, p.focus]),
        [2.4, 2.4, 1.4, 1.4, 2.4],
      ),
    );
  out.push(...more('partnerships'));

  out.push(heading(t('s_indicators')));
  out.push(
    table(
      [t('indicator'), t('target'), t('completed'), t('rate'), t('met')],
      m.indicators.map((i) => [i.label, num(i.target), num(i.completed), percent(i.rate), t(i.met ? 'yes' : 'no')]),
      [3, 1, 1, 1, 1.2],
    ),
  );

  out.push(heading(t('s_activities')));
  if (m.months.length === 0) out.push(none);
  for (const month of m.months) {
    out.push(heading(t('month', { year: month.month.slice(0, 4), month: month.month.slice(5, 7), count: month.activities.length }), 2));
    out.push(
      table(
        [t('date'), t('type'), t('theme'), t('host_guest'), t('lead'), t('teachers'), t('students')],
        month.activities.map((a) => [
          a.date,
          a.status ? (m.lang === 'zh' ? `${a.type}（${a.status}）` : `${a.type} (${a.status})`) : a.type,
          a.theme,
          [a.host, a.guest].filter(Boolean).join(' / '),
          a.lead,
          a.teachers,
          a.students,
        ]),
        [1.9, 1.5, 2.4, 2.6, 1.6, 0.9, 0.9],
      ),
    );
  }
  out.push(...more('activities'));

  out.push(heading(t('s_pairings')));
  if (m.pairings.length === 0) out.push(none);
  else
    out.push(
      table(
        [`${t('mentor')} → ${t('mentee')}`, t('subject')],
        m.pairings.map((p) => [`${p.mentor} → ${p.mentee}`, p.subject]),
        [4, 1],
      ),
    );
  out.push(...more('pairings'));

  out.push(heading(t('s_assessment')));
  out.push(para(t('assessment_line', { assessed: m.assessment.assessed, passed: m.assessment.passed, failed: m.assessment.failed })));
  if (m.assessment.rows.length) {
    out.push(
      table(
        [t('teacher'), t('role'), t('score'), t('result'), t('missing')],
        m.assessment.rows.map((a) => [a.teacher, a.role, num(a.score), t(a.passed ? 'pass' : 'fail'), a.missing]),
        [1.8, 1.1, 0.8, 0.9, 3.4],
      ),
    );
  }
  out.push(...more('assessment'));

  out.push(heading(t('s_support')));
  out.push(heading(t('rotation'), 2));
  out.push(para(t('rotation_line', { teachers: m.rotation.teachers })));
  if (m.rotation.rows.length)
    out.push(
      table(
        [t('teacher'), t('from'), t('to'), t('start'), t('end')],
        m.rotation.rows.map((r) => [r.teacher, r.from, r.to, r.start, r.end]),
        [1.8, 2.2, 2.2, 1.3, 1.3],
      ),
    );
  out.push(...more('rotation'));
  out.push(heading(t('donations'), 2));
  out.push(para(t('donations_line', { amount: num(m.donations.amount), beneficiaries: m.donations.beneficiaries })));
  if (m.donations.rows.length) {
    out.push(
      table(
        [t('kind'), t('from'), t('to'), t('items'), t('amount'), t('beneficiaries')],
        m.donations.rows.map((d) => [d.kind, d.from, d.to, d.items, num(d.amount), d.beneficiaries]),
        [0.9, 2, 2, 2, 1.1, 1.1],
      ),
    );
  }
  out.push(...more('donations'));

  out.push(heading(t('s_problems')));
  if (m.problems.length === 0) out.push(para(t('no_problems')));
  m.problems.forEach((p, i) => out.push(para(`${i + 1}. ${p}`)));
  out.push(...more('problems'));
  if (m.problems.length) out.push(para(t('next_steps')));

  out.push(heading(t('s_signature')));
  out.push(para(''));
  out.push(para(`${t('principal')}＿＿＿＿＿＿＿＿＿＿`));
  out.push(para(''));
  out.push(para(`${t('stamp')}＿＿＿＿＿＿＿＿＿＿`));
  out.push(para(''));
  out.push(para(t('sign_date')));
  return out;
}

/** The report's .docx bytes. */
export function reportDocx(m: ReportModel): Promise<Uint8Array> {
  return pack(
    document(m.lang, reportText('title', m.lang, { school: m.school.name || m.school.code, term: m.termLabel }), reportChildren(m)),
  );
}
