/**
 * A hand-made fake of the slice of Excel's RequestContext the Office port uses. office-addin-mock
 * cannot mock collections (worksheets.items, notes), so this fake stands in for them. It refuses
 * what real Excel refuses, each rule with the page it comes from (docs/addin.md, "What the fake
 * enforces", lists them):
 *  - a loaded property read before `context.sync()` throws PropertyNotLoaded ("Before reading the
 *    property's value, call the load method on the containing object and call context.sync()",
 *    Excel's message, office-js #777);
 *  - a proxy used after its `Excel.run` ended throws InvalidObjectPath ("If you're using the object
 *    across multiple context.sync calls and outside the sequential execution of a .run batch ...",
 *    Excel's message, office-js #561);
 *  - a request or a response over 5 MB of UTF-8 fails (RequestPayloadSizeLimitExceeded /
 *    ResponsePayloadSizeLimitExceeded: "Resource limits and performance optimization");
 *  - inside `Excel.run({ mergeUndoGroup: true })` an API without undo support throws UndoNotSupported
 *    ("If an API within the group doesn't offer undo support, the UndoNotSupported error is thrown",
 *    "Undo capabilities", and its table of unsupported APIs); outside a group the call is recorded in
 *    `undoCleared` ("the user's undo stack is cleared starting from that API call");
 *  - deleting a VeryHidden sheet, or deleting or hiding the last visible one, throws InvalidOperation
 *    (Excel.Worksheet: delete, "If the worksheet's visibility is set to VeryHidden, the delete
 *    operation will fail with an InvalidOperation exception");
 *  - a text written into a cell not formatted as text ('@') becomes what Excel makes of it: "001"
 *    is 1, "2026-09-01" a date serial, and a text that starts with `=`, `+` or `-` a formula
 *    (Excel.Range: values, "If the returned value starts with a plus ("+"), minus ("-"), or equal
 *    sign ("="), Excel interprets this value as a formula.");
 *  - every write to a protected sheet throws AccessDenied (Excel.WorksheetProtection);
 *  - a workbook setting past `settingsLimitBytes` is refused with InvalidArgument (Office.Settings:
 *    2 MB in all; office-js #621, #3957: refused from about 1 MB);
 *  - an event handler is removed only when its own RequestContext syncs the removal
 *    (OfficeExtension.EventHandlerResult: "The same RequestContext object that the handler was added
 *    in must be used when removing the handler");
 *  - with a requirement-set profile (`new FakeExcel({ apiVersion: '1.9' })`), a member above it
 *    throws ApiNotFound, and a member missing from addin/src/office-apis.ts fails the test.
 * Every sync is counted, with the bytes of the request (queued commands and written values) and of
 * the response (loaded values), as UTF-8 JSON, which is what Excel on the web sends. table.rows.add
 * and table.columns.add insert, pushing cells below (right of) the table aside. The add-in's value
 * writes raise worksheets.onChanged after the sync, with triggerSource where ExcelApi 1.14 is
 * supported. The benchmark uses it too.
 */
import { utf8Length } from '../../core/utf8';
import { GUARDS, OFFICE_APIS, excelApiVersion, versionAbove, type Guard } from '../../addin/src/office-apis';

type Cell = string | number | boolean;

interface SheetData {
  name: string;
  cells: Map<number, Cell>;
  fills: Map<number, string>;
  notes: Map<number, string>;
  frozenRows: number;
  visibility: string;
  /** A protected sheet refuses every write, as Excel does. */
  protected?: boolean;
  /** Number formats by cell, as set through `range.numberFormat` (absent: General). */
  numberFormats?: Map<number, string>;
  /** Formulas by cell (`=...`); the cell's value is in `cells` ('' is absent there). */
  formulas?: Map<number, string>;
  /** Excel tables on the sheet: 0-based box of header and rows (and total row, with `totals`). */
  tables: { name: string; box: Box; totals?: boolean }[];
  charts: {
    name: string;
    type: string;
    source: Box;
    title: string;
    series?: { index: number; chartType?: string; axisGroup?: string }[];
  }[];
}

export interface SyncStat {
  requestBytes: number;
  responseBytes: number;
}

/** A cell's key in a sheet's maps: a number (Excel has 16,384 columns), so 100k-row sheets stay quick to fake. */
export const cellKey = (r: number, c: number): number => r * COLUMNS + c;
const COLUMNS = 16_384;
const ROWS = 1_048_576;
const key = cellKey;
const rowOf = (k: number) => Math.floor(k / COLUMNS);
const colOf = (k: number) => k % COLUMNS;

/** Excel on the web's limit on a request and on a response ("Resource limits and performance optimization"). */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;

/**
 * APIs without undo support ("Undo capabilities", table of unsupported APIs): `web` / `desktop` true
 * where the call cannot be undone there. The table's rows for members the adapter uses:
 * `Worksheet.delete` No / No, `Worksheet.name` and `Worksheet.visibility` Yes on the web, No on
 * Windows and Mac; nothing else the adapter calls is in it.
 */
const NO_UNDO: Record<string, { web: boolean; desktop: boolean }> = {
  'Worksheet.delete': { web: true, desktop: true },
  'Worksheet.visibility': { web: false, desktop: true },
  'Worksheet.name': { web: false, desktop: true },
};

function officeError(code: string, message: string): Error & { code: string } {
  const e = new Error(`fake Excel: ${code}: ${message}`) as Error & { code: string };
  e.code = code;
  return e;
}

