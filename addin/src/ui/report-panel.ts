/**
 * The term report in the pane. A school: its report's state, Submit (after a check with no error),
 * and the bureau's comment with its returned items shown and marked on their cells, as sync
 * conflicts are. A bureau: the review list (state, submitted when, open warnings) with Approve and
 * Return: a comment, and items picked from the school's open issues (each on its row and cell) or
 * typed one a line (`table, id, column, text`).
 */
import { HttpError, type FetchFn } from '../http';
import {
  getReport,
  listReports,
  parseItems,
  pickedReturn,
  returnedIssues,
  reviewReport,
  schoolIssues,
  submitReport,
  type PickableIssue,
  type ReportListRow,
  type ReportStatus,
} from '../report-client';
import { SHEET_BY_KEY, type SheetKey } from '../../../core/template';
import { currentTerm } from '../connection';
import { localRows } from '../sync-client';
import { chinaTimeWords } from '../../../core/china-time';
import { clear, h } from './dom';
import type { PaneHost } from './host';

const WORDS = {
  report: { zh: '学期报告', en: 'Term report' },
  refresh: { zh: '查看报告状态', en: 'Report state' },
  submit: { zh: '提交报告', en: 'Submit report' },
  st_not_submitted: { zh: '未提交', en: 'not submitted' },
  st_submitted: { zh: '已提交，待审核', en: 'submitted, awaiting review' },
  st_returned: { zh: '已退回，请修改后重新提交', en: 'returned: fix and submit again' },
  st_approved: { zh: '已通过（本学期已锁定）', en: 'approved (the term is locked)' },
  state: { zh: '{term} 学期报告：{state}', en: 'Report for {term}: {state}' },
  version: { zh: '（第 {v} 版）', en: ' (version {v})' },
  comment: { zh: '教育局意见：{text}', en: "Bureau's comment: {text}" },
  items: { zh: '退回 {n} 项，已在单元格上标出', en: '{n} item(s) returned, marked on their cells' },
  has_errors: { zh: '工作簿还有 {n} 个错误：请先修改再提交', en: 'The workbook has {n} error(s): fix them before submitting' },
  submitted: { zh: '已提交第 {v} 版', en: 'Submitted version {v}' },
  no_settings: { zh: '请先在设置中填写服务器地址和令牌', en: 'Enter the server address and token in Settings first' },
  review: { zh: '审核学期报告', en: 'Review term reports' },
  load_list: { zh: '刷新审核列表', en: 'Load review list' },
  approve: { zh: '通过', en: 'Approve' },
  return: { zh: '退回', en: 'Return' },
  comment_label: { zh: '意见', en: 'Comment' },
  items_label: { zh: '退回项（每行：表, 编号, 列, 说明）', en: 'Items (one a line: table, id, column, text)' },
  open: { zh: '未解决问题 {n}', en: '{n} open warning(s)' },
  pick: { zh: '从该校问题中选择退回项', en: "Pick items from the school's issues" },
  pick_none: { zh: '该校现在没有未解决的问题', en: 'The school has no open issues now' },
  pick_more: { zh: '另有 {n} 个问题未列出', en: '{n} more issue(s) not listed' },
  whole_sheet: { zh: '整张表', en: 'whole sheet' },
  done: { zh: '{school}：{state}', en: '{school}: {state}' },
  failed: { zh: '服务器拒绝：{message}', en: 'The server refused: {message}' },
} as const;
type Word = keyof typeof WORDS;

export class ReportPanel {
  private noteEl: HTMLElement = h('div');
  private listEl: HTMLElement = h('div');
  private status: ReportStatus | null = null;
  private list: ReportListRow[] = [];
  /** The issues loaded to pick from, by school: a checkbox's `data-k` is its index here. */
  private picks = new Map<string, PickableIssue[]>();

  constructor(private readonly app: PaneHost) {}

  private w(key: Word, params: Record<string, string | number> = {}): string {
    return WORDS[key][this.app.lang].replace(/\{(\w+)\}/g, (all, k: string) => (params[k] === undefined ? all : String(params[k])));
  }

  private get fetchFn(): FetchFn {
    return this.app.opts.fetchFn ?? ((...a) => fetch(...a));
  }

