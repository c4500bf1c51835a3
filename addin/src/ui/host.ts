/**
 * What the panels (fill, sync, report) and the sync controller need of the pane: a narrow host that
 * ui/app.ts implements. The panels import this, never ui/app.ts, so the pane has no import cycle.
 */
import type { WorkbookRead } from '../../../core/read';
import type { Issue, Lang } from '../../../core/types';
import type { BackoffOptions } from '../backoff';
import type { FetchFn } from '../http';
import type { StringKey } from '../i18n';
import type { FillWrites, WorkbookPort } from '../port';
import type { SettingsStore } from '../settings';
import type { RowView } from '../file-mode';

/** More words after a status: translated when shown (a key), or text as it came (a server's). */
export type StatusExtra = string | { key: StringKey; params?: Record<string, string | number> };

export type StatusParams = Record<string, string | number>;

export interface AppOptions {
  root: HTMLElement;
  lang: Lang;
  settings: SettingsStore;
  /** ISO date the rules compare against (a `?today=` parameter pins it for tests and screenshots). */
  today: string;
  /** Set in Office mode; file mode gets its port when a file is opened. */
  port: WorkbookPort | null;
  mode: 'office' | 'file';
  /** Office mode: the line saying what this Excel cannot do (office-limits.ts), null where nothing. */
  hostLimits?: (lang: Lang) => string | null;
  /** File mode: loads the ExcelJS-backed port on demand. */
  openFile?: (file: File) => Promise<WorkbookPort>;
  newFromTemplate?: (lang: Lang) => Promise<WorkbookPort>;
  download?: (port: WorkbookPort, opts: { marks: boolean; kind: 'checked' | 'filled' | null; lang: Lang }) => Promise<void>;
  /** File mode: the row around a cell (file-mode.ts rowAround), shown under the issue list on a click. */
  rowAround?: (port: WorkbookPort, sheetName: string, cell: string) => Promise<RowView | null>;
  /** File mode: an empty workbook, for a bureau that pulls totals without opening a file. */
  newBlank?: (fileName: string) => Promise<WorkbookPort>;
  onLangChange?: (lang: Lang) => void;
  /** Tests pass their own fetch, batch ids and retry schedule. */
  fetchFn?: FetchFn;
  newBatchId?: () => string;
  backoff?: BackoffOptions;
  /** Asks the person yes or no (file mode: before replacing unsaved changes); tests answer it. */
  confirm?: (text: string) => Promise<boolean>;
}

/** The pane as the sync controller sees it: no DOM. */
export interface SyncHost {
  readonly lang: Lang;
  readonly port: WorkbookPort | null;
  readonly last: { read: WorkbookRead; issues: Issue[] } | null;
  readonly opts: Pick<AppOptions, 'settings' | 'today' | 'fetchFn' | 'newBatchId' | 'backoff'>;
  t(key: StringKey, params?: StatusParams): string;
  /** Shows a status line; `error` draws it as an error. */
  status(key: StringKey, params?: StatusParams, extra?: StatusExtra | (StatusExtra | undefined)[], tone?: 'error'): void;
  /** The status line's key now, to tell whether another action has said something since. */
  statusKeyNow(): StringKey | null;
  /** Runs one action at a time; a failure becomes a message. */
  guard(fn: () => Promise<void>, opts?: { keepNotes?: boolean }): Promise<void>;
  needPort(): WorkbookPort | null;
  /** Reads, checks and marks the workbook (`last` is then current). */
  runCheck(): Promise<StatusExtra | undefined>;
  /** Lists and marks the check's and the sync's issues together. */
  showIssues(): Promise<StatusExtra | undefined>;
  /** Renders the whole pane again (the token's role decides which panels show). */
  render(): void;
  /** An empty workbook to write a report into where none is open (file mode). */
  blankWorkbook(): Promise<WorkbookPort | null>;
  /** Activates the sheet and selects the cell. */
  selectCell(sheetName: string, cell: string): Promise<void>;
}

/** The pane as the Fill and Report panels see it. */
export interface PaneHost extends SyncHost {
  port: WorkbookPort | null;
  readonly opts: AppOptions;
  /** The sync's issues, shown with the check's (the report panel adds a returned report's items). */
  readonly syncPanel: { issues: Issue[] };
  workbookLang(): Lang;
  applyFill(fill: FillWrites): Promise<void>;
  askInPane(question: string, yes: string, no: string): Promise<boolean>;
  resetForNewFile(): void;
  setFileName(name: string | null): void;
  /** Saves what Settings shows; true when the address or token changed. */
  saveSettings(): boolean;
}

/**
 * Runs `fn` on the open workbook as one action (`host.guard`); without a workbook open it says so
 * (`needPort`) and does nothing else.
 */
export function withPort(
  host: Pick<SyncHost, 'guard' | 'needPort'>,
  fn: (port: WorkbookPort) => Promise<void>,
  opts?: { keepNotes?: boolean },
): Promise<void> {
  return host.guard(async () => {
    const port = host.needPort();
    if (port) await fn(port);
  }, opts);
}
