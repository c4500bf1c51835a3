/**
 * The sync workflow, apart from the DOM: Test connection and what a saved token is, the right
 * school and scope before anything is sent, the first-sync question, the run with its progress and
 * Cancel, the rows it held back, conflicts settled one by one and the bureau's rules. It talks to
 * the pane through SyncHost (ui/host.ts) and tells its view when its state changed; the Sync panel
 * (ui/sync-panel.ts) draws that state. Tested in node (tests/addin/sync-controller.test.ts).
 * Every status line it leaves is replaced by the next action's: the panel's note, the progress and
 * its retry countdown go when another action starts.
 */
import type { WorkbookRead } from '../../core/read';
import type { Issue } from '../../core/types';
import { AbortedError } from './backoff';
import type { Conflict } from './conflicts';
import { keepMine, takeServer } from './sync-settle';
import { problemOf, whoami, type Problem, type WhoAmI } from './connection';
import { schoolText, wrongSchool } from './first-sync';
import { SyncConnection, type Line } from './sync-connection';
import { HttpError, type FetchFn } from './http';
import type { StringKey } from './i18n';
import { planRulesPull, type RuleDiff } from './rules-pull';
import { getRules, getSyncStatus, planChanges, postSync, type HeldRow, type SyncPlan, type SyncStatus } from './sync-client';
import { Outbox, newBatchId, resumePending, runPlan, type EngineDeps, type SyncProgress } from './sync-engine';
import { answerIssues } from './sync-issues';
import { StateBook, newWorkbookId, scopeKey, type SyncScope, type SyncState } from './sync-state';
import { scopeText } from './sync-scope';
import type { WaitingSync } from './sync-waiting';
import type { CellWrite } from '../../core/types';
import { withPort, type StatusExtra, type StatusParams, type SyncHost } from './ui/host';

/** What the Sync panel draws; each is called after the controller's state changed. */
export interface SyncView {
  /** The panel's parts (note, progress, held rows, conflicts, rules, connection line) changed. */
  changed(): void;
  /** The first-sync question, with what the server holds. */
  askFirstSync(status: SyncStatus): void;
  closeFirstSync(): void;
}

export interface SyncControllerOptions {
  /** Whether the browser says it is online (navigator.onLine); true where unknown. */
  online?: () => boolean;
  /** A wait that runs the sync again once the server can be reached (sync-waiting.ts); none in node. */
  waitingFor?: (retry: () => Promise<void>) => WaitingSync;
}

export class SyncController {
  view: SyncView = { changed: () => {}, askFirstSync: () => {}, closeFirstSync: () => {} };
  /** The panel's own note; `scope` offers "sync as this school and term" (its scope key). */
  note: (Line & { scope?: string }) | null = null;
  progress: SyncProgress | null = null;
  /** Set while a sync runs: Cancel aborts it. */
  running: AbortController | null = null;
  /** Conflicts waiting for the person's choice. */
  conflicts: Conflict[] = [];
  /** The sync's issues (rejected rows, conflicts), shown with the check's. */
  issues: Issue[] = [];
  /** The rows the last sync held back, with why. */
  held: HeldRow[] = [];
  rulesDiff: { diff: RuleDiff[]; replace: CellWrite[] } | null = null;
  /** Set once a sync could not reach the server: it runs the sync again when the server can be reached. */
  waiting: WaitingSync | null = null;
  /** A scope the person chose to sync as although the workbook was synced as another: the workbook's id and `scopeKey`. */
  private confirmedScope: string | null = null;

  /** Test connection and the saved token's role. */
  readonly connection: SyncConnection;

  constructor(
    readonly host: SyncHost,
    private readonly opts: SyncControllerOptions = {},
  ) {
    this.connection = new SyncConnection(
      host,
      () => this.fetchFn,
      opts.online ?? (() => true),
      () => this.view.changed(),
    );
  }

  get fetchFn(): FetchFn {
    return this.host.opts.fetchFn ?? ((...a) => fetch(...a));
  }

