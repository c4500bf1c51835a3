/**
 * Asks yes or no inside the pane (`#ask`): Excel does not support window.confirm, and Office.js,
 * loaded outside Office too, replaces it with a function that throws.
 */
import { clear, h } from './dom';

export class AskBox {
  private el: HTMLElement = h('div');

  /** A fresh, hidden box for a render of the pane. */
  render(): HTMLElement {
    return (this.el = h('div', { id: 'ask', class: 'ask', role: 'alertdialog', hidden: true }));
  }

  ask(question: string, yes: string, no: string): Promise<boolean> {
    return new Promise((done) => {
      const box = this.el;
      const answer = (v: boolean) => {
        clear(box);
        box.hidden = true;
        done(v);
      };
      clear(box);
      box.append(
        h('p', { id: 'ask-text' }, question),
        h('fluent-button', { id: 'ask-yes', appearance: 'primary', onclick: () => answer(true) }, yes),
        h('fluent-button', { id: 'ask-no', onclick: () => answer(false) }, no),
      );
      box.hidden = false;
    });
  }
}
