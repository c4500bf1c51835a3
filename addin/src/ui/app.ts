/**
 * The task pane: Check, Fill, Sync and Settings panels over a WorkbookPort. The same code runs
 * inside Excel (OfficePort) and in a plain browser (file mode, FilePort). The panels see it as a
 * PaneHost (ui/host.ts); each is its own file (check-panel, file-panel, fill-panel, sync-panel,
 * report-panel, settings-panel), and so are the status line and the yes-or-no box. This holds
 * what they share: the language, the open workbook and its last check, one action at a time.
 */
import { checkWorkbook } from '../../../core/check';
import type { WorkbookRead } from '../../../core/read';
import type { Issue, Lang } from '../../../core/types';
import { t, type StringKey } from '../i18n';
import type { FillWrites, WorkbookPort } from '../port';
import { AskBox } from './ask-box';
import { CheckPanel } from './check-panel';
import { clear, h } from './dom';
import { FilePanel } from './file-panel';
import { FillPanel } from './fill-panel';
import type { AppOptions, PaneHost, StatusExtra, StatusParams } from './host';
import { summaryParams } from './issues';
import { ReportPanel } from './report-panel';
import { SettingsPanel } from './settings-panel';
import { StatusLine } from './status-line';
import { SyncPanel } from './sync-panel';

export type { AppOptions, StatusExtra } from './host';

export class App implements PaneHost {
  lang: Lang;
  port: WorkbookPort | null;
  last: { read: WorkbookRead; issues: Issue[] } | null = null;
  private readonly statusLine = new StatusLine((key, params) => this.t(key, params));
  /** Where the pane asks yes or no (askInPane). */
  private readonly askBox = new AskBox();
  private readonly checkPanel: CheckPanel;
  private readonly filePanel: FilePanel;
  private readonly fillPanel: FillPanel;
  readonly syncPanel: SyncPanel;
  readonly reportPanel: ReportPanel;
  private readonly settingsPanel: SettingsPanel;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  /** An edit came while another action ran: check once it ends. */
  private recheckPending = false;

  constructor(readonly opts: AppOptions) {
    this.lang = opts.lang;
    this.port = opts.port;
    this.checkPanel = new CheckPanel(this, () => this.check());
    this.filePanel = new FilePanel(this);
    this.fillPanel = new FillPanel(this);
    this.syncPanel = new SyncPanel(this);
    this.reportPanel = new ReportPanel(this);
    this.settingsPanel = new SettingsPanel(this, this.syncPanel);
    this.render();
    if (this.port?.watchEdits) void this.port.watchEdits(() => this.scheduleRecheck());
  }

  t(key: StringKey, params?: StatusParams): string {
    return t(this.lang, key, params);
  }

  /** Re-renders everything in the chosen language, keeping the last check's results. */
  render(): void {
    const root = this.opts.root;
    // A render after Test connection or a language switch keeps open what the person opened.
    const settingsOpen = root.querySelector<HTMLDetailsElement>('#settings-panel')?.open ?? false;
    clear(root);
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = this.t('title');
    const limits = this.opts.hostLimits?.(this.lang);
    root.append(
      h(
        'header',
        { class: 'bar' },
        h('h1', {}, this.t('title')),
        h('fluent-button', { id: 'lang', appearance: 'subtle', size: 'small', onclick: () => this.switchLang() }, this.t('language')),
      ),
      h('p', { id: 'mode', class: 'mode' }, this.t(this.opts.mode === 'office' ? 'officeMode' : 'fileMode')),
      // What this Excel cannot do and what still works (office-limits.ts): one line, or none.
      ...(limits ? [h('p', { id: 'host-limits', class: 'hint' }, limits)] : []),
      // Right under the title: what just happened is the first thing a person looks for.
      this.statusLine.render(),
      this.askBox.render(),
      ...(this.opts.mode === 'file' ? [this.filePanel.render()] : []),
      this.checkPanel.render(),
      this.fillPanel.render(),
      ...this.syncPanel.render(),
      this.reportPanel.render(),
      this.settingsPanel.render(),
    );
    root.querySelector<HTMLDetailsElement>('#settings-panel')!.open = settingsOpen;
    this.statusLine.showAgain();
    if (this.last) this.renderIssues(this.allIssues());
  }

  /** The check's issues and the last sync's (rejected rows, conflicts). */
  allIssues(): Issue[] {
    return [...(this.last?.issues ?? []), ...this.syncPanel.issues];
  }

  /**
   * Lists and marks the check's and the sync's issues together. The list is the answer; marks
   * only help find the cells (ui/check-panel.ts).
   */
  showIssues(): Promise<StatusExtra | undefined> {
    return this.checkPanel.show(this.allIssues());
  }

  renderIssues(issues: Issue[]): void {
    this.checkPanel.renderIssues(issues);
  }

  async blankWorkbook(): Promise<WorkbookPort | null> {
    if (!this.opts.newBlank) return this.needPort();
    this.port = await this.opts.newBlank(this.lang === 'zh' ? '汇总.xlsx' : 'totals.xlsx');
    this.filePanel.fileName = (this.port as { fileName?: string }).fileName ?? null;
    return this.port;
  }

  switchLang(): void {
    this.lang = this.lang === 'zh' ? 'en' : 'zh';
    this.opts.onLangChange?.(this.lang);
    this.render();
  }

  /** Shows a status (ui/status-line.ts); `error` draws it as an error. */
  status(key: StringKey, params?: StatusParams, extra?: StatusExtra | (StatusExtra | undefined)[], tone?: 'error'): void {
    this.statusLine.show(key, params, extra, tone);
  }

  statusKeyNow(): StringKey | null {
    return this.statusLine.key();
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
    this.filePanel.setFileName(name);
  }

  askInPane(question: string, yes: string, no: string): Promise<boolean> {
    return this.askBox.ask(question, yes, no);
  }

  /** File mode: forget the open workbook's results when another replaces it. */
  resetForNewFile(): void {
    this.last = null;
    this.filePanel.reset();
    this.checkPanel.reset();
    this.syncPanel.sync.reset();
  }

  /** Checks and marks; returns what the marks could not do (said after the answer), if anything. */
  async runCheck(): Promise<StatusExtra | undefined> {
    const port = this.needPort();
    if (!port) return undefined;
    this.status('checking');
    const input = await port.readSheets();
    const result = checkWorkbook(input, { today: this.opts.today });
    this.last = result;
    this.filePanel.checked();
    const marks = await this.showIssues();
    if (result.issues.length === 0) this.status('noIssues', undefined, marks);
    else this.status('summary', summaryParams(result.issues), marks);
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

  selectCell(sheetName: string, cell: string): Promise<void> {
    return this.checkPanel.selectCell(sheetName, cell);
  }

  saveSettings(): boolean {
    return this.settingsPanel.save();
  }

  async sync(): Promise<void> {
    await this.syncPanel.sync.sync();
  }

  /** Applies a fill and reports it: cells written, one-undo or not, and what it left alone. */
  async applyFill(fill: FillWrites): Promise<void> {
    const port = this.needPort();
    if (!port) return;
    const outcome = await port.applyWrites(fill);
    this.filePanel.filled();
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