function parseAddress(addr: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(addr);
  if (!m) throw officeError('InvalidArgument', `not a single cell: ${addr}`);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export interface FakeProfile {
  /** The highest ExcelApi version the host supports (default 1.20). */
  apiVersion?: string;
  /**
   * Or the host's requirement sets as a list (`['ExcelApi 1.1', ..., 'ExcelApi 1.9']`): a set
   * missing from it is unsupported even below the highest listed.
   */
  sets?: string[];
  /** Which undo table column applies (default desktop, the stricter). */
  host?: 'web' | 'desktop';
}

type Listener = { handler: (ev: { triggerSource?: string; worksheetId?: string }) => unknown; ctx: FakeContext; removed: boolean };

export class FakeExcel {
  readonly sheets = new Map<string, SheetData>();
  readonly settings = new Map<string, string>();
  syncs: SyncStat[] = [];
  runs: { mergeUndoGroup: boolean }[] = [];
  selected: { sheet: string; address: string } | null = null;
  tables: { name: string; sheet: string }[] = [];
  listeners: Listener[] = [];
  validations: { sheet: string; col: number; rows: number; source: string; strict: boolean }[] = [];
  active: string | null = null;
  /** Makes the next sync fail as Excel on the web does when a response passes this many bytes. */
  failNextSyncOverBytes: number | null = null;
  /** Text written into a cell that is not formatted as text becomes a number, a date serial or a formula, as Excel does. */
  coerceLikeExcel = true;
  /** The most UTF-8 bytes one workbook setting takes (office-js #3957: refused from about 1 MB). */
  settingsLimitBytes = 1_000_000;
  /** Calls without undo support made outside an undo group: each cleared the person's undo stack. */
  undoCleared: string[] = [];
  /** Writes through Office.context.document.settings (the marks' records below ExcelApi 1.4). */
  documentSettingWrites = 0;
  /** Every call that changed the workbook, by member name. */
  writes: string[] = [];
  readonly apiVersion: string;
  readonly host: 'web' | 'desktop';
  /** Cells with a threaded comment, as [sheet, cell key]. */
  comments: [string, number][] = [];

  /** A threaded comment on a cell: a note cannot be added there (not documented; seen in Excel). */
  addThreadedComment(sheet: string, address: string): void {
    const { row, col } = parseAddress(address);
    this.comments.push([sheet, key(row, col)]);
  }

  private readonly sets: Set<string> | null;

  constructor(profile: FakeProfile = {}) {
    this.sets = profile.sets ? new Set(profile.sets) : null;
    const listed = (profile.sets ?? []).map((s) => excelApiVersion(s)).filter((v): v is [number, number] => v !== null);
    const highest = listed.sort((a, b) => b[0] - a[0] || b[1] - a[1])[0];
    this.apiVersion = profile.apiVersion ?? (highest ? `${highest[0]}.${highest[1]}` : '1.20');
    this.host = profile.host ?? 'desktop';
  }

  /** Office.context.requirements.isSetSupported for this profile. */
  isSetSupported(name: string, version = '1.1'): boolean {
    if (name !== 'ExcelApi') return false;
    if (this.sets) return this.sets.has(`ExcelApi ${version}`);
    return !versionAbove(version, this.apiVersion);
  }

  /** The handlers still registered on worksheets.onChanged, to raise the event by hand. */
  get changeHandlers(): Listener['handler'][] {
    return this.listeners.filter((l) => !l.removed).map((l) => l.handler);
  }

  /** Raises worksheets.onChanged as Excel does: triggerSource only where ExcelApi 1.14 is supported. */
  async raiseChange(sheet: string, triggerSource: 'ThisLocalAddin' | 'Local' | 'Others'): Promise<void> {
    const ev = this.isSetSupported('ExcelApi', '1.14') ? { worksheetId: sheet, triggerSource } : { worksheetId: sheet };
    for (const h of this.changeHandlers) await h(ev);
  }

  addSheet(name: string, rows: Cell[][] = [], origin = { row: 0, col: 0 }): SheetData {
    const s: SheetData = {
      name,
      cells: new Map(),
      fills: new Map(),
      notes: new Map(),
      frozenRows: 0,
      visibility: 'Visible',
      tables: [],
      charts: [],
    };
    rows.forEach((row, r) =>
      row.forEach((v, c) => v !== '' && v !== null && v !== undefined && s.cells.set(key(origin.row + r, origin.col + c), v)),
    );
    this.sheets.set(name, s);
    return s;
  }

  /** A formula in a cell, with the value it shows ('' for a formula such as `=""`). */
  setFormula(sheet: string, address: string, formula: string, shows: Cell = ''): void {
    const { row, col } = parseAddress(address);
    const s = this.sheets.get(sheet)!;
    (s.formulas ??= new Map()).set(key(row, col), formula);
    if (shows === '') s.cells.delete(key(row, col));
    else s.cells.set(key(row, col), shows);
  }

  value(sheet: string, address: string): Cell | undefined {
    const { row, col } = parseAddress(address);
    return this.sheets.get(sheet)?.cells.get(key(row, col));
  }

  formula(sheet: string, address: string): string | undefined {
    const { row, col } = parseAddress(address);
    return this.sheets.get(sheet)?.formulas?.get(key(row, col));
  }

  get syncCount(): number {
    return this.syncs.length;
  }

  get requestBytes(): number {
    return this.syncs.reduce((n, s) => n + s.requestBytes, 0);
  }

  get responseBytes(): number {
    return this.syncs.reduce((n, s) => n + s.responseBytes, 0);
  }

  reset(): void {
    this.syncs = [];
    this.runs = [];
    this.writes = [];
    this.undoCleared = [];
  }

  /** An Excel table over a 0-based box (header row included). */
  /** `totals`: the box's last row is the table's total row. */
  addTable(sheet: string, name: string, box: Box, totals = false): void {
    this.sheets.get(sheet)!.tables.push({ name, box, totals });
  }

  /** Calls of table.rows.add, to check the values went in one call. */
  rowsAdded: { table: string; rows: number }[] = [];
  /** Calls of table.columns.add. */
  columnsAdded: { table: string; name: string }[] = [];

  /**
   * An ExcelRunner for OfficePort over this fake: its flags from this profile through
   * isSetSupported (the versions in office-apis.ts GUARDS), unless a test sets one.
   */
  runner(opts: Partial<Record<Guard, boolean>> = {}) {
    const flag = (g: Guard) => opts[g] ?? this.isSetSupported('ExcelApi', GUARDS[g]);
    const flags = Object.fromEntries((Object.keys(GUARDS) as Guard[]).map((g) => [g, flag(g)])) as Record<Guard, boolean>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inside = async <T>(ctx: FakeContext, batch: (ctx: any) => Promise<T>): Promise<T> => {
      ctx.closed = false;
      try {
        return await batch(ctx);
      } finally {
        ctx.closed = true;
      }
    };
    const settings = this.settings;
    const limit = () => this.settingsLimitBytes;
    const count = () => this.documentSettingWrites++;
    return {
      ...flags,
      /** Office.context.document.settings (Common API) over the same store as the workbook's settings. */
      documentSettings: {
        get: (n: string) => settings.get(n) ?? null,
        set: (n: string, v: unknown) => {
          const text = String(v);
          if (utf8Length(text) > limit()) throw officeError('InvalidArgument', `a setting of ${utf8Length(text)} bytes`);
          count();
          settings.set(n, text);
        },
        save: async () => undefined,
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      run: async <T>(batch: (ctx: any) => Promise<T>, o?: { mergeUndoGroup?: boolean }): Promise<T> => {
        const grouped = Boolean(o?.mergeUndoGroup);
        this.runs.push({ mergeUndoGroup: grouped });
        const ctx = new FakeContext(this, grouped);
        if (grouped) ctx.use('RunOptions.mergeUndoGroup');
        return inside(ctx, batch);
      },
      /** Excel.run(context, batch): a batch on the context an earlier run made (an event handler's). */
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      resume: async <T>(context: unknown, batch: (ctx: any) => Promise<T>): Promise<T> => {
        if (!(context instanceof FakeContext) || context.xl !== this)
          throw officeError('InvalidArgument', 'not a context of this workbook');
        this.runs.push({ mergeUndoGroup: false });
        return inside(context, batch);
      },
    };
  }
}

/** Properties that become readable at the next sync. */
class Loadable {
  protected loaded = false;
  protected pending = false;
  constructor(protected readonly ctx: FakeContext) {}
  protected need(prop: string): void {
    if (!this.loaded) throw officeError('PropertyNotLoaded', `${prop} was read before load() and sync()`);
  }
  load(_props?: unknown): this {
    this.ctx.op('load', _props ?? '*');
    this.pending = true;
    this.ctx.pendingLoads.add(this);
    return this;
  }
  /** Called by sync: takes the value from the workbook and returns the response payload. */
  resolve(): unknown {
    this.loaded = true;
    this.pending = false;
    return this.snapshot();
  }
  protected snapshot(): unknown {
    return null;
  }
}

class FakeContext {
  ops: unknown[] = [];
  pendingLoads = new Set<Loadable>();
  /** Handlers whose removal waits for this context's next sync. */
  removals: Listener[] = [];
  /** Sheets whose values the add-in changed since the last sync: they raise onChanged after it. */
  changed = new Set<string>();
  /** Set when the Excel.run that made this context has ended. */
  closed = false;
  readonly workbook: FakeWorkbookProxy;
  constructor(
    readonly xl: FakeExcel,
    readonly mergeUndoGroup = false,
  ) {
    this.workbook = new FakeWorkbookProxy(this);
  }
  op(name: string, ...args: unknown[]): void {
    if (this.closed) {
      throw officeError('InvalidObjectPath', `${name}: the object is used outside the sequential execution of the .run batch that made it`);
    }
    this.ops.push([name, ...args]);
  }
  /** An Office.js member in use: listed in office-apis.ts, and in this host's requirement sets. */
  use(member: string): void {
    const api = OFFICE_APIS[member];
    if (!api) throw new Error(`fake Excel: the adapter uses ${member}, which addin/src/office-apis.ts does not list`);
    const v = excelApiVersion(api.set);
    if (v && !this.xl.isSetSupported('ExcelApi', `${v[0]}.${v[1]}`)) {
      throw officeError('ApiNotFound', `${member} (${api.set}) is not available on this host (ExcelApi ${this.xl.apiVersion})`);
    }
  }
  /** A call that changes the workbook: refused on a protected sheet, checked against the undo table. */
  write(member: string, sheet?: string): void {
    this.use(member);
    if (this.closed) throw officeError('InvalidObjectPath', `${member}: the object is used after its Excel.run ended`);
    if (sheet !== undefined && this.xl.sheets.get(sheet)?.protected) {
      throw officeError('AccessDenied', `${member}: the sheet ${sheet} is protected`);
    }
    const noUndo = NO_UNDO[member]?.[this.xl.host];
    if (noUndo && this.mergeUndoGroup) throw officeError('UndoNotSupported', `${member} cannot be part of an undo group`);
    if (noUndo) this.xl.undoCleared.push(member);
    this.xl.writes.push(member);
  }
  async sync(): Promise<void> {
    this.use('RequestContext.sync');
    if (this.closed) throw officeError('InvalidObjectPath', 'context.sync() after its Excel.run ended');
    const requestBytes = utf8Length(JSON.stringify(this.ops));
    const response: unknown[] = [];
    for (const l of this.pendingLoads) response.push(l.resolve());
    const responseBytes = utf8Length(JSON.stringify(response));
    this.pendingLoads.clear();
    this.ops = [];
    const limit = this.xl.failNextSyncOverBytes;
    if (limit !== null && responseBytes > limit) {
      this.xl.failNextSyncOverBytes = null;
      const e = new Error('The response payload size has exceeded the limit.') as Error & { code: string };
      e.code = 'ResponsePayloadSizeLimitExceeded';
      throw e;
    }
    if (requestBytes > PAYLOAD_LIMIT) throw officeError('RequestPayloadSizeLimitExceeded', `a request of ${requestBytes} bytes`);
    if (responseBytes > PAYLOAD_LIMIT) throw officeError('ResponsePayloadSizeLimitExceeded', `a response of ${responseBytes} bytes`);
    for (const l of this.removals) l.removed = true;
    this.removals = [];
    this.xl.syncs.push({ requestBytes, responseBytes });
    const changed = [...this.changed];
    this.changed.clear();
    // Events arrive after the request that caused them, asynchronously.
    if (changed.length) setTimeout(() => changed.forEach((s) => void this.xl.raiseChange(s, 'ThisLocalAddin')), 0);
  }
}

class FakeWorkbookProxy {
  readonly worksheets: FakeWorksheets;
  private readonly settingsProxy: FakeSettings;
  private readonly notesProxy: FakeWorkbookNotes;
  readonly tables: { add: (range: FakeRange, hasHeaders: boolean) => { name: string } };
  constructor(private readonly ctx: FakeContext) {
    this.worksheets = new FakeWorksheets(ctx);
    this.settingsProxy = new FakeSettings(ctx);
    this.notesProxy = new FakeWorkbookNotes(ctx);
    this.tables = {
      add: (range: FakeRange) => {
        ctx.op('tables.add', range.sheetName);
        ctx.write('TableCollection.add', range.sheetName);
        const t = { name: '', sheet: range.sheetName };
        ctx.xl.tables.push(t);
        return {
          get name() {
            return t.name;
          },
          set name(n: string) {
            ctx.write('Table.name', range.sheetName);
            t.name = n;
          },
        };
      },
    };
  }
  get settings(): FakeSettings {
    this.ctx.use('Workbook.settings');
    return this.settingsProxy;
  }
  /** Threaded comments (ExcelApi 1.10), each knowing its cell. */
  get comments() {
    this.ctx.use('Workbook.comments');
    const ctx = this.ctx;
    let snap: { sheet: string; k: number }[] | null = null;
    const coll = {
      load() {
        ctx.op('load', 'comments');
        ctx.pendingLoads.add({
          resolve: () => ((snap = [...ctx.xl.comments].map(([sheet, k]) => ({ sheet, k }))), null),
        } as unknown as Loadable);
        return coll;
      },
      get items() {
        ctx.use('CommentCollection.items');
        if (snap === null) throw officeError('PropertyNotLoaded', 'comments.items');
        return snap.map(({ sheet, k }) => ({
          getLocation() {
            ctx.use('Comment.getLocation');
            ctx.op('comment.getLocation', sheet, k);
            return new FakeRange(ctx, sheet, { r: rowOf(k), c: colOf(k), nr: 1, nc: 1 });
          },
        }));
      },
    };
    return coll;
  }
  /** Every note in the workbook (ExcelApi 1.18). */
  get notes(): FakeWorkbookNotes {
    this.ctx.use('Workbook.notes');
    return this.notesProxy;
  }
}

class FakeSettings {
  constructor(private readonly ctx: FakeContext) {}
  getItemOrNullObject(k: string) {
    this.ctx.use('SettingCollection.getItemOrNullObject');
    this.ctx.op('settings.get', k);
    return new FakeSetting(this.ctx, k);
  }
  add(k: string, v: string) {
    this.ctx.op('settings.add', k, v);
    this.ctx.write('SettingCollection.add');
    const bytes = utf8Length(JSON.stringify(v));
    // office-js #3957: "The argument is invalid or missing or has an incorrect format" past about 1 MB.
    if (bytes > this.ctx.xl.settingsLimitBytes) throw officeError('InvalidArgument', `a setting of ${bytes} bytes`);
    this.ctx.xl.settings.set(k, v);
  }
}

class FakeSetting extends Loadable {
  constructor(
    ctx: FakeContext,
    private readonly k: string,
  ) {
    super(ctx);
  }
  private atLoad: string | undefined;
  override resolve(): unknown {
    this.atLoad = this.ctx.xl.settings.get(this.k);
    return super.resolve();
  }
  get isNullObject() {
    this.need('isNullObject');
    return this.atLoad === undefined;
  }
  get value() {
    this.ctx.use('Setting.value');
    this.need('value');
    return this.atLoad;
  }
  protected override snapshot() {
    return this.atLoad ?? null;
  }
}

class FakeWorksheets extends Loadable {
  get onChanged() {
    this.ctx.use('WorksheetCollection.onChanged');
    const ctx = this.ctx;
    return {
      add: (h: unknown) => {
        ctx.op('onChanged.add');
        const l: Listener = { handler: h as Listener['handler'], ctx, removed: false };
        ctx.xl.listeners.push(l);
        return {
          context: ctx,
          // Queued on the context that added it: it takes effect when that context syncs.
          remove: () => {
            ctx.use('EventHandlerResult.remove');
            ctx.removals.push(l);
          },
        };
      },
    };
  }
  private names: string[] | null = null;
  override resolve(): unknown {
    this.names = [...this.ctx.xl.sheets.keys()];
    return super.resolve();
  }
  get items() {
    this.ctx.use('WorksheetCollection.items');
    this.need('items');
    return this.names!.filter((n) => this.ctx.xl.sheets.has(n)).map((n) => new FakeWorksheet(this.ctx, n, true));
  }
  getItem(name: string) {
    this.ctx.use('WorksheetCollection.getItem');
    this.ctx.op('getItem', name);
    if (!this.ctx.xl.sheets.has(name)) throw officeError('ItemNotFound', name);
    return new FakeWorksheet(this.ctx, name);
  }
  getItemOrNullObject(name: string) {
    this.ctx.use('WorksheetCollection.getItemOrNullObject');
    this.ctx.op('getItemOrNull', name);
    return new FakeWorksheet(this.ctx, name, false, true);
  }
  add(name: string) {
    this.ctx.op('add', name);
    this.ctx.write('WorksheetCollection.add');
    if (this.ctx.xl.sheets.has(name)) throw officeError('ItemAlreadyExists', name);
    this.ctx.xl.addSheet(name);
    return new FakeWorksheet(this.ctx, name);
  }
  protected override snapshot() {
    return (this.names ?? []).map((name) => ({ name }));
  }
}

const visibleSheets = (xl: FakeExcel) => [...xl.sheets.values()].filter((s) => s.visibility === 'Visible');

class FakeWorksheet {
  private readonly notesProxy: FakeNotes;
  private readonly freezeProxy: { freezeRows: (n: number) => void };
  private readonly tablesProxy: FakeTables;
  private readonly chartsProxy: FakeCharts;
  private readonly protectionProxy: { load: (p?: unknown) => unknown; readonly protected: boolean };
  private existedAtLoad: boolean | null = null;
  private visibilityAtLoad: string | null = null;
  constructor(
    private readonly ctx: FakeContext,
    private sheetName: string,
    _loaded = false,
    private readonly nullable = false,
  ) {
    const name = sheetName;
    this.notesProxy = new FakeNotes(ctx, name);
    this.tablesProxy = new FakeTables(ctx, name);
    this.chartsProxy = new FakeCharts(ctx, name);
    let protectedAtLoad: boolean | null = null;
    const sheet = () => ctx.xl.sheets.get(name);
    this.protectionProxy = {
      load: () => {
        ctx.op('load', 'protection');
        ctx.pendingLoads.add({ resolve: () => ((protectedAtLoad = Boolean(sheet()?.protected)), null) } as unknown as Loadable);
        return this.protectionProxy;
      },
      get protected() {
        ctx.use('WorksheetProtection.protected');
        if (protectedAtLoad === null) throw officeError('PropertyNotLoaded', 'protection.protected');
        return protectedAtLoad;
      },
    };
    this.freezeProxy = {
      freezeRows: (n: number) => {
        ctx.op('freezeRows', name, n);
        ctx.write('WorksheetFreezePanes.freezeRows', name);
        this.data.frozenRows = n;
      },
    };
  }
  get notes(): FakeNotes {
    this.ctx.use('Worksheet.notes');
    return this.notesProxy;
  }
  get tables(): FakeTables {
    this.ctx.use('Worksheet.tables');
    return this.tablesProxy;
  }
  get charts(): FakeCharts {
    this.ctx.use('Worksheet.charts');
    return this.chartsProxy;
  }
  get protection() {
    this.ctx.use('Worksheet.protection');
    return this.protectionProxy;
  }
  get freezePanes() {
    this.ctx.use('Worksheet.freezePanes');
    return this.freezeProxy;
  }
  get name(): string {
    this.ctx.use('Worksheet.name');
    return this.sheetName;
  }
  /** Renames the sheet, as `worksheet.name = ...` does (its cells and the rest go with it). */
  set name(to: string) {
    this.ctx.op('rename', this.sheetName, to);
    this.ctx.write('Worksheet.name');
    const xl = this.ctx.xl;
    if (xl.sheets.has(to)) throw officeError('ItemAlreadyExists', to);
    const d = xl.sheets.get(this.sheetName)!;
    xl.sheets.delete(this.sheetName);
    d.name = to;
    xl.sheets.set(to, d);
    this.sheetName = to;
  }
  get data(): SheetData {
    const d = this.ctx.xl.sheets.get(this.sheetName);
    if (!d) throw officeError('ItemNotFound', this.sheetName);
    return d;
  }
  /** A getItemOrNullObject worksheet is known after load() and sync(); so are the loaded name and visibility. */
  load(_p?: unknown) {
    this.ctx.op('load', 'worksheet');
    this.ctx.pendingLoads.add({
      resolve: () => {
        const d = this.ctx.xl.sheets.get(this.sheetName);
        this.existedAtLoad = Boolean(d);
        this.visibilityAtLoad = d?.visibility ?? null;
        return null;
      },
    } as unknown as Loadable);
    return this;
  }
  get isNullObject() {
    if (!this.nullable) return false;
    if (this.existedAtLoad === null) throw officeError('PropertyNotLoaded', 'isNullObject');
    return !this.existedAtLoad;
  }
  set visibility(v: string) {
    this.ctx.op('visibility', this.sheetName, v);
    this.ctx.write('Worksheet.visibility');
    const d = this.data;
    // A workbook keeps one visible sheet at least.
    if (v !== 'Visible' && d.visibility === 'Visible' && visibleSheets(this.ctx.xl).length <= 1) {
      throw officeError('InvalidOperation', `${this.sheetName} is the last visible sheet`);
    }
    d.visibility = v;
    this.visibilityAtLoad = v;
  }
  get visibility() {
    this.ctx.use('Worksheet.visibility');
    if (this.visibilityAtLoad === null) throw officeError('PropertyNotLoaded', 'visibility');
    return this.visibilityAtLoad;
  }
  activate() {
    this.ctx.use('Worksheet.activate');
    this.ctx.op('activate', this.sheetName);
    this.ctx.xl.active = this.sheetName;
  }
  delete() {
    this.ctx.op('delete', this.sheetName);
    this.ctx.write('Worksheet.delete');
    const d = this.data;
    if (d.visibility === 'VeryHidden') throw officeError('InvalidOperation', `${this.sheetName} is VeryHidden: it cannot be deleted`);
    if (d.visibility === 'Visible' && visibleSheets(this.ctx.xl).length <= 1)
      throw officeError('InvalidOperation', `${this.sheetName} is the last visible sheet`);
    this.ctx.xl.sheets.delete(this.sheetName);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean) {
    this.ctx.use('Worksheet.getUsedRangeOrNullObject');
    this.ctx.op('getUsedRange', this.sheetName);
    return new FakeRange(this.ctx, this.sheetName, null);
  }
  getRangeByIndexes(r: number, c: number, nr: number, nc: number) {
    this.ctx.use('Worksheet.getRangeByIndexes');
    this.ctx.op('getRangeByIndexes', this.sheetName, r, c, nr, nc);
    return new FakeRange(this.ctx, this.sheetName, { r, c, nr, nc });
  }
  getRange(address?: string) {
    this.ctx.use('Worksheet.getRange');
    this.ctx.op('getRange', this.sheetName, address ?? '*');
    if (address === undefined) return new FakeRange(this.ctx, this.sheetName, { r: 0, c: 0, nr: 1_048_576, nc: 16_384 }, undefined, true);
    const [from, to] = address.split(':');
    const a = parseAddress(from);
    const b = to === undefined ? a : parseAddress(to);
    if (b.row < a.row || b.col < a.col) throw officeError('InvalidArgument', `not a block: ${address}`);
    const box = { r: a.row, c: a.col, nr: b.row - a.row + 1, nc: b.col - a.col + 1 };
    return new FakeRange(this.ctx, this.sheetName, box, to === undefined ? address : undefined);
  }
  /** Worksheet.getUsedRange() (ExcelApi 1.1, no valuesOnly): an empty sheet answers A1, never a null object. */
  getUsedRange() {
    this.ctx.use('Worksheet.getUsedRange');
    this.ctx.op('getUsedRange', this.sheetName);
    return new FakeRange(this.ctx, this.sheetName, null, undefined, false, true);
  }
}

type Box = { r: number; c: number; nr: number; nc: number };

/** A text Excel reads as a formula: it starts with `=`, or with `+` or `-` and is no number (Excel.Range: values). */
function looksLikeFormula(x: string): boolean {
  return x.length > 1 && (x.startsWith('=') || ((x.startsWith('+') || x.startsWith('-')) && !/^[+-]\d+(\.\d+)?$/.test(x.trim())));
}

/** What Excel makes of a text written into a cell formatted General: a number, a date serial, or the text. */
function asExcelTakesIt(x: Cell): Cell {
  if (typeof x !== 'string') return x;
  if (/^[+-]?\d+(\.\d+)?$/.test(x.trim())) return Number(x);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(x.trim());
  if (d) return Math.round((Date.UTC(+d[1], +d[2] - 1, +d[3]) - Date.UTC(1899, 11, 30)) / 86_400_000);
  return x;
}

/** Puts a value into a cell as Excel does: a formula-looking text becomes a formula, unless the cell is text ('@'). */
function putCell(xl: FakeExcel, d: SheetData, k: number, x: Cell | null): void {
  d.formulas?.delete(k);
  if (x === '' || x === null) {
    d.cells.delete(k);
    return;
  }
  const text = d.numberFormats?.get(k) === '@';
  if (xl.coerceLikeExcel && !text && typeof x === 'string' && looksLikeFormula(x)) {
    (d.formulas ??= new Map()).set(k, x.startsWith('=') ? x : `=${x}`);
    // The fake does not calculate: a formula shows Excel's error for a name it does not know.
    d.cells.set(k, '#NAME?');
    return;
  }
  d.cells.set(k, xl.coerceLikeExcel && !text ? asExcelTakesIt(x) : x);
}

class FakeRange extends Loadable {
  private readonly formatProxy: { fill: FakeFill; font: { bold?: boolean }; columnWidth?: number };
  private readonly validation: { rule: unknown; errorAlert: unknown };
  get sheetName() {
    return this.sheet;
  }
  constructor(
    ctx: FakeContext,
    private readonly sheet: string,
    private box: Box | null,
    private readonly addr?: string,
    private readonly whole = false,
    /** getUsedRange (1.1): an empty sheet's used range is A1. */
    private readonly orA1 = false,
  ) {
    super(ctx);
    const fill = new FakeFill(ctx, sheet, () => this.bounds());
    let bold: boolean | undefined;
    let width: number | undefined;
    this.formatProxy = {
      get fill() {
        ctx.use('RangeFormat.fill');
        return fill;
      },
      font: {
        get bold() {
          return bold;
        },
        set bold(b: boolean | undefined) {
          ctx.op('font.bold', sheet, b);
          ctx.write('RangeFont.bold', sheet);
          bold = b;
        },
      },
      get columnWidth() {
        return width;
      },
      set columnWidth(w: number | undefined) {
        ctx.op('columnWidth', sheet, w);
        ctx.write('RangeFormat.columnWidth', sheet);
        width = w;
      },
    };
    ctx.use('RangeFormat.font');
    const currentBox = () => this.box!;
    let alert: { showAlert?: boolean } | null = null;
    this.validation = {
      set rule(r: { list?: { source: string } }) {
        ctx.op('validation', sheet, r);
        ctx.write('DataValidation.rule', sheet);
        const b = currentBox();
        ctx.xl.validations.push({ sheet, col: b.c + 1, rows: b.nr, source: r.list?.source ?? '', strict: true });
      },
      get rule(): { list?: { source: string } } {
        return {};
      },
      set errorAlert(a: { showAlert?: boolean }) {
        ctx.op('validation.alert', sheet, a);
        ctx.write('DataValidation.errorAlert', sheet);
        alert = a;
        const v = ctx.xl.validations[ctx.xl.validations.length - 1];
        if (v) v.strict = Boolean(a.showAlert);
      },
      get errorAlert(): { showAlert?: boolean } {
        return alert ?? {};
      },
    };
  }
  get format() {
    this.ctx.use('Range.format');
    return this.formatProxy;
  }
  get dataValidation() {
    this.ctx.use('Range.dataValidation');
    return this.validation;
  }
  private get data() {
    const d = this.ctx.xl.sheets.get(this.sheet);
    if (!d) throw officeError('ItemNotFound', this.sheet);
    return d;
  }
  /** Set on a range's own used range: the box it looks within (else the whole sheet). */
  private within: Box | null = null;
  /** The used range (box null) is computed at sync time, like Excel does: cells with a value or a formula. */
  private bounds(): Box | null {
    if (this.box) return this.box;
    const w = this.within;
    let r0 = Infinity,
      c0 = Infinity,
      r1 = -1,
      c1 = -1;
    const see = (k: number) => {
      const r = rowOf(k);
      const c = colOf(k);
      if (w && (r < w.r || r >= w.r + w.nr || c < w.c || c >= w.c + w.nc)) return;
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    };
    for (const k of this.data.cells.keys()) see(k);
    for (const k of this.data.formulas?.keys() ?? []) see(k);
    return r1 < 0 ? null : { r: r0, c: c0, nr: r1 - r0 + 1, nc: c1 - c0 + 1 };
  }
  /** Range.getUsedRangeOrNullObject (ExcelApi 1.4): the used cells within this range. */
  getUsedRangeOrNullObject(_valuesOnly?: boolean) {
    this.ctx.use('Range.getUsedRangeOrNullObject');
    this.ctx.op('range.getUsedRange', this.sheet, this.box);
    const used = new FakeRange(this.ctx, this.sheet, null);
    used.within = this.box!;
    return used;
  }
  getEntireColumn() {
    const b = this.box!;
    this.ctx.use('Range.getEntireColumn');
    this.ctx.op('getEntireColumn', this.sheet, b);
    return new FakeRange(this.ctx, this.sheet, { r: 0, c: b.c, nr: ROWS, nc: b.nc });
  }
  getEntireRow() {
    const b = this.box!;
    this.ctx.use('Range.getEntireRow');
    this.ctx.op('getEntireRow', this.sheet, b);
    return new FakeRange(this.ctx, this.sheet, { r: b.r, c: 0, nr: b.nr, nc: COLUMNS });
  }
  override resolve(): unknown {
    if (!this.box) this.box = this.bounds() ?? (this.orA1 ? { r: 0, c: 0, nr: 1, nc: 1 } : null);
    return super.resolve();
  }
  get isNullObject() {
    this.need('isNullObject');
    return this.box === null;
  }
  /** As Excel gives it: the sheet's name (quoted where it has to be), '!', the cell or range. */
  get address(): string {
    this.ctx.use('Range.address');
    this.need('address');
    const b = this.box!;
    const cell = (r: number, c: number) => columnName(c) + (r + 1);
    const where = b.nr === 1 && b.nc === 1 ? cell(b.r, b.c) : `${cell(b.r, b.c)}:${cell(b.r + b.nr - 1, b.c + b.nc - 1)}`;
    const name = /^[A-Za-z0-9_\u3400-\u9fff]+$/.test(this.sheet) ? this.sheet : `'${this.sheet.replace(/'/g, "''")}'`;
    return `${name}!${where}`;
  }
  get rowIndex() {
    this.ctx.use('Range.rowIndex');
    this.need('rowIndex');
    return this.box!.r;
  }
  get columnIndex() {
    this.ctx.use('Range.columnIndex');
    this.need('columnIndex');
    return this.box!.c;
  }
  get rowCount() {
    this.ctx.use('Range.rowCount');
    this.need('rowCount');
    return this.box!.nr;
  }
  get columnCount() {
    this.ctx.use('Range.columnCount');
    this.need('columnCount');
    return this.box!.nc;
  }
  get values(): Cell[][] {
    this.ctx.use('Range.values');
    this.need('values');
    // As in Excel: the values as they were at the sync that loaded them, and only if they were asked for.
    if (this.loadedValues === null) throw officeError('PropertyNotLoaded', 'values was not among the properties loaded');
    return this.loadedValues;
  }
  set values(v: Cell[][]) {
    const b = this.box!;
    if (v.length !== b.nr || v.some((row) => row.length !== b.nc))
      throw officeError('InvalidArgument', 'values do not match the range size');
    this.ctx.op('setValues', this.sheet, b, v);
    this.ctx.write('Range.values', this.sheet);
    const d = this.data;
    v.forEach((row, i) => row.forEach((x, j) => putCell(this.ctx.xl, d, key(b.r + i, b.c + j), x)));
    this.ctx.changed.add(this.sheet);
  }
  /** Number formats: one per cell (a 2D array the range's size, as Office.js takes it). */
  set numberFormat(v: string[][]) {
    const b = this.box!;
    if (!Array.isArray(v) || v.length !== b.nr || v.some((row) => row.length !== b.nc))
      throw officeError('InvalidArgument', 'numberFormat does not match the range size');
    this.ctx.op('setNumberFormat', this.sheet, b, v);
    this.ctx.write('Range.numberFormat', this.sheet);
    const formats = (this.data.numberFormats ??= new Map());
    v.forEach((row, i) => row.forEach((f, j) => formats.set(key(b.r + i, b.c + j), f)));
  }
  get numberFormat(): string[][] {
    throw new Error('fake Excel: reading numberFormat is not modelled');
  }
  /** As Excel gives them: a cell's formula where it has one, else its value ('' when empty). */
  get formulas(): Cell[][] {
    this.ctx.use('Range.formulas');
    this.need('formulas');
    if (this.loadedFormulas === null) throw officeError('PropertyNotLoaded', 'formulas was not among the properties loaded');
    return this.loadedFormulas;
  }
  private read(): Cell[][] {
    const b = this.box;
    if (!b) return [];
    const cells = this.data.cells;
    const out: Cell[][] = [];
    for (let i = 0; i < b.nr; i++) {
      const row: Cell[] = [];
      for (let j = 0; j < b.nc; j++) row.push(cells.get(key(b.r + i, b.c + j)) ?? '');
      out.push(row);
    }
    return out;
  }
  /** Whether a load asked for the values (a load of other properties does not bring them). */
  private wantsValues = false;
  private loadedValues: Cell[][] | null = null;
  private wantsFormulas = false;
  private loadedFormulas: Cell[][] | null = null;
  override load(props?: unknown): this {
    const asked = (p: string) =>
      props === undefined || (typeof props === 'string' && props.split(',').some((x) => [p, '*'].includes(x.trim())));
    if (asked('values')) this.wantsValues = true;
    if (asked('formulas')) this.wantsFormulas = true;
    return super.load(props);
  }
  protected override snapshot() {
    if (!this.box) return null;
    if (!this.wantsValues && !this.wantsFormulas) return { box: this.box };
    const out: { box: Box; values?: Cell[][]; formulas?: Cell[][] } = { box: this.box };
    if (this.wantsValues) out.values = this.loadedValues = this.read();
    if (this.wantsFormulas) {
      const formulas = this.data.formulas;
      out.formulas = this.loadedFormulas = this.read().map((row, i) =>
        row.map((v, j) => formulas?.get(key(this.box!.r + i, this.box!.c + j)) ?? v),
      );
    }
    return out;
  }
  /** Clears the cells (the whole sheet for getRange() without an address). */
  clear() {
    this.ctx.op('clear', this.sheet, this.whole ? '*' : this.box);
    this.ctx.write('Range.clear', this.sheet);
    const b = this.box!;
    for (const k of [...this.data.cells.keys()]) {
      const r = rowOf(k);
      const c = colOf(k);
      if (this.whole || (r >= b.r && r < b.r + b.nr && c >= b.c && c < b.c + b.nc)) this.data.cells.delete(k);
    }
    if (this.whole) {
      // clear() without an argument clears formats too.
      this.data.formulas?.clear();
      this.data.numberFormats?.clear();
    }
    this.ctx.changed.add(this.sheet);
  }
  get box0(): Box {
    return this.box!;
  }
  select() {
    this.ctx.use('Range.select');
    this.ctx.op('select', this.sheet, this.addr);
    this.ctx.xl.selected = { sheet: this.sheet, address: this.addr ?? '' };
  }
}

class FakeFill extends Loadable {
  constructor(
    ctx: FakeContext,
    private readonly sheet: string,
    private readonly box: () => Box | null,
  ) {
    super(ctx);
  }
  private get k() {
    const b = this.box()!;
    return key(b.r, b.c);
  }
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet)!;
  }
  private loadedColor: string | null = null;
  override resolve(): unknown {
    this.loadedColor = this.data.fills.get(this.k) ?? null;
    return super.resolve();
  }
  /** Like Office.js: the value loaded at the last sync, or the one this proxy was last given. */
  get color(): string {
    this.ctx.use('RangeFill.color');
    this.need('color');
    return this.loadedColor ?? '#FFFFFF';
  }
  set color(v: string) {
    this.ctx.op('fill.color', this.sheet, this.k, v);
    this.ctx.write('RangeFill.color', this.sheet);
    this.data.fills.set(this.k, v);
    this.loadedColor = v;
  }
  get pattern(): string {
    this.ctx.use('RangeFill.pattern');
    this.need('pattern');
    return this.loadedColor ? 'Solid' : 'None';
  }
  clear() {
    this.ctx.op('fill.clear', this.sheet, this.k);
    this.ctx.write('RangeFill.clear', this.sheet);
    this.data.fills.delete(this.k);
  }
  protected override snapshot() {
    return this.data.fills.get(this.k) ?? null;
  }
}

