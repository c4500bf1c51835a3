/**
 * The task pane: Check, Fill, Sync and Settings panels over a WorkbookPort. The same code runs
 * inside Excel (OfficePort) and in a plain browser (file mode, FilePort). The panels see it as a
 * PaneHost (ui/host.ts); the issue list is ui/issue-list.ts.
 */
import { checkWorkbook } from '../../../core/check';
import type { WorkbookRead } from '../../../core/read';
import type { Issue, Lang } from '../../../core/types';
import { t, type StringKey } from '../i18n';
import type { FillWrites, WorkbookPort } from '../port';
import { clear, h } from './dom';
import type { AppOptions, PaneHost, StatusExtra, StatusParams } from './host';
import { IssueList } from './issue-list';
import { countBySeverity, marksFor } from './issues';
import { FillPanel } from './fill-panel';
import { SyncPanel } from './sync-panel';
import { ReportPanel } from './report-panel';

export type { AppOptions, StatusExtra } from './host';

export class App implements PaneHost {
  lang: Lang;
  port: WorkbookPort | null;
  last: { read: WorkbookRead; issues: Issue[] } | null = null;
  statusEl!: HTMLElement;
  /** Where the pane asks yes or no (askInPane). */
  askEl!: HTMLElement;
  private readonly list = new IssueList((i) => void this.selectIssue(i));
  private markCountEl!: HTMLElement;
  /** Cells marked now (0 after Clear marks), shown under the list so Clear marks visibly does something. */
  private marked = 0;
  /** What the open file has been through since it was opened: names the download. */
  private copyKind: 'checked' | 'filled' | null = null;
  private fillPanel: FillPanel;
  readonly syncPanel: SyncPanel;
  readonly reportPanel: ReportPanel;
  /** The open file's name in file mode, shown in the file panel whatever the language. */
  private fileName: string | null = null;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  /** An edit came while another action ran: check once it ends. */
  private recheckPending = false;
  private statusKey: { key: StringKey; params?: StatusParams; extra?: StatusExtra | (StatusExtra | undefined)[]; tone?: 'error' } | null =
    null;

  constructor(readonly opts: AppOptions) {
    this.lang = opts.lang;
    this.port = opts.port;
    this.fillPanel = new FillPanel(this);
    this.syncPanel = new SyncPanel(this);
    this.reportPanel = new ReportPanel(this);
    this.render();
    if (this.port?.watchEdits) void this.port.watchEdits(() => this.scheduleRecheck());
  }

  t(key: StringKey, params?: StatusParams): string {
    return t(this.lang, key, params);
  }