  private get settings() {
    return this.host.opts.settings;
  }

  /** Another action starts: what the last one said in the panel goes. The list of held rows stays until the next sync. */
  actionStarted(): void {
    if (this.running) return;
    this.note = null;
    this.progress = null;
    this.view.changed();
  }

  /** Another workbook is open: nothing of the last one's sync is shown. */
  reset(): void {
    this.issues = [];
    this.conflicts = [];
    this.held = [];
    this.rulesDiff = null;
    this.note = null;
    this.progress = null;
    this.view.changed();
  }

  say(key: StringKey, params?: StatusParams, scope?: string): void {
    this.note = { key, params, scope };
    this.view.changed();
  }

  /** The note's "sync as this" button. */
  syncAsNew(scope: string): Promise<void> {
    this.confirmedScope = scope;
    this.note = null;
    return this.sync();
  }

  /** A failed call in the status line, drawn as an error; a sync that could not reach the server waits and goes by itself. */
  problemStatus(e: unknown, prefix?: StringKey, prefixParams?: StatusParams): void {
    const p: Problem = problemOf(e, this.opts.online?.() ?? true);
    const key = `problem_${p}` as StringKey;
    const message = (e as Error)?.message ?? String(e);
    // What it sent waits in the outbox (sync-engine.ts).
    const waits = prefix === 'syncStopped' && (p === 'offline' || p === 'unreachable') && Boolean(this.opts.waitingFor);
    if (waits) (this.waiting ??= this.opts.waitingFor!(() => this.sync())).wait();
    if (prefix) this.host.status(prefix, prefixParams, [{ key, params: { message } }, waits ? { key: 'syncWaiting' } : undefined], 'error');
    else this.host.status(key, { message }, undefined, 'error');
    if (p === 'other') console.error(e);
  }

  /** The settings were saved (see SyncConnection.saved). */
  saved(changed: boolean): Promise<void> {
    return this.connection.saved(changed);
  }

  /** Test connection (see SyncConnection.test). */
  test(): Promise<void> {
    return this.connection.test();
  }

  scopeOf(read: WorkbookRead, serverUrl: string): SyncScope | null {
    const term = read.program.term;
    const school = read.program.school_code;
    if (!term) {
      this.host.status('noTerm');
      return null;
    }
    if (!school) {
      this.host.status('noSchool');
      return null;
    }
    return { server: serverUrl, school, term };
  }

  private deps(scope: SyncScope, state: SyncState, token: string): EngineDeps {
    const port = this.host.port!;
    return {
      send: (body) => postSync(scope.server, token, body, this.fetchFn),
      outbox: new Outbox(this.settings.kv, Outbox.keyFor(scope, state.book.workbookId ?? '')),
      state,
      saveState: (st) => port.writeState(st.toRows()),
      newBatchId: this.host.opts.newBatchId ?? newBatchId,
      signal: this.running?.signal,
      backoff: this.host.opts.backoff,
      onProgress: (p) => {
        this.progress = p;
        this.view.changed();
      },
    };
  }

  async sync(): Promise<void> {
    await withPort(this.host, async () => {
      const s = this.settings.load();
      if (!s.serverUrl || !s.token) {
        this.host.status('syncNeedsSettings');
        return;
      }
      this.issues = [];
      this.view.closeFirstSync();
      await this.host.runCheck();
      const { read, issues } = this.host.last!;
      const scope = this.scopeOf(read, s.serverUrl);
      if (!scope) return;
      const ready = await this.readyToSend(read, scope, s.token);
      if (!ready) return;
      await this.ensureWorkbookId(ready);
      await this.run(read, issues, scope, ready.stateFor(scope), s.token, (state) => planChanges(read, issues, state));
    });
  }