class FakeNotes {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: string,
  ) {}
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet)!;
  }
  add(address: string, content: string) {
    this.ctx.op('notes.add', this.sheet, address, content);
    this.ctx.write('NoteCollection.add', this.sheet);
    const { row, col } = parseAddress(address);
    if (this.data.notes.has(key(row, col))) throw officeError('InvalidArgument', `a note already exists at ${address}`);
    if (this.ctx.xl.comments.some(([s, k]) => s === this.sheet && k === key(row, col)))
      throw officeError('InvalidOperation', `${address} has a threaded comment`);
    this.data.notes.set(key(row, col), content);
  }
  getItemOrNullObject(address: string) {
    this.ctx.use('NoteCollection.getItemOrNullObject');
    this.ctx.op('notes.get', this.sheet, address);
    return new FakeNote(this.ctx, this.sheet, address);
  }
}

class FakeNote extends Loadable {
  private readonly k: number;
  private existedAtLoad = false;
  constructor(
    ctx: FakeContext,
    private readonly sheet: string,
    address: string,
  ) {
    super(ctx);
    const { row, col } = parseAddress(address);
    this.k = key(row, col);
  }
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet)!;
  }
  private contentAtLoad = '';
  override resolve(): unknown {
    this.existedAtLoad = this.data.notes.has(this.k);
    this.contentAtLoad = this.data.notes.get(this.k) ?? '';
    return super.resolve();
  }
  get isNullObject() {
    this.need('isNullObject');
    return !this.existedAtLoad;
  }
  get content() {
    this.ctx.use('Note.content');
    this.need('content');
    return this.contentAtLoad;
  }
  set content(v: string) {
    this.ctx.op('note.content', this.sheet, this.k, v);
    this.ctx.write('Note.content', this.sheet);
    if (!this.data.notes.has(this.k)) throw officeError('ItemNotFound', 'no note at this cell');
    this.data.notes.set(this.k, v);
    this.contentAtLoad = v;
  }
  /** Deleting a null object is a no-op in Excel's batch; so here. */
  delete() {
    this.ctx.op('notes.delete', this.sheet, this.k);
    this.ctx.write('Note.delete', this.sheet);
    this.data.notes.delete(this.k);
  }
}