  /** File mode's panel: open a workbook, what is open, download (with marks if asked). */
  private filePanel(): HTMLElement {
    return h(
      'section',
      { class: 'panel', id: 'file-panel' },
      h(
        'label',
        { class: 'file', id: 'file-label' },
        this.t('openFile'),
        h('input', {
          id: 'file-input',
          type: 'file',
          accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          onchange: (e: Event) => this.onFile(e),
          // Emptied as the chooser opens, so that choosing the same file again (after a new
          // workbook, say) opens it again; till then it names the file open.
          onclick: (e: Event) => ((e.target as HTMLInputElement).value = ''),
        }),
      ),
      // The browser's own "No file chosen" next to a new input would contradict the open
      // workbook after a re-render (language switch): say in the pane's words what is open.
      h('p', { id: 'file-name', class: 'hint' }, this.fileName ? this.t('fileOpen', { name: this.fileName }) : this.t('noFileYet')),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'download', onclick: () => this.onDownload() }, this.t('download')),
        h('label', { class: 'hint' }, h('input', { id: 'download-marks', type: 'checkbox' }), ' ', this.t('downloadWithMarks')),
      ),
      h('p', { class: 'hint' }, this.t('marksNote')),
    );
  }

  /** Check and Clear marks, the issue list and the marks count. */
  private checkPanel(): HTMLElement {
    return h(
      'section',
      { class: 'panel', id: 'check-panel' },
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'check', appearance: 'primary', onclick: () => this.check() }, this.t('check')),
        h('fluent-button', { id: 'clear-marks', onclick: () => this.clearMarks() }, this.t('clearMarks')),
      ),
      // Only Excel tells the pane of an edit; a file in the browser is not edited but by the pane.
      this.opts.mode === 'office' ? h('p', { class: 'hint', id: 'recheck-hint' }, this.t('recheckHint')) : null,
      ...this.list.elements(),
      (this.markCountEl = h('p', { id: 'marks-count', class: 'hint' })),
      this.list.list(),
    );
  }

  /** Settings: server, token, Save and Test connection. */
  private settingsPanel(s: { serverUrl: string; token: string }): HTMLElement {
    return h(
      'details',
      { class: 'panel', id: 'settings-panel' },
      h('summary', {}, this.t('settings')),
      h(
        'label',
        {},
        this.t('serverUrl'),
        h('input', { id: 'server-url', type: 'url', value: s.serverUrl, placeholder: 'http://127.0.0.1:8787' }),
      ),
      h('label', {}, this.t('token'), h('input', { id: 'token', type: 'password', value: s.token, autocomplete: 'off' })),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'save-settings', onclick: () => void this.syncPanel.sync.saved(this.saveSettings()) }, this.t('save')),
        ...this.syncPanel.renderConnection(),
      ),
    );
  }

  /** Re-renders everything in the chosen language, keeping the last check's results. */
  render(): void {
    const root = this.opts.root;
    // A render after Test connection or a language switch keeps open what the person opened.
    const settingsOpen = root.querySelector<HTMLDetailsElement>('#settings-panel')?.open ?? false;
    clear(root);
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = this.t('title');
    const s = this.opts.settings.load();
    root.append(
      h(
        'header',
        { class: 'bar' },
        h('h1', {}, this.t('title')),
        h('fluent-button', { id: 'lang', appearance: 'subtle', size: 'small', onclick: () => this.switchLang() }, this.t('language')),
      ),
      h('p', { id: 'mode', class: 'mode' }, this.t(this.opts.mode === 'office' ? 'officeMode' : 'fileMode')),
      // What this Excel cannot do and what still works (office-limits.ts): one line, or none.
      ...(this.opts.hostLimits?.(this.lang) ? [h('p', { id: 'host-limits', class: 'hint' }, this.opts.hostLimits(this.lang)!)] : []),
      // Right under the title: what just happened is the first thing a person looks for.
      (this.statusEl = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' })),
      (this.askEl = h('div', { id: 'ask', class: 'ask', role: 'alertdialog', hidden: true })),
      ...(this.opts.mode === 'file' ? [this.filePanel()] : []),
      this.checkPanel(),
      this.fillPanel.render(),
      ...this.syncPanel.render(),
      this.reportPanel.render(),
      this.settingsPanel(s),
    );
    root.querySelector<HTMLDetailsElement>('#settings-panel')!.open = settingsOpen;
    if (this.statusKey) this.status(this.statusKey.key, this.statusKey.params, this.statusKey.extra, this.statusKey.tone);
    if (this.last) this.renderIssues(this.allIssues());
  }

  /** The check's issues and the last sync's (rejected rows, conflicts). */
  allIssues(): Issue[] {
    return [...(this.last?.issues ?? []), ...this.syncPanel.issues];
  }

  /**
   * Lists and marks the check's and the sync's issues together. The list is the answer; marks
   * only help find the cells, so a sheet that cannot be marked (protected, or Excel refusing)
   * is said as an addition to the answer, never instead of it.
   */
  async showIssues(): Promise<StatusExtra | undefined> {
    const all = this.allIssues();
    this.renderIssues(all);
    if (!this.port) return undefined;
    try {
      const marks = marksFor(all, this.lang);
      const { notMarked } = await this.port.setMarks(marks);
      this.showMarked(new Set(marks.map((m) => `${m.sheetName}!${m.cell}`)).size);
      return notMarked.length ? { key: 'marksProtected', params: { sheets: notMarked.join(this.lang === 'zh' ? '、' : ', ') } } : undefined;
    } catch (e) {
      console.error(e);
      return { key: 'marksFailed', params: { message: (e as Error)?.message ?? String(e) } };
    }
  }

  async blankWorkbook(): Promise<WorkbookPort | null> {
    if (!this.opts.newBlank) return this.needPort();
    this.port = await this.opts.newBlank(this.lang === 'zh' ? '汇总.xlsx' : 'totals.xlsx');
    this.fileName = (this.port as { fileName?: string }).fileName ?? null;
    return this.port;
  }

  switchLang(): void {
    this.lang = this.lang === 'zh' ? 'en' : 'zh';
    this.opts.onLangChange?.(this.lang);
    this.render();
  }

  /**
   * Shows a status; kept as keys, so that a language switch shows it again in the other language.
   * `error` draws it as an error (and says it at once to a screen reader).
   */
  status(key: StringKey, params?: StatusParams, extra?: StatusExtra | (StatusExtra | undefined)[], tone?: 'error'): void {
    this.statusKey = { key, params, extra, tone };
    const words = (e: StatusExtra | undefined) => (e === undefined ? '' : typeof e === 'string' ? e : this.t(e.key, e.params));
    const more = (Array.isArray(extra) ? extra : [extra])
      .map(words)
      .filter((x) => x !== '')
      .join(' ');
    this.statusEl.textContent = this.t(key, params) + (more ? ` ${more}` : '');
    this.statusEl.classList.toggle('error', tone === 'error');
    this.statusEl.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  }

  statusKeyNow(): StringKey | null {
    return this.statusKey?.key ?? null;
  }

  needPort(): WorkbookPort | null {
    if (!this.port) this.status('noFile');
    return this.port;
  }

  /**
   * Runs one action at a time and turns any failure into a message instead of a dead pane. What
   * the last fill left undone is said until the next action (`keepNotes`: a recheck after an edit,
   * or a click on an issue, is not one).
   */
  async guard(fn: () => Promise<void>, opts: { keepNotes?: boolean } = {}): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    document.body.classList.add('busy');
    if (!opts.keepNotes) {
      this.clearFillNotes();
      this.syncPanel.sync.actionStarted();
    }
    try {
      await fn();
    } catch (e) {
      console.error(e);
      this.status('failed', { message: (e as Error).message ?? String(e) }, undefined, 'error');
    } finally {
      this.busy = false;
      document.body.classList.remove('busy');
      if (this.recheckPending) {
        this.recheckPending = false;
        this.scheduleRecheck();
      }
    }
  }

  async check(opts: { keepNotes?: boolean } = {}): Promise<void> {
    await this.guard(async () => {
      await this.runCheck();
    }, opts);
  }

  /** Clears the Fill panel's refusals and skipped cells: they were about the fill before. */
  clearFillNotes(): void {
    this.fillPanel.showRefused([]);
    this.fillPanel.showSkipped([]);
  }

  /** The open workbook's language once read (its sheet names), else the pane's. */
  workbookLang(): Lang {
    return this.last?.read.lang ?? this.lang;
  }

  /** The open file's name, and the label that shows it (file mode). */
  setFileName(name: string | null): void {
    this.fileName = name;
    const label = document.getElementById('file-name');
    if (label) label.textContent = name ? this.t('fileOpen', { name }) : this.t('noFileYet');
  }

  /**
   * Asks yes or no inside the pane (`#ask`): Excel does not support window.confirm, and Office.js,
   * loaded outside Office too, replaces it with a function that throws.
   */
  askInPane(question: string, yes: string, no: string): Promise<boolean> {
    return new Promise((done) => {
      const box = this.askEl;
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

  /** File mode: forget the open workbook's results when another replaces it. */
  resetForNewFile(): void {
    this.last = null;
    this.copyKind = null;
    this.markCountEl.textContent = '';
    this.syncPanel.sync.reset();
    this.list.reset();
  }

  /** Checks and marks; returns what the marks could not do (said after the answer), if anything. */
  async runCheck(): Promise<StatusExtra | undefined> {
    const port = this.needPort();
    if (!port) return undefined;
    this.status('checking');
    const input = await port.readSheets();
    const result = checkWorkbook(input, { today: this.opts.today });
    this.last = result;
    if (this.copyKind === null) this.copyKind = 'checked';
    const marks = await this.showIssues();
    const c = countBySeverity(result.issues);
    if (result.issues.length === 0) this.status('noIssues', undefined, marks);
    else this.status('summary', { errors: c.error, warnings: c.warning, infos: c.info }, marks);
    return marks;
  }

  /** After a person's edit: a check a moment later, or once the action under way ends. */
  scheduleRecheck(): void {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      if (this.busy) this.recheckPending = true;
      else void this.check({ keepNotes: true });
    }, 1200);
  }

  renderIssues(issues: Issue[]): void {
    this.list.render(issues, this.lang);
  }

  async selectIssue(i: Issue): Promise<void> {
    if (!i.cell || !i.sheetName) return;
    await this.selectCell(i.sheetName, i.cell);
  }

  /** Selects the cell in the workbook, and in file mode shows its row under the list. */
  async selectCell(sheetName: string, cell: string): Promise<void> {
    if (!this.port) return;
    await this.guard(
      async () => {
        await this.port!.select(sheetName, cell);
        this.list.selected(sheetName, cell);
        if (this.opts.rowAround) this.list.showRow(await this.opts.rowAround(this.port!, sheetName, cell));
      },
      { keepNotes: true },
    );
  }

  private showMarked(n: number): void {
    this.marked = n;
    if (this.markCountEl) this.markCountEl.textContent = this.t('marksCount', { n });
  }

  async clearMarks(): Promise<void> {
    await this.guard(async () => {
      const port = this.needPort();
      if (!port) return;
      await port.clearMarks();
      this.showMarked(0);
      this.list.unmarkRow();
      this.status('marksCleared');
    });
  }

  /** Saves the address and token typed in Settings; true when either changed (its role is then learnt again). */
  saveSettings(): boolean {
    const serverUrl = (document.getElementById('server-url') as HTMLInputElement).value;
    const token = (document.getElementById('token') as HTMLInputElement).value;
    const before = this.opts.settings.load();
    const changed = before.token !== token.trim() || before.serverUrl !== serverUrl.trim().replace(/(?<!\/)\/+$/, '');
    // Another token may have another role: learn it again (on saving, Test connection or the next sync).
    if (changed) this.opts.settings.saveRole('');
    this.opts.settings.save({ serverUrl, token });
    this.status('saved');
    return changed;
  }

  async sync(): Promise<void> {
    await this.syncPanel.sync.sync();
  }

  async onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !this.opts.openFile) return;
    await this.guard(async () => {
      this.port = await this.opts.openFile!(file);
      this.resetForNewFile();
      this.setFileName(file.name);
      this.status('loaded', { name: file.name });
    });
  }

  async onDownload(): Promise<void> {
    await this.guard(async () => {
      const port = this.needPort();
      if (!port || !this.opts.download) return;
      const marks = (document.getElementById('download-marks') as HTMLInputElement | null)?.checked ?? false;
      await this.opts.download(port, { marks, kind: this.copyKind, lang: this.lang });
    });
  }

  /** Applies a fill and reports it: cells written, one-undo or not, and what it left alone. */
  async applyFill(fill: FillWrites): Promise<void> {
    const port = this.needPort();
    if (!port) return;
    const outcome = await port.applyWrites(fill);
    this.copyKind = 'filled';
    const undo: StatusExtra | undefined = port.kind === 'office' ? { key: outcome.undoGrouped ? 'undoOne' : 'undoNo' } : undefined;
    const refused = fill.refused ?? [];
    this.status('filled', { n: outcome.cellsWritten }, undo);
    // Cells typed into while the fill was worked out: said apart from `refused`, by sheet and cell.
    this.fillPanel.showSkipped(outcome.skipped ?? []);
    const marks = await this.runCheck();
    // After the check: it read the workbook, whose language names the sheets in the refusals.
    this.fillPanel.showRefused(refused, this.workbookLang());
    this.status('filled', { n: outcome.cellsWritten }, [undo, marks]);
  }
}