  /**
   * The workbook's sync book once it may be sent as `scope`; null where it may not (said): another
   * school's token, a scope it never synced as, or the first-sync question.
   */
  private async readyToSend(read: WorkbookRead, scope: SyncScope, token: string): Promise<StateBook | null> {
    // The right school: another school's workbook is never sent (the server would refuse it too).
    const me = await this.whoamiOrNull(scope, token);
    if (me === undefined) return null;
    const wrong = me ? wrongSchool(read.program, me) : null;
    if (wrong) {
      const lang = this.host.lang;
      this.say('wrongSchool', { book: schoolText(wrong.book, lang), token: schoolText(wrong.token, lang) });
      this.host.status('wrongSchool', this.note!.params, undefined, 'error');
      return null;
    }
    const book = StateBook.fromRows(await this.host.port!.readState());
    // The workbook synced as another school, term or server, and never as this one: most often a
    // typo in Program. Its state stays as it is (a state per scope), and nothing is sent until
    // the person says this is the scope to sync as.
    const others = book.find(scope) ? [] : book.otherScopes(scope);
    const asNew = `${book.workbookId ?? ''} ${scopeKey(scope)}`;
    if (others.length && this.confirmedScope !== asNew) {
      this.say(
        'scopeChanged',
        { old: others.map((o) => scopeText(o, scope)).join(this.host.lang === 'zh' ? '、' : ', '), new: scopeText(scope, others[0]) },
        asNew,
      );
      this.host.status('scopeChanged', this.note!.params);
      return null;
    }
    this.note = null;
    // One copy of each row: a workbook that never synced as this scope asks first when the
    // school already has rows on the server for the term (a school token only: `me`).
    if (me?.role === 'school' && !book.find(scope) && !this.pendingOf(scope, book).length) {
      const status = await this.statusOrNull(scope, token);
      if (status === undefined) return null;
      if (status && status.rows > 0) {
        this.view.askFirstSync(status);
        return null;
      }
    }
    return book;
  }

  /** Batches of this workbook sent for `scope` and not yet answered. */
  private pendingOf(scope: SyncScope, book: StateBook) {
    if (!book.workbookId) return [];
    return new Outbox(this.settings.kv, Outbox.keyFor(scope, book.workbookId)).list().filter((b) => b.workbook === book.workbookId);
  }

  /** Named once, before any batch leaves, so that a batch is always resumed into this workbook. */
  async ensureWorkbookId(book: StateBook): Promise<void> {
    if (book.workbookId) return;
    book.workbookId = newWorkbookId();
    await this.host.port!.writeState(book.toRows());
  }

