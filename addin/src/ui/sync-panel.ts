/**
 * The Sync panel (a school token): sync the rows changed since the last sync with a progress bar
 * and Cancel, the rows held back for errors (each selectable, as issues are), conflicts to settle,
 * the bureau's rules to take into the Rules sheet. The Bureau panel (a bureau token): pull totals
 * into a Totals sheet. And "Test connection" for Settings. A school never asks for county totals,
 * and a bureau is never offered Sync. The workflow is the SyncController's (sync-controller.ts);
 * this draws its state. The sync's own notes are in `i18n.ts` with the pane's other words.
 */
import { formatIssue } from '../../../core/messages';
import type { Issue } from '../../../core/types';
import { currentTerm } from '../connection';
import type { Conflict } from '../conflicts';
import { HttpError, type FetchFn } from '../http';
import type { StringKey } from '../i18n';
import { SyncController } from '../sync-controller';
import { getCompliance, getTotals, type GroupBy, type HeldRow } from '../sync-client';
import { browserWaiting } from '../sync-waiting';
import { totalsReport } from '../totals-sheet';
import type { BureauPull } from '../bureau-words';
import { bureauViewElement } from './bureau-view';
import { FirstSyncPrompt } from './first-sync-prompt';
import { clear, h } from './dom';
import type { PaneHost } from './host';

export class SyncPanel {
  private progressEl: HTMLElement = h('div');
  private heldEl: HTMLElement = h('div');
  private conflictsEl: HTMLElement = h('div');
  private rulesEl: HTMLElement = h('div');
  private noteEl: HTMLElement = h('div');
  private connEl: HTMLElement = h('p');
  readonly sync: SyncController;
  /** The question before a workbook's first sync to a school and term with rows (ui/first-sync-prompt.ts). */
  private readonly prompt: FirstSyncPrompt;

  constructor(readonly app: PaneHost) {
    this.sync = new SyncController(app, {
      online: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
      waitingFor: (retry) => browserWaiting(retry, () => document.body.classList.contains('busy')),
    });
    this.prompt = new FirstSyncPrompt(this.sync);
    this.sync.view = {
      changed: () => this.renderParts(),
      askFirstSync: (status) => this.prompt.ask(status),
      closeFirstSync: () => this.prompt.close(),
    };
  }

  /** The sync's issues (rejected rows, conflicts), shown with the check's. */
  /** The last pull of totals, shown in words under Pull totals (bureau-words.ts). */
  private bureauPull: BureauPull | null = null;
  private bureauEl: HTMLElement = h('div');

  get issues(): Issue[] {
    return this.sync.issues;
  }

  set issues(v: Issue[]) {
    this.sync.issues = v;
  }

  get conflicts(): Conflict[] {
    return this.sync.conflicts;
  }

  get fetchFn(): FetchFn {
    return this.sync.fetchFn;
  }

  private t(k: StringKey, p?: Record<string, string | number>): string {
    return this.app.t(k, p);
  }

