/**
 * The status line under the title: what just happened, the first thing a person looks for. Kept as
 * keys, so that a language switch (a re-render) shows it again in the other language.
 */
import type { StringKey } from '../i18n';
import { h } from './dom';
import type { StatusExtra, StatusParams } from './host';

type Shown = { key: StringKey; params?: StatusParams; extra?: StatusExtra | (StatusExtra | undefined)[]; tone?: 'error' };

export class StatusLine {
  private el: HTMLElement = h('p');
  private shown: Shown | null = null;

  constructor(private readonly t: (key: StringKey, params?: StatusParams) => string) {}

  /** A fresh element for a render of the pane (empty until `showAgain`). */
  render(): HTMLElement {
    return (this.el = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' }));
  }

  /** `error` draws it as an error (and says it at once to a screen reader). */
  show(key: StringKey, params?: StatusParams, extra?: StatusExtra | (StatusExtra | undefined)[], tone?: 'error'): void {
    this.shown = { key, params, extra, tone };
    const words = (e: StatusExtra | undefined) => (e === undefined ? '' : typeof e === 'string' ? e : this.t(e.key, e.params));
    const more = (Array.isArray(extra) ? extra : [extra])
      .map(words)
      .filter((x) => x !== '')
      .join(' ');
    this.el.textContent = this.t(key, params) + (more ? ` ${more}` : '');
    this.el.classList.toggle('error', tone === 'error');
    this.el.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  }

  /** After a render: the last status again, in the pane's language now. */
  showAgain(): void {
    if (this.shown) this.show(this.shown.key, this.shown.params, this.shown.extra, this.shown.tone);
  }

  key(): StringKey | null {
    return this.shown?.key ?? null;
  }
}
