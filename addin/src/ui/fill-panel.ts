/**
 * The Fill panel: new workbook from the template, compute Assessment and Summary with ids, the term
 * plan, and mentor suggestions the person accepts or drops one by one. Every fill is a FillResult
 * from core/fill; the port writes it as one undo step where the host can.
 */
import { checkWorkbook } from '../../../core/check';
import { fillAccepted, fillAll, planTerm, suggestionPair, suggestionWhy, suggestMentors } from '../../../core/fill';
import type { PairingSuggestion } from '../../../core/fill/types';
import { readWorkbook } from '../../../core/read';
import { reportModel } from '../../../core/report/model';
import type { Issue, Lang } from '../../../core/types';
import { refusedView } from './fill-notes';
import { summaryParams } from './issues';
import type { CellRef } from '../port';
import { t } from '../i18n';
import { clear, h } from './dom';
import { withPort, type PaneHost } from './host';

export class FillPanel {
  private suggestions: PairingSuggestion[] = [];
  private accepted = new Set<number>();
  private refusedEl: HTMLElement = h('div');
  private skippedEl: HTMLElement = h('div');
  private suggestEl: HTMLElement = h('div');
  private refused: Issue[] = [];
  private refusedLang: Lang | null = null;
  private skipped: CellRef[] = [];

  constructor(private readonly app: PaneHost) {}

  render(): HTMLElement {
    const t = (k: Parameters<PaneHost['t']>[0]) => this.app.t(k);
    this.refusedEl = h('div', { id: 'refused' });
    this.skippedEl = h('div', { id: 'skipped' });
    this.suggestEl = h('div', { id: 'suggestions' });
    const panel = h(
      'section',
      { class: 'panel', id: 'fill-panel' },
      h('h2', {}, t('fill')),
      h(
        'div',
        { class: 'col' },
        h('fluent-button', { id: 'new-workbook', onclick: () => this.newWorkbook() }, t('newWorkbook')),
        h('fluent-button', { id: 'fill-all', onclick: () => this.fillComputed() }, t('fillAll')),
        h('fluent-button', { id: 'plan-term', onclick: () => this.planTerm() }, t('planTerm')),
        h('fluent-button', { id: 'suggest', onclick: () => this.suggest() }, t('suggest')),
        h('fluent-button', { id: 'term-report', onclick: () => this.termReport() }, this.app.lang === 'zh' ? '学期报告' : 'Term report'),
      ),
      this.suggestEl,
      this.refusedEl,
      this.skippedEl,
    );
    this.renderSuggestions();
    this.showRefused(this.refused);
    this.showSkipped(this.skipped);
    return panel;
  }

  /** Cells a person typed into between the fill's read and its write: kept as typed, listed by sheet and cell. */
  showSkipped(cells: CellRef[]): void {
    this.skipped = cells;
    clear(this.skippedEl);
    if (cells.length === 0) return;
    this.skippedEl.append(
      h('p', {}, this.app.t('skippedTyped', { n: cells.length })),
      h('ul', {}, ...cells.map((c) => h('li', { class: 'refused skipped' }, `${c.sheetName}!${c.cell}`))),
    );
  }

  /** What the last fill did not write, and why; `workbookLang` names the sheets as the workbook does. */
  showRefused(refused: Issue[], workbookLang: Lang = this.refusedLang ?? this.app.lang): void {
    this.refused = refused;
    this.refusedLang = workbookLang;
    clear(this.refusedEl);
    const view = refusedView(refused, this.app.lang, workbookLang);
    if (!view) return;
    this.refusedEl.append(h('p', {}, view.heading), h('ul', {}, ...view.items.map((text) => h('li', { class: 'refused' }, text))));
  }

