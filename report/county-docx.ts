/** The bureau's county report (core/report/county.ts) as a Word document. */
import { stateWords, type CountyFigures, type CountyReportModel } from '../core/report/county';
import { reportText, type ReportTextKey } from '../core/report/text';
import { document, heading, type Block, num, pack, para, percent, table, title } from './docx-common';

export function countyChildren(m: CountyReportModel): Block[] {
  const t = (key: ReportTextKey, params?: Record<string, string | number>) => reportText(key, m.lang, params);
  const county = m.county.name ?? m.county.code;
  const figureHeads = [
    t('c_partnerships'),
    t('c_pairings'),
    t('c_activities'),
    t('c_rotation'),
    t('c_donations'),
    t('c_passed'),
    t('c_warnings'),
  ];
  const figures = (f: CountyFigures) => [
    f.partnerships,
    f.pairings,
    f.activities,
    f.rotation_teachers,
    num(f.donations_yuan),
    `${f.passed}/${f.assessed}`,
    f.warnings,
  ];
  const named = (x: { name: string; code: string }) => (m.lang === 'zh' ? `${x.name}（${x.code}）` : `${x.name} (${x.code})`);
  const out: Block[] = [];
  out.push(title(t('c_title', { county, term: m.termLabel })));
  out.push(para(t('c_meta', { date: m.date }), { center: true }));

  out.push(heading(t('c_s_overview')));
  out.push(
    para(
      t('c_overview', {
        schools: m.schools.length,
        submitted: m.submitted,
        rate: percent(m.reportingRate),
        approved: m.approved,
        returned: m.returned,
        missing: m.notReported.length,
      }),
    ),
  );

  out.push(heading(t('c_s_towns')));
  if (m.towns.length === 0) out.push(para(t('c_none')));
  else
    out.push(
      table(
        [t('c_town'), ...figureHeads],
        m.towns.map((x) => [x.name, ...figures(x)]),
        [2, 1, 1, 1, 1, 1.3, 1.1, 1.1],
      ),
    );

  out.push(heading(t('c_s_schools')));
  if (m.schools.length === 0) out.push(para(t('c_none')));
  else
    out.push(
      table(
        [t('c_school'), t('c_town'), t('c_state'), ...figureHeads],
        m.schools.map((x) => [named(x), x.town ?? '', stateWords(x.state, m.lang), ...figures(x)]),
        [2.4, 1.2, 1, 0.9, 0.9, 0.9, 0.9, 1.2, 1, 1],
      ),
    );

  out.push(heading(t('c_s_missing')));
  if (m.notReported.length === 0) out.push(para(t('c_none')));
  else
    out.push(
      table(
        [t('c_school'), t('c_town')],
        m.notReported.map((x) => [named(x), x.town ?? '']),
      ),
    );

  out.push(heading(t('c_s_gaps')));
  if (m.gapTexts.length === 0) out.push(para(t('c_none')));
  else
    out.push(
      table(
        [t('c_gap'), t('c_gap_schools'), t('c_gap_count')],
        m.gapTexts.map((g) => [g.text, g.schools, g.count]),
        [6, 1, 1],
      ),
    );
  return out;
}

export function countyDocx(m: CountyReportModel): Promise<Uint8Array> {
  return pack(
    document(m.lang, reportText('c_title', m.lang, { county: m.county.name ?? m.county.code, term: m.termLabel }), countyChildren(m)),
  );
}