/** `workbook.notes`: every note of every sheet, each knowing where it sits. */
class FakeWorkbookNotes extends Loadable {
  private snap: { sheet: string; k: number; content: string }[] = [];
  override resolve(): unknown {
    this.snap = [];
    for (const [name, d] of this.ctx.xl.sheets) for (const [k, content] of d.notes) this.snap.push({ sheet: name, k, content });
    return super.resolve();
  }
  get items() {
    this.ctx.use('NoteCollection.items');
    this.need('notes.items');
    return this.snap.map((e) => new FakeNoteItem(this.ctx, e.sheet, e.k, e.content));
  }
  protected override snapshot() {
    return this.snap.map((e) => e.content);
  }
}

class FakeNoteItem {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: string,
    private readonly k: number,
    private readonly text: string,
  ) {}
  get content(): string {
    this.ctx.use('Note.content');
    return this.text;
  }
  getLocation() {
    this.ctx.use('Note.getLocation');
    this.ctx.op('note.getLocation', this.sheet, this.k);
    return new FakeRange(this.ctx, this.sheet, { r: rowOf(this.k), c: colOf(this.k), nr: 1, nc: 1 });
  }
  delete() {
    this.ctx.op('notes.delete', this.sheet, this.k);
    this.ctx.write('Note.delete', this.sheet);
    this.ctx.xl.sheets.get(this.sheet)!.notes.delete(this.k);
  }
}

