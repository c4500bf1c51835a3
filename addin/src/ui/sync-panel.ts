/**
 * The Sync panel (a school token): sync the rows changed since the last sync with a progress bar
 * and Cancel, settle conflicts, take the bureau's rules into the Rules sheet. The Bureau panel
 * (a bureau token): pull totals into a Totals sheet. And "Test connection" for Settings.
 * A school never asks for county totals, and a bureau is never offered Sync.
 * The sync's own notes (a Program that names another school or term than the workbook synced as,
 * a row the server no longer has) are in `i18n.ts` with the pane's other words.
 */
import type { WorkbookRead } from '../../../core/read';
import type { Issue } from '../../../core/types';
import { AbortedError } from '../backoff';
import { adoptRow, keepMine, placeServersRow, type Conflict } from '../conflicts';
import { currentTerm, problemOf, testConnection, whoami, type Problem, type WhoAmI } from '../connection';
import { schoolText, wrongSchool } from '../first-sync';
import { FirstSyncPrompt } from './first-sync-prompt';
import { HttpError, type FetchFn } from '../http';
import type { StringKey } from '../i18n';
import { planRulesPull, type RuleDiff } from '../rules-pull';
import { getCompliance, getRows, getRules, getSyncStatus, getTotals, localRows, planChanges, postSync, type GroupBy, type SyncPlan, type SyncStatus, type SyncTable } from '../sync-client';
import { Outbox, newBatchId, resumePending, runPlan, type EngineDeps, type SyncProgress } from '../sync-engine';
import { browserWaiting, type WaitingSync } from '../sync-waiting';
import { answerIssues } from '../sync-issues';
import { StateBook, SyncState, newWorkbookId, scopeKey, type SyncScope } from '../sync-state';
import { scopeText } from '../sync-scope';
import { totalsReport } from '../totals-sheet';
import type { BureauPull } from '../bureau-words';
import { bureauViewElement } from './bureau-view';
import type { CellWrite } from '../../../core/types';
import { clear, h } from './dom';
import type { App } from './app';

export class SyncPanel {
  private progressEl: HTMLElement = h('div');
  private conflictsEl: HTMLElement = h('div');
  private rulesEl: HTMLElement = h('div');
  private noteEl: HTMLElement = h('div');
  /** The question before a workbook's first sync to a school and term with rows (ui/first-sync-prompt.ts). */
  private readonly prompt = new FirstSyncPrompt(this);
  /** The panel's own note (kept as a key, so a language switch shows it again in the other language). */
  private note: { key: StringKey; params?: Record<string, string | number>; scope?: string } | null = null;
  /** A scope the person chose to sync as although the workbook was synced as another: the workbook's id and `scopeKey`. */
  private confirmedScope: string | null = null;
  private connEl: HTMLElement = h('p');
  private controller: AbortController | null = null;
  private progress: SyncProgress | null = null;
  /** Conflicts waiting for the person's choice, with what is needed to settle them. */
  conflicts: Conflict[] = [];
  /** The sync's issues (rejected rows, conflicts), shown with the check's. */
  issues: Issue[] = [];
  private rulesDiff: { diff: RuleDiff[]; replace: CellWrite[] } | null = null;
  private conn: { key: StringKey; params?: Record<string, string | number>; ok: boolean } | null = null;
  /** The last pull of totals, shown in words under Pull totals (bureau-words.ts). */
  private bureauPull: BureauPull | null = null;
  private bureauEl: HTMLElement = h('div');

  constructor(readonly app: App) {}

  /** Set once a sync could not reach the server: it runs the sync again when the server can be reached. */
  waiting: WaitingSync | null = null;

  get fetchFn(): FetchFn {
    return this.app.opts.fetchFn ?? ((...a) => fetch(...a));
  }