  private async newWorkbook(): Promise<void> {
    await this.app.guard(async () => {
      const app = this.app;
      if (app.opts.mode === 'file') {
        if (!app.opts.newFromTemplate) return;
        const open = app.port as { fileName?: string; unsaved?: number } | null;
        const unsaved = open?.unsaved ?? 0;
        if (open && unsaved > 0) {
          // Asked in the words of the workbook that would be lost.
          const text = t(app.workbookLang(), 'replaceUnsaved', { name: open.fileName ?? '', n: unsaved });
          // Asked in the pane: Excel refuses window.confirm, and Office.js replaces it with one that throws.
          const ask =
            app.opts.confirm ?? ((q: string) => app.askInPane(q, t(app.workbookLang(), 'askYes'), t(app.workbookLang(), 'askNo')));
          if (!(await ask(text))) {
            app.status('newWorkbookKept', { name: open.fileName ?? '' });
            return;
          }
        }
        app.port = await app.opts.newFromTemplate(app.lang);
        const name = (app.port as { fileName?: string }).fileName ?? null;
        app.resetForNewFile();
        app.setFileName(name);
        const marks = await app.runCheck();
        app.status('newWorkbookMade', { name: name ?? '' }, [{ key: 'summary', params: summaryParams(app.last?.issues ?? []) }, marks]);
        return;
      }
      const port = app.needPort();
      if (!port) return;
      const template = (port as { createTemplate?: (lang: typeof app.lang) => Promise<boolean> }).createTemplate;
      if (!template) return;
      const ok = await template.call(port, app.lang);
      if (!ok) app.status('notEmpty');
      else await app.runCheck();
    });
  }

  private async fillComputed(): Promise<void> {
    await withPort(this.app, async (port) => {
      const input = await port.readSheets();
      const fill = fillAll(input, { today: this.app.opts.today, plan: false, match: false });
      await this.app.applyFill(fill);
    });
  }

  private async planTerm(): Promise<void> {
    await withPort(this.app, async (port) => {
      const read = readWorkbook(await port.readSheets());
      await this.app.applyFill(planTerm(read, { today: this.app.opts.today }));
    });
  }

  private async suggest(): Promise<void> {
    await withPort(this.app, async (port) => {
      const read = readWorkbook(await port.readSheets());
      this.suggestions = suggestMentors(read);
      this.accepted = new Set(this.suggestions.map((_, i) => i));
      this.renderSuggestions();
      if (this.suggestions.length === 0) this.app.status('noSuggestions');
      else this.app.status('suggested', { n: this.suggestions.length });
    });
  }

  /** The term report of the workbook as it stands, downloaded as a .docx (built in the browser). */
  private async termReport(): Promise<void> {
    await withPort(this.app, async (port) => {
      const { read, issues } = checkWorkbook(await port.readSheets(), { today: this.app.opts.today });
      const { downloadReport } = await import('../report-download');
      // In the workbook's language (as `jiedui report`), whatever the pane's.
      await downloadReport(reportModel(read, issues, { today: this.app.opts.today, lang: read.lang }));
    });
  }

  private renderSuggestions(): void {
    clear(this.suggestEl);
    if (this.suggestions.length === 0) return;
    this.suggestEl.append(
      h(
        'ul',
        { class: 'suggestions' },
        ...this.suggestions.map((s, i) =>
          h(
            'li',
            {},
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                class: 'accept',
                checked: this.accepted.has(i),
                onchange: (e: Event) => {
                  if ((e.target as HTMLInputElement).checked) this.accepted.add(i);
                  else this.accepted.delete(i);
                },
              }),
              h('span', { class: 'pair' }, suggestionPair(s, this.app.lang)),
            ),
            h('p', { class: 'why hint' }, suggestionWhy(s, this.app.lang)),
          ),
        ),
      ),
      h(
        'fluent-button',
        { id: 'apply-suggestions', appearance: 'primary', onclick: () => this.applySuggestions() },
        this.app.t('applySuggestions'),
      ),
    );
  }

  private async applySuggestions(): Promise<void> {
    await withPort(this.app, async (port) => {
      const input = await port.readSheets();
      const chosen = this.suggestions.filter((_, i) => this.accepted.has(i));
      this.suggestions = [];
      this.renderSuggestions();
      if (chosen.length === 0) {
        this.app.status('noneAccepted');
        return;
      }
      // The Summary and Assessment worked out again over the new pairs, as `jiedui fill --match` does.
      await this.app.applyFill(fillAccepted(input, chosen, { today: this.app.opts.today }));
    });
  }
}