  render(): HTMLElement[] {
    const t = (k: StringKey) => this.t(k);
    if (this.app.opts.settings.loadRole() === 'bureau') return [this.renderBureau()];
    const panel = h(
      'section',
      { class: 'panel', id: 'sync-panel' },
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'sync', appearance: 'primary', onclick: () => this.sync.sync() }, t('sync')),
        h('fluent-button', { id: 'cancel-sync', hidden: !this.sync.running, onclick: () => this.sync.running?.abort() }, t('cancel')),
      ),
      (this.noteEl = h('div', { id: 'sync-note' })),
      this.prompt.element(),
      (this.progressEl = h('div', { id: 'sync-progress-box' })),
      (this.heldEl = h('div', { id: 'sync-held' })),
      (this.conflictsEl = h('div', { id: 'conflicts' })),
      (this.rulesEl = h('div', { id: 'rules-pull' })),
    );
    this.renderParts();
    return [panel];
  }

  private renderBureau(): HTMLElement {
    const t = (k: StringKey) => this.t(k);
    const s = this.app.last?.read.program;
    return h(
      'section',
      { class: 'panel', id: 'bureau-panel' },
      h('h2', {}, t('bureau')),
      h('label', {}, t('term'), h('input', { id: 'totals-term', type: 'text', value: s?.term ?? currentTerm(this.app.opts.today) })),
      h('label', {}, t('county'), h('input', { id: 'totals-county', type: 'text', value: '' })),
      h(
        'label',
        {},
        t('groupBy'),
        h(
          'select',
          { id: 'totals-group' },
          ...(['school', 'town', 'county'] as const).map((g) => h('option', { value: g }, t(`group_${g}`))),
        ),
      ),
      h('fluent-button', { id: 'pull-totals', appearance: 'primary', onclick: () => this.pullTotals() }, t('pullTotals')),
      (this.bureauEl = bureauViewElement(this.bureauPull, this.app.lang)),
    );
  }

  /** The Settings panel's "Test connection" and its answer (an error drawn as one). */
  renderConnection(): HTMLElement[] {
    this.connEl = h('p', { id: 'connection' });
    this.renderConn();
    return [h('fluent-button', { id: 'test-connection', onclick: () => this.test() }, this.t('testConnection')), this.connEl];
  }

  /** Test connection saves what is typed first. */
  async test(): Promise<void> {
    this.app.saveSettings();
    await this.sync.test();
  }

  private renderParts(): void {
    this.renderConn();
    this.renderNote();
    this.renderProgress();
    this.renderHeld();
    this.renderConflicts();
    this.renderRules();
  }

  private renderConn(): void {
    const c = this.sync.connection.conn;
    this.connEl.className = c ? (c.ok ? 'ok' : 'bad') : '';
    if (c && !c.ok) this.connEl.setAttribute('role', 'alert');
    else this.connEl.removeAttribute('role');
    this.connEl.textContent = c ? this.t(c.key, c.params) : '';
  }

  private renderNote(): void {
    clear(this.noteEl);
    const n = this.sync.note;
    if (!n) return;
    this.noteEl.append(h('p', { id: 'sync-note-text', class: 'hint' }, this.t(n.key, n.params)));
    if (n.scope) {
      const key = n.scope;
      this.noteEl.append(h('fluent-button', { id: 'sync-new-scope', onclick: () => void this.sync.syncAsNew(key) }, this.t('syncAsNew')));
    }
  }

  private renderProgress(): void {
    clear(this.progressEl);
    const p = this.sync.progress;
    if (!p) return;
    this.progressEl.append(
      h('progress', { id: 'sync-progress', max: Math.max(1, p.total), value: p.done }),
      h(
        'p',
        { id: 'sync-count', class: 'hint' },
        this.t('syncProgress', { done: p.done, total: p.total, batch: Math.max(1, p.batch), batches: Math.max(1, p.batches) }) +
          (p.retryInSec ? ' ' + this.t('retrying', { sec: p.retryInSec }) : ''),
      ),
    );
  }

  /** The rows the last sync held back: sheet, row, id and why, each a button to its cell. */
  private renderHeld(): void {
    clear(this.heldEl);
    const held = this.sync.held;
    if (!held.length) return;
    this.heldEl.append(
      h('h2', {}, this.t('heldTitle', { n: held.length })),
      h('ul', { class: 'held' }, ...held.map((r) => h('li', {}, this.heldItem(r)))),
    );
  }

  private heldItem(r: HeldRow): HTMLElement {
    const why = r.issue ? formatIssue(r.issue, this.app.lang) : this.t(`held_${r.why}` as StringKey, { id: r.id ?? '' });
    const where = this.t(r.id ? 'heldWhere' : 'heldWhereNoId', { sheet: r.sheetName, row: r.row, id: r.id ?? '' });
    return h(
      'button',
      {
        class: 'issue error held-row',
        type: 'button',
        'data-sheet': r.sheetName,
        'data-cell': r.cell ?? '',
        'data-row': String(r.row),
        onclick: () => (r.cell ? void this.app.selectCell(r.sheetName, r.cell) : undefined),
      },
      h('span', { class: 'sev' }, this.t('heldSev')),
      r.cell ? h('span', { class: 'cell' }, r.cell) : null,
      h('span', { class: 'msg' }, `${where}${this.app.lang === 'zh' ? '：' : ': '}${why}`),
    );
  }

  private renderConflicts(): void {
    clear(this.conflictsEl);
    const conflicts = this.sync.conflicts;
    if (!conflicts.length) return;
    this.conflictsEl.append(
      h('h2', {}, this.t('conflicts')),
      h(
        'ul',
        { class: 'conflicts' },
        ...conflicts.map((c) =>
          h(
            'li',
            { 'data-key': `${c.table}:${c.id}` },
            h('span', {}, `${c.table} ${c.id} `),
            h('button', { type: 'button', class: 'keep-mine', onclick: () => void this.sync.keepMine(c) }, this.t('keepMine')),
            h('button', { type: 'button', class: 'take-server', onclick: () => void this.sync.takeServer(c) }, this.t('takeServer')),
          ),
        ),
      ),
    );
  }

  private renderRules(): void {
    clear(this.rulesEl);
    const d = this.sync.rulesDiff;
    if (!d) return;
    this.rulesEl.append(
      h('p', {}, this.t('rulesDiffer')),
      h('ul', {}, ...d.diff.map((x) => h('li', {}, `${x.key}: ${String(x.local)} → ${String(x.server)}`))),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'rules-use', onclick: () => void this.sync.useBureauRules() }, this.t('rulesUse')),
        h('fluent-button', { id: 'rules-keep', onclick: () => this.sync.keepRules() }, this.t('rulesKeep')),
      ),
    );
  }

  async pullTotals(): Promise<void> {
    await this.app.guard(async () => {
      const s = this.app.opts.settings.load();
      if (!s.serverUrl || !s.token) {
        this.app.status('syncNeedsSettings');
        return;
      }
      const term = (document.getElementById('totals-term') as HTMLInputElement).value.trim();
      const county = (document.getElementById('totals-county') as HTMLInputElement).value.trim() || undefined;
      const groupBy = (document.getElementById('totals-group') as HTMLSelectElement).value as GroupBy;
      this.app.status('pulling');
      try {
        const totals = await getTotals(s.serverUrl, s.token, { term, county, group_by: groupBy }, this.fetchFn);
        const bySchool =
          groupBy === 'school' ? totals : await getTotals(s.serverUrl, s.token, { term, county, group_by: 'school' }, this.fetchFn);
        const compliance = await getCompliance(s.serverUrl, s.token, { term, county }, this.fetchFn);
        // The 合计 row is the county's own row (people counted once), not a sum of the rows.
        const byCounty =
          groupBy === 'county' ? totals : await getTotals(s.serverUrl, s.token, { term, county, group_by: 'county' }, this.fetchFn);
        const total = byCounty.rows.length === 1 ? byCounty.rows[0] : undefined;
        const pulledAt = Date.now();
        const port = this.app.port ?? (await this.app.blankWorkbook());
        if (!port) return;
        const report = totalsReport({
          lang: this.app.lang,
          term,
          county: totals.county ?? compliance.county,
          groupBy,
          totals: totals.rows,
          bySchool: bySchool.rows,
          compliance,
          total,
          pulledAt,
        });
        this.bureauPull = { term, county: totals.county ?? compliance.county, total: total ?? null, compliance, pulledAt };
        const view = bureauViewElement(this.bureauPull, this.app.lang);
        this.bureauEl.replaceWith(view);
        this.bureauEl = view;
        const { chart } = await port.writeReport(report);
        const gaps = compliance.schools.filter((x) => !x.synced || x.open > 0).length;
        this.app.status('totalsWritten', { sheet: report.name, n: totals.rows.length, gaps }, chart ? undefined : { key: 'chartInExcel' });
      } catch (e) {
        if (e instanceof HttpError) this.sync.problemStatus(e);
        else throw e;
      }
    });
  }
}
