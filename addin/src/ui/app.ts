/**
 * The task pane: Check, Fill, Sync and Settings panels over a WorkbookPort. The same code runs
 * inside Excel (OfficePort) and in a plain browser (file mode, FilePort).
 */
import { checkWorkbook } from '../../../core/check';
import { formatIssue } from '../../../core/messages';
import type { WorkbookRead } from '../../../core/read';
import type { Issue, Lang } from '../../../core/types';
import { t, type StringKey } from '../i18n';
import type { FillWrites, WorkbookPort } from '../port';
import type { SettingsStore } from '../settings';
import { getTotals, mergeVersions, planSync, postSync } from '../sync-client';
import { clear, h } from './dom';
import { countBySeverity, groupIssues, marksFor } from './issues';
import { FillPanel } from './fill-panel';

export interface AppOptions {
  root: HTMLElement;
  lang: Lang;
  settings: SettingsStore;
  /** ISO date the rules compare against (a `?today=` parameter pins it for tests and screenshots). */
  today: string;
  /** Set in Office mode; file mode gets its port when a file is opened. */
  port: WorkbookPort | null;
  mode: 'office' | 'file';
  /** File mode: loads the ExcelJS-backed port on demand. */
  openFile?: (file: File) => Promise<WorkbookPort>;
  newFromTemplate?: (lang: Lang) => Promise<WorkbookPort>;
  download?: (port: WorkbookPort) => Promise<void>;
  onLangChange?: (lang: Lang) => void;
}

export class App {
  lang: Lang;
  port: WorkbookPort | null;
  last: { read: WorkbookRead; issues: Issue[] } | null = null;
  private statusEl!: HTMLElement;
  private issuesEl!: HTMLElement;
  private selectedEl!: HTMLElement;
  private totalsEl!: HTMLElement;
  private fillPanel: FillPanel;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private statusKey: { key: StringKey; params?: Record<string, string | number>; extra?: string } | null = null;

  constructor(readonly opts: AppOptions) {
    this.lang = opts.lang;
    this.port = opts.port;
    this.fillPanel = new FillPanel(this);
    this.render();
    if (this.port?.watchEdits) void this.port.watchEdits(() => this.scheduleRecheck());
  }

  t(key: StringKey, params?: Record<string, string | number>): string {
    return t(this.lang, key, params);
  }