  render(): HTMLElement[] {
    const t = (k: StringKey, p?: Record<string, string | number>) => this.app.t(k, p);
    const role = this.app.opts.settings.loadRole();
    const out: HTMLElement[] = [];
    if (role !== 'bureau') {
      out.push(
        h('section', { class: 'panel', id: 'sync-panel' },
          h('div', { class: 'row' },
            h('fluent-button', { id: 'sync', appearance: 'primary', onclick: () => this.sync() }, t('sync')),
            h('fluent-button', { id: 'cancel-sync', hidden: !this.controller, onclick: () => this.controller?.abort() }, t('cancel'))),
          (this.noteEl = h('div', { id: 'sync-note' })),
          this.prompt.element(),
          (this.progressEl = h('div', { id: 'sync-progress-box' })),
          (this.conflictsEl = h('div', { id: 'conflicts' })),
          (this.rulesEl = h('div', { id: 'rules-pull' }))),
      );
      this.renderNote();
      this.renderProgress();
      this.renderConflicts();
      this.renderRules();
    }
    if (role === 'bureau') {
      const s = this.app.last?.read.program;
      out.push(
        h('section', { class: 'panel', id: 'bureau-panel' },
          h('h2', {}, t('bureau')),
          h('label', {}, t('term'), h('input', { id: 'totals-term', type: 'text', value: s?.term ?? currentTerm(this.app.opts.today) })),
          h('label', {}, t('county'), h('input', { id: 'totals-county', type: 'text', value: '' })),
          h('label', {}, t('groupBy'),
            h('select', { id: 'totals-group' },
              ...(['school', 'town', 'county'] as const).map((g) => h('option', { value: g }, t(`group_${g}`))))),
          h('fluent-button', { id: 'pull-totals', appearance: 'primary', onclick: () => this.pullTotals() }, t('pullTotals')),
          (this.bureauEl = bureauViewElement(this.bureauPull, this.app.lang))),
      );
    }
    return out;
  }

  /** The Settings panel's "Test connection" and its answer. */
  renderConnection(): HTMLElement[] {
    this.connEl = h('p', { id: 'connection', class: this.conn ? (this.conn.ok ? 'ok' : 'bad') : '' }, this.conn ? this.app.t(this.conn.key, this.conn.params) : '');
    return [h('fluent-button', { id: 'test-connection', onclick: () => this.test() }, this.app.t('testConnection')), this.connEl];
  }

  private renderNote(): void {
    clear(this.noteEl);
    const n = this.note;
    if (!n) return;
    this.noteEl.append(h('p', { id: 'sync-note-text', class: 'hint' }, this.app.t(n.key, n.params)));
    if (n.scope) {
      const key = n.scope;
      this.noteEl.append(
        h('fluent-button', { id: 'sync-new-scope', onclick: () => { this.confirmedScope = key; this.note = null; void this.sync(); } }, this.app.t('syncAsNew')),
      );
    }
  }

  private say(key: StringKey, params?: Record<string, string | number>, scope?: string): void {
    this.note = { key, params, scope };
    this.renderNote();
  }

  private renderProgress(): void {
    clear(this.progressEl);
    const p = this.progress;
    if (!p) return;
    this.progressEl.append(
      h('progress', { id: 'sync-progress', max: Math.max(1, p.total), value: p.done }),
      h('p', { id: 'sync-count', class: 'hint' },
        this.app.t('syncProgress', { done: p.done, total: p.total, batch: Math.max(1, p.batch), batches: Math.max(1, p.batches) }) +
          (p.retryInSec ? ' ' + this.app.t('retrying', { sec: p.retryInSec }) : '')),
    );
  }

  private renderConflicts(): void {
    clear(this.conflictsEl);
    if (!this.conflicts.length) return;
    this.conflictsEl.append(
      h('h2', {}, this.app.t('conflicts')),
      h('ul', { class: 'conflicts' },
        ...this.conflicts.map((c) =>
          h('li', { 'data-key': `${c.table}:${c.id}` },
            h('span', {}, `${c.table} ${c.id} `),
            h('button', { type: 'button', class: 'keep-mine', onclick: () => void this.settle(c, 'mine') }, this.app.t('keepMine')),
            h('button', { type: 'button', class: 'take-server', onclick: () => void this.settle(c, 'server') }, this.app.t('takeServer'))))),
    );
  }

  private renderRules(): void {
    clear(this.rulesEl);
    const d = this.rulesDiff;
    if (!d) return;
    this.rulesEl.append(
      h('p', {}, this.app.t('rulesDiffer')),
      h('ul', {}, ...d.diff.map((x) => h('li', {}, `${x.key}: ${String(x.local)} → ${String(x.server)}`))),
      h('div', { class: 'row' },
        h('fluent-button', { id: 'rules-use', onclick: () => void this.useBureauRules() }, this.app.t('rulesUse')),
        h('fluent-button', { id: 'rules-keep', onclick: () => { this.rulesDiff = null; this.renderRules(); } }, this.app.t('rulesKeep'))),
    );
  }

