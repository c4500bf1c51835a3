/**
 * Settling a sync conflict, one row at a time: "keep mine" (the row goes on the server's version
 * and the next sync sends it) or "take the server's" (its values written into the row, found
 * afresh, and the sync state told so).
 */
import type { WorkbookRead } from '../../core/read';
import type { Issue } from '../../core/types';
import { adoptRow, keepMine as keepMineIn, placeServersRow, type Conflict } from './conflicts';
import type { FetchFn } from './http';
import type { StringKey } from './i18n';
import { getRows, localRows, type SyncTable } from './sync-client';
import { SyncState, type SyncScope } from './sync-state';
import { withPort, type StatusParams, type SyncHost } from './ui/host';

/** What settling needs of the sync controller. */
export interface Settling {
  readonly host: SyncHost;
  readonly fetchFn: FetchFn;
  conflicts: Conflict[];
  issues: Issue[];
  note: unknown;
  view: { changed(): void };
  say(key: StringKey, params?: StatusParams): void;
  scopeOf(read: WorkbookRead, serverUrl: string): SyncScope | null;
  sync(): Promise<void>;
}

/** "Keep mine": the row goes on the server's version; a sync now sends it and the workbook wins. */
export async function keepMine(ctl: Settling, c: Conflict): Promise<void> {
  const s = ctl.host.opts.settings.load();
  await withPort(ctl.host, async (port) => {
    const scope = ctl.scopeOf(ctl.host.last!.read, s.serverUrl);
    if (!scope) return;
    const state = SyncState.fromRows(await port.readState(), scope);
    keepMineIn(state, c);
    await port.writeState(state.toRows());
  });
  ctl.conflicts = ctl.conflicts.filter((x) => x !== c);
  await ctl.sync();
  if (!ctl.conflicts.some((x) => x.table === c.table && x.id === c.id)) ctl.host.status('keptMine');
}

/** "Take the server's": its values into the row (found afresh), and the state told so. */
export async function takeServer(ctl: Settling, c: Conflict): Promise<void> {
  const s = ctl.host.opts.settings.load();
  await withPort(ctl.host, async (port) => {
    // Read afresh: rows inserted, deleted or sorted since the last check would put the server's
    // values on another row (the re-check after an edit waits, and a paste may not raise one).
    await ctl.host.runCheck();
    const { read, issues } = ctl.host.last!;
    const scope = ctl.scopeOf(read, s.serverUrl);
    if (!scope) return;
    ctl.note = null;
    const state = SyncState.fromRows(await port.readState(), scope);
    const server = (await getRows(scope.server, s.token, scope.term, 0, ctl.fetchFn)).rows.find(
      (r) => r.table === c.table && r.id === c.id,
    );
    if (!server) return ctl.say('takeServerGone', { id: c.id });
    // Into the row, the row with an error that has its id, or a new row after the table: a row
    // deleted here comes back.
    const { writes, placed } = placeServersRow(read, issues, state, c.table as SyncTable, c.id, server);
    if (placed === 'unreadable')
      return ctl.say('takeServerNowhere', { id: c.id, sheet: read.sheets[c.table as SyncTable]?.name ?? c.table });
    if (writes.length) await port.applyWrites({ writes, newSheets: [], overwrite: true });
    await ctl.host.runCheck();
    // What the host made of the server's values is what the next sync compares against.
    const after = localRows(ctl.host.last!.read, ctl.host.last!.issues).rows.get(`${c.table}:${c.id}`);
    if (after && !server.deleted) adoptRow(state, after, server.version);
    await port.writeState(state.toRows());
    ctl.conflicts = ctl.conflicts.filter((x) => x !== c);
    ctl.issues = ctl.issues.filter((i) => !(i.code === 'sync.conflict' && i.params.id === c.id && i.sheet === c.table));
    ctl.view.changed();
    ctl.host.status('tookServer', undefined, await ctl.host.showIssues());
  });
}
