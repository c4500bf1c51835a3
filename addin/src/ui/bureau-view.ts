/** Draws the pane's bureau view (the words are addin/src/bureau-words.ts's). */
import { bureauView, type BureauPull } from '../bureau-words';
import type { Lang } from '../../../core/types';
import { h } from './dom';

export function bureauViewElement(pull: BureauPull | null, lang: Lang): HTMLElement {
  if (!pull) return h('div', { id: 'bureau-view', hidden: true });
  const v = bureauView(pull, lang);
  return h(
    'div',
    { id: 'bureau-view' },
    h('h3', {}, v.heading),
    h('p', { id: 'bureau-pulled', class: 'hint' }, v.pulled),
    v.total ? h('p', { id: 'bureau-total' }, v.total) : null,
    h('p', { id: 'bureau-gaps-heading' }, v.gapsHeading),
    v.gaps.length ? h('ul', { id: 'bureau-gaps' }, ...v.gaps.map((g) => h('li', { 'data-school': g.code }, g.text))) : null,
  );
}