  problemStatus(e: unknown, prefix?: StringKey, prefixParams?: Record<string, string | number>): void {
    const p: Problem = problemOf(e, typeof navigator === 'undefined' ? true : navigator.onLine);
    const key = `problem_${p}` as StringKey;
    // A sync that could not reach the server waits and goes by itself (sync-waiting.ts); what it sent waits in the outbox.
    const waits = prefix === 'syncStopped' && (p === 'offline' || p === 'unreachable') && typeof window !== 'undefined';
    if (waits) (this.waiting ??= browserWaiting(() => this.sync(), () => document.body.classList.contains('busy'))).wait();
    if (prefix) this.app.status(prefix, prefixParams, [{ key, params: { message: (e as Error)?.message ?? String(e) } }, waits ? { key: 'syncWaiting' } : undefined]);
    else this.app.status(key, { message: (e as Error)?.message ?? String(e) });
    if (p === 'other') console.error(e);
  }

  async test(): Promise<void> {
    this.app.saveSettings();
    const s = this.app.opts.settings.load();
    this.conn = { key: 'testing', ok: true };
    this.connEl.textContent = this.app.t('testing');
    const term = this.app.last?.read.program.term ?? currentTerm(this.app.opts.today);
    const r = await testConnection(s.serverUrl, s.token, term, { fetchFn: this.fetchFn, online: navigator.onLine });
    if (r.ok && r.role === 'school' && r.termLocked) {
      // Connected, but a sync would be refused: say so now rather than after the person presses Sync.
      this.app.opts.settings.saveRole(r.role);
      this.conn = { key: 'problem_term_locked', params: {}, ok: false };
    } else if (r.ok) {
      this.app.opts.settings.saveRole(r.role ?? '');
      const county = r.countyName ? `${r.countyName} ${r.county ?? ''}`.trim() : (r.county ?? '');
      const school = schoolText({ code: r.school ?? '', name: r.schoolName ?? null }, this.app.lang);
      this.conn = { key: r.role === 'bureau' ? 'connOkBureau' : 'connOkSchool', params: { county, school }, ok: true };
    } else {
      this.conn = { key: `problem_${r.problem ?? 'other'}` as StringKey, params: { message: r.detail ?? '' }, ok: false };
    }
    // The role decides which panel shows: render again.
    this.app.render();
  }

  scopeOf(read: WorkbookRead, serverUrl: string): SyncScope | null {
    const term = read.program.term;
    const school = read.program.school_code;
    if (!term) {
      this.app.status('noTerm');
      return null;
    }
    if (!school) {
      this.app.status('noSchool');
      return null;
    }
    return { server: serverUrl, school, term };
  }

  private deps(scope: SyncScope, state: SyncState, token: string): EngineDeps {
    const port = this.app.port!;
    return {
      send: (body) => postSync(scope.server, token, body, this.fetchFn),
      outbox: new Outbox(this.app.opts.settings.kv, Outbox.keyFor(scope, state.book.workbookId ?? '')),
      state,
      saveState: (st) => port.writeState(st.toRows()),
      newBatchId: this.app.opts.newBatchId ?? newBatchId,
      signal: this.controller?.signal,
      backoff: this.app.opts.backoff,
      onProgress: (p) => {
        this.progress = p;
        this.renderProgress();
      },
    };
  }

  async sync(): Promise<void> {
    await this.app.guard(async () => {
      const port = this.app.needPort();
      if (!port) return;
      const s = this.app.opts.settings.load();
      if (!s.serverUrl || !s.token) {
        this.app.status('syncNeedsSettings');
        return;
      }
      this.issues = [];
      this.prompt.close();
      await this.app.runCheck();
      const { read, issues } = this.app.last!;
      const scope = this.scopeOf(read, s.serverUrl);
      if (!scope) return;
      // The right school: another school's workbook is never sent (the server would refuse it too).
      const me = await this.whoamiOrNull(scope, s.token);
      if (me === undefined) return;
      const wrong = me ? wrongSchool(read.program, me) : null;
      if (wrong) {
        const lang = this.app.lang;
        this.say('wrongSchool', { book: schoolText(wrong.book, lang), token: schoolText(wrong.token, lang) });
        this.app.status('wrongSchool', this.note!.params);
        return;
      }
      const book = StateBook.fromRows(await port.readState());
      // The workbook synced as another school, term or server, and never as this one: most often a
      // typo in Program. Its state stays as it is (a state per scope), and nothing is sent until
      // the person says this is the scope to sync as.
      const others = book.find(scope) ? [] : book.otherScopes(scope);
      const asNew = `${book.workbookId ?? ''} ${scopeKey(scope)}`;
      if (others.length && this.confirmedScope !== asNew) {
        this.say('scopeChanged', { old: others.map((o) => scopeText(o, scope)).join(this.app.lang === 'zh' ? '、' : ', '), new: scopeText(scope, others[0]) }, asNew);
        this.app.status('scopeChanged', this.note!.params);
        return;
      }
      this.note = null;
      // One copy of each row: a workbook that never synced as this scope asks first when the
      // school already has rows on the server for the term (a school token only: `me`).
      if (me?.role === 'school' && !book.find(scope) && !this.pendingOf(scope, book).length) {
        const status = await this.statusOrNull(scope, s.token);
        if (status === undefined) return;
        if (status && status.rows > 0) {
          this.prompt.ask(status);
          return;
        }
      }
      await this.ensureWorkbookId(book);
      await this.run(read, issues, scope, book.stateFor(scope), s.token, (state) => planChanges(read, issues, state));
    });
  }

