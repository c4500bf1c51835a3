/**
 * The pane's bureau view after totals are pulled, in words: when they were pulled (Beijing time),
 * the county's total (schools, activities, pass rate as a percent with one decimal, as the Totals
 * sheet and the CSV with `lang` show it), and each school that needs attention with its last sync
 * in Beijing time and its warnings as titles, never codes. Pure: the words of a pull in a language;
 * ui/bureau-view.ts draws them. Kept as the pull's data, so a language switch words it again.
 */
import { percent } from '../../core/bureau-words';
import { chinaTimeWords } from '../../core/china-time';
import { warningsInWords } from '../../core/issue-titles';
import { wordsOf, type Words } from '../../core/words';
import type { Lang } from '../../core/types';
import type { ComplianceAnswer, TotalsRowOut } from './sync-client';

/** What a pull brought back: enough to word the view in either language. */
export interface BureauPull {
  term: string;
  county: string;
  /** The county's row of the totals, when the answer had exactly one. */
  total: TotalsRowOut | null;
  compliance: ComplianceAnswer;
  /** The UTC instant of the pull (ms). */
  pulledAt: number;
}

export interface BureauView {
  heading: string;
  pulled: string;
  total: string | null;
  gapsHeading: string;
  /** One line per school with open warnings or no sync; `code` for the test and the list's key. */
  gaps: { code: string; text: string }[];
}

const W = {
  heading: { zh: '汇总结果', en: 'Totals pulled' },
  pulled: { zh: '学期 {term} · 县区 {county} · 拉取于 {at}', en: 'Term {term} · county {county} · pulled {at}' },
  total: {
    zh: '合计：{schools} 所学校，活动 {activities} 次，考核 {assessed} 人，合格率 {rate}',
    en: 'Total: {schools} {schools|school|schools}, {activities} {activities|activity|activities}, {assessed} assessed, pass rate {rate}',
  },
  noRate: { zh: '—（无人考核）', en: '— (no one assessed)' },
  gaps: { zh: '需关注的学校（{n} 所）：', en: '{n} {n|school needs|schools need} attention:' },
  allClear: { zh: '所有学校均已同步，且没有未解决的警告。', en: 'Every school has synced and none has open warnings.' },
  lastSync: { zh: '最近同步 {at}', en: 'last synced {at}' },
  neverSynced: { zh: '未同步', en: 'not synced' },
  warnings: { zh: '未解决警告 {n} 条：{list}', en: '{n} open {n|warning|warnings}: {list}' },
} as const satisfies Words;

const say = wordsOf(W);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** A school as the pane names it: 国河中心小学（GH01）, 国河中心小学 (GH01). */
const named = (name: string, code: string, lang: Lang) =>
  name && name !== code ? (lang === 'zh' ? `${name}（${code}）` : `${name} (${code})`) : code;

export function bureauView(pull: BureauPull, lang: Lang): BureauView {
  const gaps = pull.compliance.schools
    .filter((s) => !s.synced || s.open > 0)
    .map((s) => {
      const parts = [named(s.name, s.code, lang)];
      const at = chinaTimeWords(s.last_sync_at, lang);
      parts.push(s.synced && at ? say('lastSync', lang, { at }) : say('neverSynced', lang));
      if (s.open > 0) parts.push(say('warnings', lang, { n: s.open, list: warningsInWords(s.warnings, lang) }));
      return { code: s.code, text: parts.join(' · ') };
    });
  const t = pull.total;
  const rate = t ? percent(t.pass_rate) : null;
  return {
    heading: say('heading', lang),
    pulled: say('pulled', lang, { term: pull.term, county: pull.county, at: chinaTimeWords(pull.pulledAt, lang) ?? '' }),
    total: t
      ? say('total', lang, {
          schools: num(t.schools),
          activities: num(t.activities),
          assessed: num(t.assessed),
          rate: rate === null ? say('noRate', lang) : `${rate}%`,
        })
      : null,
    gapsHeading: gaps.length ? say('gaps', lang, { n: gaps.length }) : say('allClear', lang),
    gaps,
  };
}