function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

class FakeTables extends Loadable {
  constructor(
    ctx: FakeContext,
    private readonly sheet: string,
  ) {
    super(ctx);
  }
  get items() {
    this.ctx.use('TableCollection.items');
    this.need('tables.items');
    return this.ctx.xl.sheets.get(this.sheet)!.tables.map((t) => new FakeTable(this.ctx, this.sheet, t));
  }
  protected override snapshot() {
    return this.ctx.xl.sheets.get(this.sheet)!.tables.map((t) => t.name);
  }
}

class FakeTable {
  private readonly rowsProxy: { add: (index: number | undefined, values: Cell[][]) => void };
  private readonly columnsProxy: { add: (index?: number | null, values?: unknown, name?: string) => void };
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: string,
    private readonly t: { name: string; box: Box; totals?: boolean },
  ) {
    const data = () => ctx.xl.sheets.get(sheet)!;
    this.rowsProxy = {
      // TableRowCollection.add (alwaysInsert defaults to true): the rows are inserted at the end of
      // the table, and every cell below it in the table's columns moves down.
      add: (index, values) => {
        ctx.op('table.rows.add', t.name, values);
        // One row is ExcelApi 1.1, several 1.4.
        ctx.write(values.length === 1 ? 'TableRowCollection.addRow' : 'TableRowCollection.add', sheet);
        if (index !== undefined && index !== null && index !== -1) throw new Error('fake Excel: only adding at the end is modelled');
        const b = t.box;
        const d = data();
        values.forEach((row) => {
          if (row.length !== b.nc) throw officeError('InvalidArgument', 'row width differs from the table');
        });
        // Above the total row, where the table has one.
        const end = b.r + b.nr - (t.totals ? 1 : 0);
        shiftCells(d, (r, c) => r >= end && c >= b.c && c < b.c + b.nc, values.length, 0);
        for (const other of d.tables)
          if (other.box !== b && other.box.r >= end && other.box.c < b.c + b.nc && other.box.c + other.box.nc > b.c)
            other.box.r += values.length;
        values.forEach((row, i) => row.forEach((x, j) => putCell(ctx.xl, d, key(end + i, b.c + j), x)));
        b.nr += values.length;
        ctx.xl.rowsAdded.push({ table: t.name, rows: values.length });
        ctx.changed.add(sheet);
      },
    };
    this.columnsProxy = {
      // TableColumnCollection.add (ExcelApi 1.4 for null index and name): a column at the right
      // end of the table; cells right of the table in its rows move right.
      add: (index, values, name) => {
        ctx.op('table.columns.add', t.name, name ?? null);
        ctx.write('TableColumnCollection.add', sheet);
        if (index !== undefined && index !== null && index !== -1) throw new Error('fake Excel: only adding at the end is modelled');
        if (values !== undefined && values !== null) throw new Error('fake Excel: adding a column with values is not modelled');
        const b = t.box;
        const d = data();
        const right = b.c + b.nc;
        shiftCells(d, (c0, c) => c >= right && c0 >= b.r && c0 < b.r + b.nr, 0, 1);
        d.cells.set(key(b.r, right), name ?? `Column${b.nc + 1}`);
        b.nc += 1;
        ctx.xl.columnsAdded.push({ table: t.name, name: name ?? '' });
        ctx.changed.add(sheet);
      },
    };
  }
  get rows() {
    this.ctx.use('Table.rows');
    return this.rowsProxy;
  }
  get columns() {
    this.ctx.use('Table.columns');
    return this.columnsProxy;
  }
  get name() {
    this.ctx.use('Table.name');
    return this.t.name;
  }
  /** A table made with `totals` has a total row: the last row of its box. */
  get showTotals() {
    this.ctx.use('Table.showTotals');
    return Boolean(this.t.totals);
  }
  getTotalRowRange() {
    this.ctx.use('Table.getTotalRowRange');
    this.ctx.op('table.getTotalRowRange', this.t.name);
    const b = this.t.box;
    return new FakeRange(this.ctx, this.sheet, { r: b.r + b.nr - 1, c: b.c, nr: 1, nc: b.nc });
  }
  getRange() {
    this.ctx.use('Table.getRange');
    this.ctx.op('table.getRange', this.t.name);
    return new FakeRange(this.ctx, this.sheet, { ...this.t.box });
  }
  resize(range: FakeRange) {
    this.ctx.op('table.resize', this.t.name, range.box0);
    this.ctx.write('Table.resize', this.sheet);
    const b = range.box0;
    if (b.r !== this.t.box.r || b.c !== this.t.box.c) throw officeError('InvalidArgument', 'the header row must stay');
    // A table has no blank header: Excel names an empty header cell it grows over Column1, Column2...
    const cells = this.ctx.xl.sheets.get(this.sheet)!.cells;
    for (let j = 0; j < b.nc; j++) if (!cells.has(key(b.r, b.c + j))) cells.set(key(b.r, b.c + j), `Column${j + 1}`);
    this.t.box = { ...b };
  }
}