  /** Batches of this workbook sent for `scope` and not yet answered. */
  private pendingOf(scope: SyncScope, book: StateBook) {
    if (!book.workbookId) return [];
    return new Outbox(this.app.opts.settings.kv, Outbox.keyFor(scope, book.workbookId)).list().filter((b) => b.workbook === book.workbookId);
  }

  /** Named once, before any batch leaves, so that a batch is always resumed into this workbook. */
  async ensureWorkbookId(book: StateBook): Promise<void> {
    if (book.workbookId) return;
    book.workbookId = newWorkbookId();
    await this.app.port!.writeState(book.toRows());
  }

  /** Who the token is; null from a worker older than whoami; undefined when it failed (said in the status). */
  private async whoamiOrNull(scope: SyncScope, token: string): Promise<WhoAmI | null | undefined> {
    try {
      return await whoami(scope.server, token, scope.term, this.fetchFn);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404 && e.code === 'not_found') return null;
      if (e instanceof HttpError) {
        this.problemStatus(e, 'syncStopped', { done: 0 });
        return undefined;
      }
      throw e;
    }
  }

  /** What the school holds for the term; null from a worker older than the status route; undefined when it failed. */
  private async statusOrNull(scope: SyncScope, token: string): Promise<SyncStatus | null | undefined> {
    try {
      return await getSyncStatus(scope.server, token, scope.term, this.fetchFn);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404 && e.code === 'not_found') return null;
      if (e instanceof HttpError) {
        this.problemStatus(e, 'syncStopped', { done: 0 });
        return undefined;
      }
      throw e;
    }
  }

  /** Sends what an earlier sync left, then the plan made against `state`, with progress and Cancel. */
  async run(read: WorkbookRead, issues: Issue[], scope: SyncScope, state: SyncState, token: string, makePlan: (state: SyncState) => SyncPlan): Promise<void> {
    this.controller = new AbortController();
    this.app.render();
    this.app.status('syncing');
    const d = this.deps(scope, state, token);
    let done = 0;
    d.onProgress = (p) => {
      this.progress = p;
      done = p.done;
      this.renderProgress();
    };
    try {
      const resumed = await resumePending(d);
      const plan = makePlan(state);
      const sent = await runPlan(d, plan);
      const conflicts = [...resumed.conflicts, ...sent.conflicts];
      const rejected = [...resumed.rejected, ...sent.rejected];
      this.app.opts.settings.saveRole('school');
      // A conflict settled earlier may come back; keep one entry per row.
      const seen = new Set<string>();
      this.conflicts = conflicts.filter((c) => !seen.has(`${c.table}:${c.id}`) && seen.add(`${c.table}:${c.id}`));
      // Why rows or deletes were held back (tables not read, ids the server would refuse), then the answer's.
      this.issues = [...plan.issues, ...answerIssues(read, plan.local, { rejected, conflicts: this.conflicts })];
      this.controller = null;
      this.app.render();
      const marks = await this.app.showIssues();
      const refused = rejected.length + plan.refused;
      const extra = [conflicts.length || refused ? { key: 'syncProblems' as const, params: { conflicts: this.conflicts.length, rejected: refused } } : undefined, marks];
      this.waiting?.answered();
      this.app.status('syncDone', { sent: plan.rows.length + resumed.resumed, applied: sent.applied + resumed.applied, unchanged: plan.unchanged, skipped: plan.skipped }, extra);
      await this.pullRules(read, scope, token);
    } catch (e) {
      this.controller = null;
      this.app.render();
      if (e instanceof AbortedError) this.app.status('syncCancelled', { done });
      else if (e instanceof HttpError) this.problemStatus(e, 'syncStopped', { done });
      else throw e;
    }
  }

  /** The bureau's rules: missing values are written; differing ones wait for the person's yes. */
  private async pullRules(read: WorkbookRead, scope: SyncScope, token: string): Promise<void> {
    let rules;
    try {
      rules = await getRules(scope.server, token, scope.term, this.fetchFn);
    } catch {
      return; // the sync itself went through; rules come next time
    }
    const plan = planRulesPull(read, rules.rules, read.lang);
    const status = this.app.statusEl.textContent ?? '';
    if (plan.add.writes.length) {
      await this.app.port!.applyWrites(plan.add);
      this.app.statusEl.textContent = `${status} ${this.app.t('rulesAdded', { n: plan.add.writes.filter((w) => w.col === (read.sheets.rules?.columns.value ?? 2)).length })}`;
    }
    this.rulesDiff = plan.differ.length ? { diff: plan.differ, replace: plan.replace } : null;
    this.renderRules();
  }

  private async useBureauRules(): Promise<void> {
    const d = this.rulesDiff;
    if (!d) return;
    await this.app.guard(async () => {
      await this.app.port!.applyWrites({ writes: d.replace, newSheets: [], overwrite: true });
      this.rulesDiff = null;
      this.renderRules();
      await this.app.runCheck();
      this.app.status('rulesAdded', { n: d.replace.length });
    });
  }

  private async settle(c: Conflict, choice: 'mine' | 'server'): Promise<void> {
    const s = this.app.opts.settings.load();
    if (choice === 'mine') {
      await this.app.guard(async () => {
        const port = this.app.needPort();
        if (!port) return;
        const { read } = this.app.last!;
        const scope = this.scopeOf(read, s.serverUrl);
        if (!scope) return;
        const state = SyncState.fromRows(await port.readState(), scope);
        keepMine(state, c);
        await port.writeState(state.toRows());
      });
      this.conflicts = this.conflicts.filter((x) => x !== c);
      // The row goes on the server's version: a sync now sends it and the workbook wins.
      await this.sync();
      if (!this.conflicts.some((x) => x.table === c.table && x.id === c.id)) this.app.status('keptMine');
      return;
    }
    await this.app.guard(async () => {
      const port = this.app.needPort();
      if (!port) return;
      // Read afresh: rows inserted, deleted or sorted since the last check would put the server's
      // values on another row (the re-check after an edit waits, and a paste may not raise one).
      await this.app.runCheck();
      const { read, issues } = this.app.last!;
      const scope = this.scopeOf(read, s.serverUrl);
      if (!scope) return;
      this.note = null;
      const state = SyncState.fromRows(await port.readState(), scope);
      const server = (await getRows(scope.server, s.token, scope.term, 0, this.fetchFn)).rows.find((r) => r.table === c.table && r.id === c.id);
      if (!server) {
        this.say('takeServerGone', { id: c.id });
        return;
      }
      // Into the row, the row with an error that has its id, or a new row after the table: a row
      // deleted here comes back (settle used to do nothing for those).
      const { writes, placed } = placeServersRow(read, issues, state, c.table as SyncTable, c.id, server);
      if (placed === 'unreadable') {
        this.say('takeServerNowhere', { id: c.id, sheet: read.sheets[c.table as SyncTable]?.name ?? c.table });
        return;
      }
      if (writes.length) await port.applyWrites({ writes, newSheets: [], overwrite: true });
      await this.app.runCheck();
      // What the host made of the server's values is what the next sync compares against.
      const after = localRows(this.app.last!.read, this.app.last!.issues).rows.get(`${c.table}:${c.id}`);
      if (after && !server.deleted) adoptRow(state, after, server.version);
      await port.writeState(state.toRows());
      this.conflicts = this.conflicts.filter((x) => x !== c);
      this.issues = this.issues.filter((i) => !(i.code === 'sync.conflict' && i.params.id === c.id && i.sheet === c.table));
      this.renderConflicts();
      this.app.status('tookServer', undefined, await this.app.showIssues());
    });
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
        const bySchool = groupBy === 'school' ? totals : await getTotals(s.serverUrl, s.token, { term, county, group_by: 'school' }, this.fetchFn);
        const compliance = await getCompliance(s.serverUrl, s.token, { term, county }, this.fetchFn);
        // The 合计 row is the county's own row (people counted once), not a sum of the rows.
        const byCounty = groupBy === 'county' ? totals : await getTotals(s.serverUrl, s.token, { term, county, group_by: 'county' }, this.fetchFn);
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
        if (e instanceof HttpError) this.problemStatus(e);
        else throw e;
      }
    });
  }
}