  /** Re-renders everything in the chosen language, keeping the last check's results. */
  render(): void {
    const root = this.opts.root;
    clear(root);
    document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = this.t('title');
    const s = this.opts.settings.load();
    root.append(
      h('header', { class: 'bar' },
        h('h1', {}, this.t('title')),
        h('fluent-button', { id: 'lang', appearance: 'subtle', size: 'small', onclick: () => this.switchLang() }, this.t('language')),
      ),
      h('p', { id: 'mode', class: 'mode' }, this.t(this.opts.mode === 'office' ? 'officeMode' : 'fileMode')),
      // Right under the title: what just happened is the first thing a person looks for.
      (this.statusEl = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' })),
      ...(this.opts.mode === 'file'
        ? [h('section', { class: 'panel', id: 'file-panel' },
            h('label', { class: 'file' }, this.t('openFile'),
              h('input', { id: 'file-input', type: 'file', accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', onchange: (e: Event) => this.onFile(e) })),
            h('div', { class: 'row' },
              h('fluent-button', { id: 'download', onclick: () => this.onDownload() }, this.t('download'))),
            h('p', { class: 'hint' }, this.t('marksNote')))]
        : []),
      h('section', { class: 'panel', id: 'check-panel' },
        h('div', { class: 'row' },
          h('fluent-button', { id: 'check', appearance: 'primary', onclick: () => this.check() }, this.t('check')),
          h('fluent-button', { id: 'clear-marks', onclick: () => this.clearMarks() }, this.t('clearMarks'))),
        h('p', { class: 'hint' }, this.t('recheckHint')),
        (this.selectedEl = h('p', { id: 'selected', class: 'selected' })),
        (this.issuesEl = h('div', { id: 'issues' }))),
      this.fillPanel.render(),
      h('section', { class: 'panel', id: 'sync-panel' },
        h('div', { class: 'row' },
          h('fluent-button', { id: 'sync', appearance: 'primary', onclick: () => this.sync() }, this.t('sync'))),
        (this.totalsEl = h('div', { id: 'totals' }))),
      h('details', { class: 'panel', id: 'settings-panel' },
        h('summary', {}, this.t('settings')),
        h('label', {}, this.t('serverUrl'), h('input', { id: 'server-url', type: 'url', value: s.serverUrl, placeholder: 'http://127.0.0.1:8787' })),
        h('label', {}, this.t('token'), h('input', { id: 'token', type: 'password', value: s.token, autocomplete: 'off' })),
        h('fluent-button', { id: 'save-settings', onclick: () => this.saveSettings() }, this.t('save'))),
    );
    if (this.statusKey) this.status(this.statusKey.key, this.statusKey.params, this.statusKey.extra);
    if (this.last) this.renderIssues(this.last.issues);
  }

  switchLang(): void {
    this.lang = this.lang === 'zh' ? 'en' : 'zh';
    this.opts.onLangChange?.(this.lang);
    this.render();
  }

  status(key: StringKey, params?: Record<string, string | number>, extra?: string): void {
    this.statusKey = { key, params, extra };
    this.statusEl.textContent = this.t(key, params) + (extra ? ` ${extra}` : '');
  }

  needPort(): WorkbookPort | null {
    if (!this.port) this.status('noFile');
    return this.port;
  }

  /** Runs one action at a time and turns any failure into a message instead of a dead pane. */
  async guard(fn: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    document.body.classList.add('busy');
    try {
      await fn();
    } catch (e) {
      console.error(e);
      this.status('failed', { message: (e as Error).message ?? String(e) });
    } finally {
      this.busy = false;
      document.body.classList.remove('busy');
    }
  }

  async check(): Promise<void> {
    await this.guard(() => this.runCheck());
  }

  async runCheck(): Promise<void> {
    const port = this.needPort();
    if (!port) return;
    this.status('checking');
    const input = await port.readSheets();
    const result = checkWorkbook(input, { today: this.opts.today });
    this.last = result;
    this.renderIssues(result.issues);
    await port.setMarks(marksFor(result.issues, this.lang));
    const c = countBySeverity(result.issues);
    if (result.issues.length === 0) this.status('noIssues');
    else this.status('summary', { errors: c.error, warnings: c.warning, infos: c.info });
  }

  scheduleRecheck(): void {
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => void this.check(), 1200);
  }

  renderIssues(issues: Issue[]): void {
    clear(this.issuesEl);
    if (issues.length === 0) return;
    for (const g of groupIssues(issues, this.lang)) {
      const counts = (['error', 'warning', 'info'] as const)
        .filter((s) => g.counts[s] > 0)
        .map((s) => h('span', { class: `count ${s}` }, `${this.t(s)} ${g.counts[s]}`));
      this.issuesEl.append(
        h('details', { class: 'group', open: true, 'data-sheet': g.title },
          h('summary', {}, h('span', { class: 'sheet' }, g.title), ...counts),
          h('ul', {}, ...g.issues.map((i) => this.issueItem(i)))),
      );
    }
  }

  private issueItem(i: Issue): HTMLElement {
    const text = formatIssue(i, this.lang);
    const where = i.cell ? `${i.cell}` : '';
    return h('li', {},
      h('button', {
        class: `issue ${i.severity}`,
        type: 'button',
        'data-code': i.code,
        'data-cell': i.cell ?? '',
        'data-sheet': i.sheetName ?? '',
        disabled: !(i.cell && i.sheetName),
        onclick: () => void this.selectIssue(i),
      },
        h('span', { class: 'sev' }, this.t(i.severity)),
        where ? h('span', { class: 'cell' }, where) : null,
        h('span', { class: 'msg' }, text)));
  }

  async selectIssue(i: Issue): Promise<void> {
    if (!i.cell || !i.sheetName || !this.port) return;
    await this.guard(async () => {
      await this.port!.select(i.sheetName!, i.cell!);
      this.selectedEl.textContent = `${i.sheetName}!${i.cell}`;
    });
  }

  async clearMarks(): Promise<void> {
    await this.guard(async () => {
      const port = this.needPort();
      if (!port) return;
      await port.clearMarks();
      this.status('saved');
      this.statusEl.textContent = this.t('clearMarks') + ' ✓';
    });
  }

  saveSettings(): void {
    const serverUrl = (document.getElementById('server-url') as HTMLInputElement).value;
    const token = (document.getElementById('token') as HTMLInputElement).value;
    this.opts.settings.save({ serverUrl, token });
    this.status('saved');
  }

  async sync(): Promise<void> {
    await this.guard(async () => {
      const port = this.needPort();
      if (!port) return;
      const s = this.opts.settings.load();
      if (!s.serverUrl || !s.token) {
        this.status('syncNeedsSettings');
        return;
      }
      await this.runCheck();
      const { read, issues } = this.last!;
      const term = read.program.term;
      if (!term) throw new Error(this.lang === 'zh' ? '项目信息中缺少学期' : 'Program has no term');
      this.status('syncing');
      const scope = `${s.serverUrl}|${read.program.school_code ?? ''}|${term}`;
      const known = this.opts.settings.loadVersions(scope);
      const plan = planSync(read, issues, known, { batchId: newBatchId() });
      const answer = await postSync(s.serverUrl, s.token, plan.body);
      this.opts.settings.saveVersions(scope, mergeVersions(known, plan.body.rows, answer));
      const extra: string[] = [];
      if (answer.rejected.length) extra.push(`rejected ${answer.rejected.length}`);
      if (answer.conflicts.length) extra.push(`conflicts ${answer.conflicts.length}`);
      this.status('synced', { n: answer.applied.length, skipped: plan.skipped }, extra.join(', '));
      await this.showTotals(s.serverUrl, s.token, term);
    });
  }

  private async showTotals(serverUrl: string, token: string, term: string): Promise<void> {
    clear(this.totalsEl);
    try {
      const totals = await getTotals(serverUrl, token, { term, group_by: 'school' });
      this.totalsEl.append(
        h('h2', {}, this.t('totals')),
        h('table', {},
          h('tr', {}, h('th', {}, ''), h('th', {}, this.lang === 'zh' ? '教师' : 'Teachers'), h('th', {}, this.lang === 'zh' ? '结对' : 'Pairings')),
          ...totals.rows.map((r) => h('tr', {}, h('td', {}, r.name || r.key), h('td', {}, String(r.teachers)), h('td', {}, String(r.pairings ?? ''))))),
      );
    } catch {
      // A school token may not be allowed to read totals; the sync itself succeeded.
    }
  }

  async onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !this.opts.openFile) return;
    await this.guard(async () => {
      this.port = await this.opts.openFile!(file);
      this.last = null;
      clear(this.issuesEl);
      this.selectedEl.textContent = '';
      this.status('loaded', { name: file.name });
    });
  }

  async onDownload(): Promise<void> {
    await this.guard(async () => {
      const port = this.needPort();
      if (!port || !this.opts.download) return;
      await this.opts.download(port);
    });
  }

  /** Applies a fill and reports it: cells written, one-undo or not, and what it left alone. */
  async applyFill(fill: FillWrites): Promise<void> {
    const port = this.needPort();
    if (!port) return;
    const outcome = await port.applyWrites(fill);
    const undo = port.kind === 'office' ? ' ' + this.t(outcome.undoGrouped ? 'undoOne' : 'undoNo') : '';
    const refused = fill.refused ?? [];
    this.status('filled', { n: outcome.cellsWritten }, undo.trim());
    this.fillPanel.showRefused(refused);
    await this.runCheck();
    this.status('filled', { n: outcome.cellsWritten }, undo.trim());
  }
}

function newBatchId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `b-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