/** Moves the cells `which` picks (values, formulas, fills, notes) by rows and columns, as an insert does. */
function shiftCells(d: SheetData, which: (r: number, c: number) => boolean, rows: number, cols: number): void {
  for (const m of [d.cells, d.formulas, d.fills, d.notes, d.numberFormats] as (Map<number, unknown> | undefined)[]) {
    if (!m) continue;
    const moved = [...m].filter(([k]) => which(rowOf(k), colOf(k)));
    for (const [k] of moved) m.delete(k);
    for (const [k, v] of moved) m.set(key(rowOf(k) + rows, colOf(k) + cols), v);
  }
}

class FakeCharts {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: string,
  ) {}
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet);
  }
  add(type: string, source: FakeRange, _seriesBy?: string) {
    this.ctx.op('charts.add', this.sheet, type);
    this.ctx.write('ChartCollection.add', this.sheet);
    const c: SheetData['charts'][number] = { name: '', type, source: source.box0, title: '', series: [] };
    this.data!.charts.push(c);
    const ctx = this.ctx;
    const sheet = this.sheet;
    return {
      set name(n: string) {
        ctx.write('Chart.name', sheet);
        c.name = n;
      },
      get series() {
        ctx.use('Chart.series');
        return {
          getItemAt(index: number) {
            ctx.use('ChartSeriesCollection.getItemAt');
            ctx.op('chart.series.getItemAt', String(index));
            if (index < 0 || index >= source.box0.nc - 1) throw officeError('ItemNotFound', 'no such series');
            const s = { index } as { index: number; chartType?: string; axisGroup?: string };
            c.series!.push(s);
            return {
              set chartType(t: string) {
                ctx.write('ChartSeries.chartType', sheet);
                s.chartType = t;
              },
              set axisGroup(g: string) {
                ctx.write('ChartSeries.axisGroup', sheet);
                s.axisGroup = g;
              },
            };
          },
        };
      },
      get title() {
        ctx.use('Chart.title');
        return {
          set text(t: string) {
            ctx.write('ChartTitle.text', sheet);
            c.title = t;
          },
        };
      },
      setPosition: () => ctx.write('Chart.setPosition', sheet),
    };
  }
  private names: string[] | null = null;
  /** `load('items/name')`: the sheet's charts by name at the next sync (ExcelApi 1.1). */
  load(_p?: unknown) {
    this.ctx.op('load', 'charts');
    this.ctx.pendingLoads.add({
      resolve: () => ((this.names = (this.data?.charts ?? []).map((c) => c.name)), this.names),
    } as unknown as Loadable);
    return this;
  }
  get items() {
    this.ctx.use('ChartCollection.items');
    if (this.names === null) throw officeError('PropertyNotLoaded', 'charts.items');
    const ctx = this.ctx;
    const sheet = this.sheet;
    return this.names.map((name) => ({
      name,
      delete() {
        ctx.op('chart.delete', sheet, name);
        ctx.write('Chart.delete', sheet);
        const d = ctx.xl.sheets.get(sheet)!;
        d.charts = d.charts.filter((c) => c.name !== name);
      },
    }));
  }
  getItemOrNullObject(name: string) {
    this.ctx.use('ChartCollection.getItemOrNullObject');
    this.ctx.op('charts.getItemOrNull', this.sheet, name);
    const ctx = this.ctx;
    const sheet = this.sheet;
    let exists: boolean | null = null;
    const chart = {
      load() {
        ctx.op('load', 'chart');
        ctx.pendingLoads.add({
          resolve: () => ((exists = Boolean(ctx.xl.sheets.get(sheet)?.charts.some((c) => c.name === name))), null),
        } as unknown as Loadable);
        return chart;
      },
      get isNullObject() {
        if (exists === null) throw officeError('PropertyNotLoaded', 'chart.isNullObject');
        return !exists;
      },
      delete() {
        ctx.op('chart.delete', sheet, name);
        ctx.write('Chart.delete', sheet);
        const d = ctx.xl.sheets.get(sheet)!;
        d.charts = d.charts.filter((c) => c.name !== name);
      },
    };
    return chart;
  }
}

/** Reads a fake sheet's fill at an address (for assertions). */
export function fillAt(xl: FakeExcel, sheet: string, address: string): string | undefined {
  const { row, col } = parseAddress(address);
  return xl.sheets.get(sheet)?.fills.get(key(row, col));
}

export function noteAt(xl: FakeExcel, sheet: string, address: string): string | undefined {
  const { row, col } = parseAddress(address);
  return xl.sheets.get(sheet)?.notes.get(key(row, col));
}