  /** A GET that an older worker may not have: null on its 404; undefined when it failed (said in the status). */
  private async olderOrNull<T>(call: () => Promise<T>): Promise<T | null | undefined> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof HttpError && e.status === 404 && e.code === 'not_found') return null;
      if (e instanceof HttpError) {
        this.problemStatus(e, 'syncStopped', { done: 0 });
        return undefined;
      }
      throw e;
    }
  }

  /** Who the token is. */
  private whoamiOrNull(scope: SyncScope, token: string): Promise<WhoAmI | null | undefined> {
    return this.olderOrNull(() => whoami(scope.server, token, scope.term, this.fetchFn));
  }

  /** What the school holds for the term. */
  private statusOrNull(scope: SyncScope, token: string): Promise<SyncStatus | null | undefined> {
    return this.olderOrNull(() => getSyncStatus(scope.server, token, scope.term, this.fetchFn));
  }

  /** Sends what an earlier sync left, then the plan made against `state`, with progress and Cancel. */
  async run(
    read: WorkbookRead,
    issues: Issue[],
    scope: SyncScope,
    state: SyncState,
    token: string,
    makePlan: (state: SyncState) => SyncPlan,
  ): Promise<void> {
    this.running = new AbortController();
    this.progress = null;
    this.held = [];
    this.host.render();
    this.host.status('syncing');
    const d = this.deps(scope, state, token);
    try {
      const resumed = await resumePending(d);
      const plan = makePlan(state);
      const sent = await runPlan(d, plan);
      this.settings.saveRole('school');
      this.running = null;
      this.held = plan.heldRows;
      const extra = await this.answered(read, plan, resumed, sent);
      this.waiting?.answered();
      const params = {
        sent: plan.rows.length + resumed.resumed,
        applied: sent.applied + resumed.applied,
        unchanged: plan.unchanged,
        skipped: plan.skipped,
      };
      this.host.status('syncDone', params, [...extra, await this.pullRules(read, scope, token)]);
    } catch (e) {
      this.running = null;
      // A countdown to a retry that will not come is not left on screen.
      const done = this.settleProgress();
      this.host.render();
      if (e instanceof AbortedError) this.host.status('syncCancelled', { done });
      else if (e instanceof HttpError) this.problemStatus(e, 'syncStopped', { done });
      else throw e;
    }
  }

  /** The run is over: no retry countdown stays on screen. Returns the rows answered. */
  private settleProgress(): number {
    const p: SyncProgress | null = this.progress;
    if (p) this.progress = { ...p, retryInSec: undefined };
    return p?.done ?? 0;
  }

  /** The answers' conflicts and rejected rows as issues, listed and marked; what the status adds about them. */
  private async answered(
    read: WorkbookRead,
    plan: SyncPlan,
    resumed: Awaited<ReturnType<typeof resumePending>>,
    sent: Awaited<ReturnType<typeof runPlan>>,
  ): Promise<(StatusExtra | undefined)[]> {
    const conflicts = [...resumed.conflicts, ...sent.conflicts];
    const rejected = [...resumed.rejected, ...sent.rejected];
    // A conflict settled earlier may come back; keep one entry per row.
    const seen = new Set<string>();
    this.conflicts = conflicts.filter((c) => !seen.has(`${c.table}:${c.id}`) && seen.add(`${c.table}:${c.id}`));
    // Why rows or deletes were held back (tables not read, ids the server would refuse), then the answer's.
    this.issues = [...plan.issues, ...answerIssues(read, plan.local, { rejected, conflicts: this.conflicts })];
    this.settleProgress();
    this.host.render();
    const marks = await this.host.showIssues();
    const refused = rejected.length + plan.refused;
    return [
      conflicts.length || refused ? { key: 'syncProblems', params: { conflicts: this.conflicts.length, rejected: refused } } : undefined,
      marks,
    ];
  }

  /** The bureau's rules: missing values are written (said after the sync's answer); differing ones wait for the person's yes. */
  private async pullRules(read: WorkbookRead, scope: SyncScope, token: string): Promise<StatusExtra | undefined> {
    let rules;
    try {
      rules = await getRules(scope.server, token, scope.term, this.fetchFn);
    } catch {
      return undefined; // the sync itself went through; rules come next time
    }
    const plan = planRulesPull(read, rules.rules, read.lang);
    let added: StatusExtra | undefined;
    if (plan.add.writes.length) {
      await this.host.port!.applyWrites(plan.add);
      added = { key: 'rulesAdded', params: { n: plan.add.writes.filter((w) => w.col === (read.sheets.rules?.columns.value ?? 2)).length } };
    }
    this.rulesDiff = plan.differ.length ? { diff: plan.differ, replace: plan.replace } : null;
    this.view.changed();
    return added;
  }

  async useBureauRules(): Promise<void> {
    const d = this.rulesDiff;
    if (!d) return;
    await this.host.guard(async () => {
      await this.host.port!.applyWrites({ writes: d.replace, newSheets: [], overwrite: true });
      this.rulesDiff = null;
      this.view.changed();
      await this.host.runCheck();
      this.host.status('rulesAdded', { n: d.replace.length });
    });
  }

  keepRules(): void {
    this.rulesDiff = null;
    this.view.changed();
  }

  /** "Keep mine" (sync-settle.ts). */
  keepMine(c: Conflict): Promise<void> {
    return keepMine(this, c);
  }

  /** "Take the server's" (sync-settle.ts). */
  takeServer(c: Conflict): Promise<void> {
    return takeServer(this, c);
  }
}