  render(): HTMLElement {
    if (this.app.opts.settings.loadRole() === 'bureau') {
      const panel = h(
        'section',
        { class: 'panel', id: 'review-panel' },
        h('h2', {}, this.w('review')),
        h('fluent-button', { id: 'load-reviews', onclick: () => this.loadList() }, this.w('load_list')),
        (this.noteEl = h('div', { id: 'review-note' })),
        (this.listEl = h('div', { id: 'review-list' })),
      );
      this.renderList();
      return panel;
    }
    const panel = h(
      'section',
      { class: 'panel', id: 'report-panel' },
      h('h2', {}, this.w('report')),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'report-refresh', onclick: () => this.refresh() }, this.w('refresh')),
        h('fluent-button', { id: 'report-submit', onclick: () => this.submit() }, this.w('submit')),
      ),
      (this.noteEl = h('div', { id: 'report-note' })),
    );
    this.renderStatus();
    return panel;
  }

  private say(text: string): void {
    clear(this.noteEl);
    this.noteEl.append(h('p', { id: 'report-message', class: 'hint' }, text));
  }

  private settings(): { serverUrl: string; token: string } | null {
    const s = this.app.opts.settings.load();
    if (!s.serverUrl || !s.token) {
      this.say(this.w('no_settings'));
      return null;
    }
    return s;
  }

  private failed(e: unknown): void {
    if (e instanceof HttpError) this.say(this.w('failed', { message: e.message }));
    else throw e;
  }

  private renderStatus(): void {
    const r = this.status;
    if (!r) return;
    clear(this.noteEl);
    this.noteEl.append(
      h(
        'p',
        { id: 'report-state', 'data-state': r.state },
        this.w('state', { term: r.term, state: this.w(`st_${r.state}`) }) + (r.version ? this.w('version', { v: r.version }) : ''),
      ),
      ...(r.comment ? [h('p', { id: 'report-comment' }, this.w('comment', { text: r.comment }))] : []),
      ...(r.items.length ? [h('p', { id: 'report-items', class: 'hint' }, this.w('items', { n: r.items.length }))] : []),
    );
  }

  /** The school's report state; a returned report's items become issues on their cells. */
  async refresh(): Promise<void> {
    await this.app.guard(async () => {
      const s = this.settings();
      if (s && this.app.needPort()) await this.readState(s);
    });
  }

  private async readState(s: { serverUrl: string; token: string }): Promise<void> {
    await this.app.runCheck();
    const { read, issues } = this.app.last!;
    try {
      this.status = await getReport(s.serverUrl, s.token, read.program.term ?? currentTerm(this.app.opts.today), this.fetchFn);
    } catch (e) {
      this.failed(e);
      return;
    }
    const sync = this.app.syncPanel;
    sync.issues = sync.issues.filter((i) => i.code !== 'sync.report_returned');
    if (this.status.state === 'returned') sync.issues.push(...returnedIssues(read, localRows(read, issues).rows, this.status.items));
    this.renderStatus();
    await this.app.showIssues();
  }

  async submit(): Promise<void> {
    await this.app.guard(async () => {
      const s = this.settings();
      if (!s) return;
      if (!this.app.needPort()) return;
      await this.app.runCheck();
      const { read, issues } = this.app.last!;
      const errors = issues.filter((i) => i.severity === 'error').length;
      if (errors > 0) {
        this.say(this.w('has_errors', { n: errors }));
        return;
      }
      let version: number;
      try {
        version = (await submitReport(s.serverUrl, s.token, read.program.term ?? currentTerm(this.app.opts.today), read.lang, this.fetchFn))
          .version;
      } catch (e) {
        this.failed(e);
        return;
      }
      await this.readState(s);
      this.noteEl.prepend(h('p', { id: 'report-message', class: 'hint' }, this.w('submitted', { v: version })));
    });
  }

  private renderList(): void {
    clear(this.listEl);
    if (this.list.length === 0) return;
    this.listEl.append(
      h(
        'ul',
        { class: 'reviews' },
        ...this.list.map((r) =>
          h(
            'li',
            { class: 'review', 'data-school': r.code, 'data-state': r.state },
            h(
              'p',
              {},
              `${r.name}（${r.code}）：${this.w(`st_${r.state}`)}${r.submitted_at ? ` · ${chinaTimeWords(r.submitted_at, this.app.lang) ?? r.submitted_at}` : ''} · ${this.w('open', { n: r.open_warnings })}`,
            ),
            ...(r.state === 'submitted'
              ? [
                  h('label', {}, this.w('comment_label'), h('input', { type: 'text', class: 'review-comment' })),
                  h('fluent-button', { class: 'pick-issues', onclick: (e: Event) => this.loadPicks(r.code, e) }, this.w('pick')),
                  h('div', { class: 'pick-list' }),
                  h('label', {}, this.w('items_label'), h('textarea', { class: 'review-items', rows: 3 })),
                  h(
                    'div',
                    { class: 'row' },
                    h('fluent-button', { class: 'approve', onclick: (e: Event) => this.review(r.code, 'approve', e) }, this.w('approve')),
                    h('fluent-button', { class: 'return', onclick: (e: Event) => this.review(r.code, 'return', e) }, this.w('return')),
                  ),
                ]
              : []),
          ),
        ),
      ),
    );
  }

  private term(): string {
    const typed = (document.getElementById('totals-term') as HTMLInputElement | null)?.value.trim();
    return typed || this.app.last?.read.program.term || currentTerm(this.app.opts.today);
  }

  async loadList(): Promise<void> {
    await this.app.guard(async () => {
      const s = this.settings();
      if (s) await this.readList(s);
    });
  }

  private async readList(s: { serverUrl: string; token: string }): Promise<boolean> {
    const county = (document.getElementById('totals-county') as HTMLInputElement | null)?.value.trim() || undefined;
    try {
      this.list = (await listReports(s.serverUrl, s.token, { term: this.term(), county }, this.fetchFn)).schools;
    } catch (e) {
      this.failed(e);
      return false;
    }
    clear(this.noteEl);
    this.renderList();
    return true;
  }

  /** Where an issue is, in words: its sheet, its row's id and its column. */
  private where(p: PickableIssue): string {
    const sheet = SHEET_BY_KEY[p.table as SheetKey];
    const lang = this.app.lang;
    const column = p.column ? (sheet?.columns.find((c) => c.key === p.column)?.[lang] ?? p.column) : '';
    return [sheet?.[lang] ?? p.table, p.id ?? this.w('whole_sheet'), column].filter((x) => x).join(' · ');
  }

  /** The school's open issues as checkboxes: each picked one is returned as an item on its row and cell. */
  private async loadPicks(school: string, e: Event): Promise<void> {
    const box = (e.target as HTMLElement).closest('li')!.querySelector<HTMLElement>('.pick-list')!;
    await this.app.guard(async () => {
      const s = this.settings();
      if (!s) return;
      let found: { issues: PickableIssue[]; omitted: number };
      try {
        found = await schoolIssues(s.serverUrl, s.token, this.term(), school, this.app.lang, this.fetchFn);
      } catch (err) {
        this.failed(err);
        return;
      }
      this.picks.set(school, found.issues);
      clear(box);
      if (found.issues.length === 0) box.append(h('p', { class: 'hint' }, this.w('pick_none')));
      box.append(
        ...found.issues.map((p, k) =>
          h(
            'label',
            { class: 'pick' },
            h('input', {
              type: 'checkbox',
              class: 'pick-item',
              'data-k': k,
              'data-table': p.table,
              'data-id': p.id,
              'data-column': p.column,
              'data-code': p.code,
            }),
            ` ${this.where(p)}：${p.text}`,
          ),
        ),
        ...(found.omitted ? [h('p', { class: 'hint' }, this.w('pick_more', { n: found.omitted }))] : []),
      );
    });
  }

  private async review(school: string, step: 'approve' | 'return', e: Event): Promise<void> {
    const li = (e.target as HTMLElement).closest('li')!;
    const typed = li.querySelector<HTMLInputElement>('.review-comment')!.value.trim();
    const loaded = this.picks.get(school) ?? [];
    const picked = [...li.querySelectorAll<HTMLInputElement>('input.pick-item:checked')]
      .map((x) => loaded[Number(x.dataset.k)])
      .filter((x) => x);
    const { comment, items } = pickedReturn(typed, picked, parseItems(li.querySelector<HTMLTextAreaElement>('.review-items')!.value));
    await this.app.guard(async () => {
      const s = this.settings();
      if (!s) return;
      try {
        const r = await reviewReport(
          s.serverUrl,
          s.token,
          this.term(),
          school,
          step,
          step === 'return' ? { comment, items } : typed ? { comment: typed } : {},
          this.fetchFn,
        );
        if (await this.readList(s)) this.say(this.w('done', { school, state: this.w(`st_${r.state}`) }));
      } catch (err) {
        this.failed(err);
      }
    });
  }
}
