/**
 * A mentor suggestion in words: who (mentor → mentee, by name and id) and why, from its structured
 * reasons, in Chinese or English. The pane and the command line both show it this way round.
 */
import { enumLabel } from '../template';
import type { Lang } from '../types';
import type { PairingSuggestion, SuggestionReason } from './types';

/** `王（T1）` / `Wang (T1)`; the id alone without a name. */
function personLabel(id: string, name: string | null, lang: Lang): string {
  if (!name || name === id) return id;
  return lang === 'zh' ? `${name}（${id}）` : `${name} (${id})`;
}

/** `王（T1）→ 赵（N1）`: the mentor first, as Pairings and the command line write the pair. */
export function suggestionPair(s: PairingSuggestion, lang: Lang): string {
  return `${personLabel(s.mentorId, s.mentorName, lang)} → ${personLabel(s.menteeId, s.menteeName, lang)}`;
}

const subject = (v: string | null, lang: Lang) => (v === null ? (lang === 'zh' ? '未填' : 'not given') : enumLabel('subject', v, lang));
const level = (v: string, lang: Lang) => enumLabel('backbone', v, lang);

/** One reason as a phrase. */
export function reasonText(r: SuggestionReason, lang: Lang): string {
  const zh = lang === 'zh';
  switch (r.kind) {
    case 'same_subject':
      return zh ? `同学科（${subject(r.subject, lang)}）` : `same subject (${subject(r.subject, lang)})`;
    case 'other_subject':
      return zh
        ? `学科不同（导师${subject(r.mentorSubject, lang)}，徒弟${subject(r.menteeSubject, lang)}）`
        : `different subject (mentor ${subject(r.mentorSubject, lang)}, mentee ${subject(r.menteeSubject, lang)})`;
    case 'load':
      return zh ? `导师带徒 ${r.load}/${r.max} 人（含本次推荐）` : `mentor's load ${r.load} of ${r.max} (with these suggestions)`;
    case 'cross_school':
      return zh ? `跨校（${r.mentorSchool} → ${r.menteeSchool}）` : `cross-school (${r.mentorSchool} → ${r.menteeSchool})`;
    case 'same_school':
      return zh ? `同校${r.school ? `（${r.school}）` : ''}` : `same school${r.school ? ` (${r.school})` : ''}`;
    case 'eligible':
      switch (r.by) {
        case 'senior_title':
          return zh ? '高级职称' : 'senior title';
        case 'backbone':
          return zh ? `${level(r.level, lang)}骨干教师` : `${level(r.level, lang).toLowerCase()}-level backbone teacher`;
        case 'academic_leader':
          return zh ? `${level(r.level, lang)}学科带头人` : `${level(r.level, lang).toLowerCase()}-level academic leader`;
        case 'secondary_volunteer':
          return zh ? '中级职称且自愿担任' : 'secondary title and volunteering';
      }
  }
}

/** Why, as one sentence: the facts of the pair, then what makes the mentor eligible. */
export function suggestionWhy(s: PairingSuggestion, lang: Lang): string {
  const zh = lang === 'zh';
  const facts = s.reasons.filter((r) => r.kind !== 'eligible').map((r) => reasonText(r, lang));
  const eligible = s.reasons.filter((r) => r.kind === 'eligible').map((r) => reasonText(r, lang));
  const parts = [...facts];
  if (eligible.length > 0) parts.push((zh ? '可任导师：' : 'eligible as mentor: ') + eligible.join(zh ? '、' : ', '));
  return parts.join(zh ? '；' : '; ');
}

/** `王（T1）→ 赵（N1）：同学科（语文）；…` — the pair and why, as the pane and the command line show it. */
export function suggestionSentence(s: PairingSuggestion, lang: Lang): string {
  return `${suggestionPair(s, lang)}${lang === 'zh' ? '：' : ': '}${suggestionWhy(s, lang)}`;
}
