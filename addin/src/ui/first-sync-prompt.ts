/**
 * The first-sync question (docs/addin.md, Sync; issue 13): a workbook that never synced as its
 * scope, to a school and term that already has rows on the server, sends nothing until the person
 * chooses: take the server's rows into this workbook, replace the server's rows with this
 * workbook's (after a second question that names how many server rows will be deleted), or
 * cancel. The rules are in `first-sync.ts`; this is the pane's part: the words, the buttons, the
 * reads and writes, and the sync itself through the Sync panel.
 */
import { adoptTaken, replacePlan, takeServerRows } from '../first-sync';
import { HttpError } from '../http';
import type { StringKey } from '../i18n';
import { getRows, type SyncStatus } from '../sync-client';
import { StateBook, newWorkbookId } from '../sync-state';
import { clear, h } from './dom';
import type { SyncController } from '../sync-controller';

export class FirstSyncPrompt {
  private el: HTMLElement = h('div', { id: 'first-sync' });
  /** The question, or its second confirmation, with what it says. */
  private prompt: { kind: 'first' | 'replace'; key: StringKey; params: Record<string, string | number> } | null = null;

  constructor(private readonly panel: SyncController) {}

  private get app() {
    return this.panel.host;
  }

  /** A fresh element for the panel's render, showing the question if one is open. */
  element(): HTMLElement {
    this.el = h('div', { id: 'first-sync' });
    this.render();
    return this.el;
  }

  close(): void {
    this.prompt = null;
    this.render();
  }

  /** Asks, with what the server holds (`GET /api/v1/sync/status`). */
  ask(status: SyncStatus): void {
    // Syncs that named no workbook (another program, or the demo seed) are said apart.
    const key: StringKey = status.unnamed_syncs > 0 ? 'firstSyncOthers' : 'firstSync';
    const params = { rows: status.rows, when: status.last_sync_local ?? '—', workbooks: status.workbooks, n: status.unnamed_syncs };
    this.prompt = { kind: 'first', key, params };
    this.render();
    this.app.status(key, params);
  }

  render(): void {
    clear(this.el);
    const p = this.prompt;
    if (!p) return;
    const t = (k: StringKey, q?: Record<string, string | number>) => this.app.t(k, q);
    if (p.kind === 'first') {
      this.el.append(
        h('p', { id: 'first-sync-text' }, t(p.key, p.params)),
        h(
          'div',
          { class: 'row' },
          h('fluent-button', { id: 'first-take', onclick: () => void this.firstTake() }, t('firstTake')),
          h('fluent-button', { id: 'first-replace', onclick: () => void this.firstReplace() }, t('firstReplace')),
          h('fluent-button', { id: 'first-cancel', onclick: () => this.firstCancel() }, t('cancel')),
        ),
      );
      return;
    }
    this.el.append(
      h('p', { id: 'replace-confirm-text' }, t(p.key, p.params)),
      h(
        'div',
        { class: 'row' },
        h(
          'fluent-button',
          { id: 'replace-yes', appearance: 'primary', onclick: () => void this.firstReplace(Number(p.params.deletes)) },
          t('replaceYes', p.params),
        ),
        h('fluent-button', { id: 'replace-cancel', onclick: () => this.firstCancel() }, t('cancel')),
      ),
    );
  }

  private firstCancel(): void {
    this.close();
    this.app.status('firstCancelled');
  }

  /** The workbook as it is now, its scope, its sync book and the server's rows; null when one cannot be had (said in the status). */
  private async firstContext() {
    const port = this.app.needPort();
    if (!port) return null;
    const s = this.app.opts.settings.load();
    await this.app.runCheck();
    const { read, issues } = this.app.last!;
    const scope = this.panel.scopeOf(read, s.serverUrl);
    if (!scope) return null;
    const book = StateBook.fromRows(await port.readState());
    if (book.find(scope)) {
      // Synced since the question was asked (another pane of this workbook): a plain sync now.
      this.close();
      return null;
    }
    try {
      const server = await getRows(scope.server, s.token, scope.term, 0, this.panel.fetchFn);
      return { port, token: s.token, read, issues, scope, book, server };
    } catch (e) {
      if (e instanceof HttpError) {
        this.panel.problemStatus(e, 'syncStopped', { done: 0 });
        return null;
      }
      throw e;
    }
  }

  /** "Take the server's rows": every live server row into the workbook, and the sync state written. */
  private async firstTake(): Promise<void> {
    await this.app.guard(async () => {
      const ctx = await this.firstContext();
      if (!ctx) return;
      const { port, read, issues, scope, book, server } = ctx;
      const state = book.stateFor(scope);
      const took = takeServerRows(read, issues, state, server);
      if (took.writes.length) await port.applyWrites({ writes: took.writes, newSheets: [], overwrite: true });
      await this.app.runCheck();
      adoptTaken(this.app.last!.read, this.app.last!.issues, state, server);
      if (!book.workbookId) book.workbookId = newWorkbookId();
      await port.writeState(book.toRows());
      this.close();
      const rows = took.same + took.replaced + took.appended;
      this.app.status('tookServerAll', { rows, same: took.same, replaced: took.replaced, appended: took.appended, local: took.localOnly }, [
        took.unreadable ? { key: 'tookServerUnreadable', params: { n: took.unreadable } } : undefined,
        await this.app.showIssues(),
      ]);
    });
  }

  /**
   * "Replace the server's rows": first a second question that says how many rows will be deleted;
   * with `confirmed` (the count the person saw) the sync itself, unless the count changed since
   * (the workbook or the server moved): then the question again with the new count.
   */
  private async firstReplace(confirmed?: number): Promise<void> {
    await this.app.guard(async () => {
      const ctx = await this.firstContext();
      if (!ctx) return;
      const { read, issues, scope, book, server, token } = ctx;
      const state = book.stateFor(scope);
      const { plan, deletes } = replacePlan(read, issues, state, server);
      if (confirmed === undefined || confirmed !== deletes) {
        const params = { deletes, sends: plan.rows.length - deletes };
        this.prompt = { kind: 'replace', key: 'replaceConfirm', params };
        this.render();
        this.app.status('replaceConfirm', params);
        return;
      }
      this.close();
      await this.panel.ensureWorkbookId(book);
      await this.panel.run(read, issues, scope, state, token, () => plan);
    });
  }
}
