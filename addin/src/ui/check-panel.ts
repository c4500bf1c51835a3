/**
 * The Check panel: Check and Clear marks, the issue list (ui/issue-list.ts) and the count of the
 * cells marked, so that Clear marks visibly does something. Marks only help find the cells: the
 * list is the answer.
 */
import type { Issue } from '../../../core/types';
import { h } from './dom';
import { withPort, type PaneHost, type StatusExtra } from './host';
import { IssueList } from './issue-list';
import { marksFor } from './issues';

export class CheckPanel {
  private readonly list = new IssueList((i) => void this.selectIssue(i));
  /** How many cells are marked now (0 after Clear marks). */
  private markCountEl: HTMLElement = h('p');

  /** `check`: what the Check button runs (the pane's check, one action at a time). */
  constructor(
    private readonly app: PaneHost,
    private readonly check: () => Promise<void>,
  ) {}

  render(): HTMLElement {
    const app = this.app;
    return h(
      'section',
      { class: 'panel', id: 'check-panel' },
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'check', appearance: 'primary', onclick: () => this.check() }, app.t('check')),
        h('fluent-button', { id: 'clear-marks', onclick: () => this.clearMarks() }, app.t('clearMarks')),
      ),
      // Only Excel tells the pane of an edit; a file in the browser is not edited but by the pane.
      app.opts.mode === 'office' ? h('p', { class: 'hint', id: 'recheck-hint' }, app.t('recheckHint')) : null,
      ...this.list.elements(),
      (this.markCountEl = h('p', { id: 'marks-count', class: 'hint' })),
      this.list.list(),
    );
  }

  renderIssues(issues: Issue[]): void {
    this.list.render(issues, this.app.lang);
  }

  /**
   * Lists and marks `all`. A sheet that cannot be marked (protected, or Excel refusing) is said as
   * an addition to the answer, never instead of it.
   */
  async show(all: Issue[]): Promise<StatusExtra | undefined> {
    this.renderIssues(all);
    const port = this.app.port;
    if (!port) return undefined;
    const lang = this.app.lang;
    try {
      const marks = marksFor(all, lang);
      const { notMarked } = await port.setMarks(marks);
      this.showMarked(new Set(marks.map((m) => `${m.sheetName}!${m.cell}`)).size);
      return notMarked.length ? { key: 'marksProtected', params: { sheets: notMarked.join(lang === 'zh' ? '、' : ', ') } } : undefined;
    } catch (e) {
      console.error(e);
      return { key: 'marksFailed', params: { message: (e as Error)?.message ?? String(e) } };
    }
  }

  /** File mode: another file replaces the open one. */
  reset(): void {
    this.markCountEl.textContent = '';
    this.list.reset();
  }

  /** Selects the cell in the workbook, and in file mode shows its row under the list. */
  async selectCell(sheetName: string, cell: string): Promise<void> {
    const app = this.app;
    if (!app.port) return;
    await app.guard(
      async () => {
        await app.port!.select(sheetName, cell);
        this.list.selected(sheetName, cell);
        if (app.opts.rowAround) this.list.showRow(await app.opts.rowAround(app.port!, sheetName, cell));
      },
      { keepNotes: true },
    );
  }

  private async selectIssue(i: Issue): Promise<void> {
    if (!i.cell || !i.sheetName) return;
    await this.selectCell(i.sheetName, i.cell);
  }

  private showMarked(n: number): void {
    this.markCountEl.textContent = this.app.t('marksCount', { n });
  }

  private async clearMarks(): Promise<void> {
    await withPort(this.app, async (port) => {
      await port.clearMarks();
      this.showMarked(0);
      this.list.unmarkRow();
      this.app.status('marksCleared');
    });
  }
}
