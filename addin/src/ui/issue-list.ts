/**
 * The Check panel's list: issues grouped by sheet, each a button that selects its cell (an issue
 * without a cell is drawn alike, not greyed), the cell selected, and in file mode the row around it.
 */
import { formatIssue } from '../../../core/messages';
import type { Issue, Lang } from '../../../core/types';
import type { RowView } from '../file-mode';
import { t } from '../i18n';
import { clear, h } from './dom';
import { groupIssues } from './issues';

export class IssueList {
  listEl: HTMLElement = h('div');
  private selectedEl: HTMLElement = h('p');
  private rowViewEl: HTMLElement = h('div');

  constructor(private readonly onSelect: (i: Issue) => void) {}

  /** Fresh elements for a render of the pane: the selected cell's line and the row view, empty. */
  elements(): HTMLElement[] {
    this.selectedEl = h('p', { id: 'selected', class: 'selected' });
    this.rowViewEl = h('div', { id: 'row-view' });
    return [this.selectedEl, this.rowViewEl];
  }

  /** A fresh list element for a render of the pane. */
  list(): HTMLElement {
    return (this.listEl = h('div', { id: 'issues' }));
  }

  /** Clear marks: the row view's bad cell no longer marked. */
  unmarkRow(): void {
    this.rowViewEl.querySelector('td.bad')?.classList.remove('bad');
  }

  render(issues: Issue[], lang: Lang): void {
    clear(this.listEl);
    for (const g of groupIssues(issues, lang)) {
      const counts = (['error', 'warning', 'info'] as const)
        .filter((s) => g.counts[s] > 0)
        .map((s) => h('span', { class: `count ${s}` }, `${t(lang, s)} ${g.counts[s]}`));
      this.listEl.append(
        h(
          'details',
          { class: 'group', open: true, 'data-sheet': g.title },
          h('summary', {}, h('span', { class: 'sheet' }, g.title), ...counts),
          h('ul', {}, ...g.issues.map((i) => this.item(i, lang))),
        ),
      );
    }
  }

  private item(i: Issue, lang: Lang): HTMLElement {
    return h(
      'li',
      {},
      h(
        'button',
        {
          class: `issue ${i.severity}`,
          type: 'button',
          'data-code': i.code,
          'data-cell': i.cell ?? '',
          'data-sheet': i.sheetName ?? '',
          // Nothing to select, but the issue is as real as any other: drawn alike, not greyed as disabled.
          'aria-disabled': i.cell && i.sheetName ? undefined : 'true',
          onclick: () => this.onSelect(i),
        },
        h('span', { class: 'sev' }, t(lang, i.severity)),
        i.cell ? h('span', { class: 'cell' }, i.cell) : null,
        h('span', { class: 'msg' }, formatIssue(i, lang)),
      ),
    );
  }

  selected(sheetName: string, cell: string): void {
    this.selectedEl.textContent = `${sheetName}!${cell}`;
  }

  /** A small grid: the sheet's header and the issue's row, the bad cell highlighted (file mode). */
  showRow(v: RowView | null): void {
    clear(this.rowViewEl);
    if (!v) return;
    const cell = (tag: 'th' | 'td', text: string, i: number) => h(tag, i === v.at ? { class: tag === 'td' ? 'bad' : 'at' } : {}, text);
    this.rowViewEl.append(
      h(
        'table',
        { class: 'row-view', 'data-sheet': v.sheetName, 'data-row': String(v.row) },
        h('tr', {}, h('th', {}, ''), ...v.cols.map((c, i) => cell('th', c, i))),
        h('tr', {}, h('th', {}, String(v.headRow)), ...v.header.map((x, i) => cell('th', x, i))),
        h('tr', {}, h('th', {}, String(v.row)), ...v.cells.map((x, i) => cell('td', x, i))),
      ),
    );
  }

  /** Forget the open workbook's list (another file replaces it). */
  reset(): void {
    clear(this.listEl);
    clear(this.rowViewEl);
    this.selectedEl.textContent = '';
  }
}
