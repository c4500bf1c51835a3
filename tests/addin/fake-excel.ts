/**
 * A hand-made fake of the slice of Excel's RequestContext the Office port uses. office-addin-mock
 * cannot mock collections (worksheets.items, notes), so this fake stands in for them. It behaves
 * like Office.js where it matters for the port's correctness and cost:
 *  - a loaded property read before `context.sync()` throws, as in Excel;
 *  - every `sync()` is counted, with the bytes of the request (queued commands and written values)
 *    and of the response (loaded values), as UTF-8 JSON, which is what Excel on the web sends and
 *    what its 5 MB limit counts (a Chinese character is 3 bytes, not 1);
 *  - table.rows.add and table.columns.add insert, pushing cells below (right of) the table aside;
 *  - `range.numberFormat` is recorded per cell, and with `coerceLikeExcel` a text written into a
 *    cell not formatted as text ('@') becomes what Excel makes of it ("001" is 1, "2026-09-01" a
 *    date serial), so a test can tell a write that sets the format first from one that does not.
 * The benchmark uses it too.
 */
import { utf8Length } from '../../core/utf8';

type Cell = string | number | boolean;

interface SheetData {
  name: string;
  cells: Map<number, Cell>;
  fills: Map<number, string>;
  notes: Map<number, string>;
  frozenRows: number;
  visibility: string;
  /** A protected sheet refuses formats and notes, as Excel does. */
  protected?: boolean;
  /** Number formats by cell, as set through `range.numberFormat` (absent: General). */
  numberFormats?: Map<number, string>;
  /** Formulas by cell (`=...`); the cell's value is in `cells` ('' is absent there). */
  formulas?: Map<number, string>;
  /** Excel tables on the sheet: 0-based box of header and rows (and total row, with `totals`). */
  tables: { name: string; box: Box; totals?: boolean }[];
  charts: { name: string; type: string; source: Box; title: string; series?: { index: number; chartType?: string; axisGroup?: string }[] }[];
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

function parseAddress(addr: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(addr);
  if (!m) throw new Error(`fake Excel: InvalidArgument, not a single cell: ${addr}`);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export class FakeExcel {
  readonly sheets = new Map<string, SheetData>();
  readonly settings = new Map<string, string>();
  syncs: SyncStat[] = [];
  runs: { mergeUndoGroup: boolean }[] = [];
  selected: { sheet: string; address: string } | null = null;
  tables: { name: string; sheet: string }[] = [];
  /** Handlers registered on worksheets.onChanged, to raise the event by hand. */
  changeHandlers: ((ev: { triggerSource?: string }) => unknown)[] = [];
  validations: { sheet: string; col: number; rows: number; source: string; strict: boolean }[] = [];
  active: string | null = null;
  /** Makes the next sync fail as Excel on the web does when a response passes 5 MB. */
  failNextSyncOverBytes: number | null = null;
  /** Text written into a cell that is not formatted as text becomes a number or a date serial, as Excel does. */
  coerceLikeExcel = false;

  addSheet(name: string, rows: Cell[][] = [], origin = { row: 0, col: 0 }): SheetData {
    const s: SheetData = { name, cells: new Map(), fills: new Map(), notes: new Map(), frozenRows: 0, visibility: 'Visible', tables: [], charts: [] };
    rows.forEach((row, r) => row.forEach((v, c) => v !== '' && v !== null && v !== undefined && s.cells.set(key(origin.row + r, origin.col + c), v)));
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

  /** An ExcelRunner for OfficePort over this fake. */
  runner(opts: { supportsUndoGroup?: boolean; supportsNotes?: boolean; supportsTableResize?: boolean; supportsSecondaryAxis?: boolean } = {}) {
    return {
      supportsUndoGroup: opts.supportsUndoGroup ?? true,
      supportsNotes: opts.supportsNotes ?? true,
      supportsTableResize: opts.supportsTableResize ?? true,
      supportsSecondaryAxis: opts.supportsSecondaryAxis ?? true,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      run: async <T>(batch: (ctx: any) => Promise<T>, o?: { mergeUndoGroup?: boolean }): Promise<T> => {
        this.runs.push({ mergeUndoGroup: Boolean(o?.mergeUndoGroup) });
        const ctx = new FakeContext(this);
        return batch(ctx);
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
    if (!this.loaded) throw new Error(`fake Excel: PropertyNotLoaded: ${prop} was read before load() and sync()`);
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
  readonly workbook: FakeWorkbookProxy;
  constructor(readonly xl: FakeExcel) {
    this.workbook = new FakeWorkbookProxy(this);
  }
  op(name: string, ...args: unknown[]): void {
    this.ops.push([name, ...args]);
  }
  async sync(): Promise<void> {
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
    this.xl.syncs.push({ requestBytes, responseBytes });
  }
}

class FakeWorkbookProxy {
  readonly worksheets: FakeWorksheets;
  readonly settings: FakeSettings;
  /** Every note in the workbook (ExcelApi 1.18). */
  readonly notes: FakeWorkbookNotes;
  readonly tables: { add: (range: FakeRange, hasHeaders: boolean) => { name: string } };
  constructor(private readonly ctx: FakeContext) {
    this.worksheets = new FakeWorksheets(ctx);
    this.settings = new FakeSettings(ctx);
    this.notes = new FakeWorkbookNotes(ctx);
    this.tables = {
      add: (range: FakeRange) => {
        ctx.op('tables.add', range.sheetName);
        const t = { name: '', sheet: range.sheetName };
        ctx.xl.tables.push(t);
        return t;
      },
    };
  }
}

class FakeSettings {
  constructor(private readonly ctx: FakeContext) {}
  getItemOrNullObject(k: string) {
    this.ctx.op('settings.get', k);
    return new FakeSetting(this.ctx, k);
  }
  add(k: string, v: string) {
    this.ctx.op('settings.add', k, v);
    this.ctx.xl.settings.set(k, v);
  }
}

class FakeSetting extends Loadable {
  constructor(ctx: FakeContext, private readonly k: string) {
    super(ctx);
  }
  get isNullObject() {
    this.need('isNullObject');
    return !this.ctx.xl.settings.has(this.k);
  }
  get value() {
    this.need('value');
    return this.ctx.xl.settings.get(this.k);
  }
  protected override snapshot() {
    return this.ctx.xl.settings.get(this.k) ?? null;
  }
}

class FakeWorksheets extends Loadable {
  readonly onChanged = {
    add: (h: unknown) => {
      this.ctx.op('onChanged.add');
      this.ctx.xl.changeHandlers.push(h as (ev: { triggerSource?: string }) => unknown);
      return { remove: () => this.ctx.op('onChanged.remove') };
    },
  };
  get items() {
    this.need('items');
    return [...this.ctx.xl.sheets.keys()].map((n) => new FakeWorksheet(this.ctx, n, true));
  }
  getItem(name: string) {
    this.ctx.op('getItem', name);
    if (!this.ctx.xl.sheets.has(name)) throw new Error(`fake Excel: ItemNotFound: ${name}`);
    return new FakeWorksheet(this.ctx, name);
  }
  getItemOrNullObject(name: string) {
    this.ctx.op('getItemOrNull', name);
    return new FakeWorksheet(this.ctx, name, false, true);
  }
  add(name: string) {
    this.ctx.op('add', name);
    if (this.ctx.xl.sheets.has(name)) throw new Error(`fake Excel: ItemAlreadyExists: ${name}`);
    this.ctx.xl.addSheet(name);
    return new FakeWorksheet(this.ctx, name);
  }
  protected override snapshot() {
    return [...this.ctx.xl.sheets.keys()].map((name) => ({ name }));
  }
}

class FakeWorksheet {
  readonly notes: FakeNotes;
  readonly freezePanes: { freezeRows: (n: number) => void };
  readonly tables: FakeTables;
  readonly charts: FakeCharts;
  readonly protection: { load: (p?: unknown) => unknown; readonly protected: boolean };
  private existedAtLoad: boolean | null = null;
  constructor(
    private readonly ctx: FakeContext,
    private sheetName: string,
    _loaded = false,
    private readonly nullable = false,
  ) {
    const name = sheetName;
    this.notes = new FakeNotes(ctx, name);
    this.tables = new FakeTables(ctx, name);
    this.charts = new FakeCharts(ctx, name);
    let protectedAtLoad: boolean | null = null;
    const sheet = () => ctx.xl.sheets.get(name);
    this.protection = {
      load: () => {
        ctx.op('load', 'protection');
        ctx.pendingLoads.add({ resolve: () => ((protectedAtLoad = Boolean(sheet()?.protected)), null) } as unknown as Loadable);
        return this.protection;
      },
      get protected() {
        if (protectedAtLoad === null) throw new Error('fake Excel: PropertyNotLoaded: protection.protected');
        return protectedAtLoad;
      },
    };
    this.freezePanes = {
      freezeRows: (n: number) => {
        ctx.op('freezeRows', name, n);
        this.data.frozenRows = n;
      },
    };
  }
  get name(): string {
    return this.sheetName;
  }
  /** Renames the sheet, as `worksheet.name = ...` does (its cells and the rest go with it). */
  set name(to: string) {
    this.ctx.op('rename', this.sheetName, to);
    const xl = this.ctx.xl;
    if (xl.sheets.has(to)) throw new Error(`fake Excel: ItemAlreadyExists: ${to}`);
    const d = xl.sheets.get(this.sheetName)!;
    xl.sheets.delete(this.sheetName);
    d.name = to;
    xl.sheets.set(to, d);
    this.sheetName = to;
  }
  get data(): SheetData {
    return this.ctx.xl.sheets.get(this.name)!;
  }
  /** Only a getItemOrNullObject worksheet has this; it is known after load() and sync(). */
  load(_p?: unknown) {
    this.ctx.op('load', 'worksheet');
    this.ctx.pendingLoads.add({ resolve: () => ((this.existedAtLoad = this.ctx.xl.sheets.has(this.name)), null) } as unknown as Loadable);
    return this;
  }
  get isNullObject() {
    if (!this.nullable) return false;
    if (this.existedAtLoad === null) throw new Error('fake Excel: PropertyNotLoaded: isNullObject');
    return !this.existedAtLoad;
  }
  set visibility(v: string) {
    this.ctx.op('visibility', this.name, v);
    this.data.visibility = v;
  }
  get visibility() {
    return this.data.visibility;
  }
  activate() {
    this.ctx.op('activate', this.name);
    this.ctx.xl.active = this.name;
  }
  delete() {
    this.ctx.op('delete', this.name);
    this.ctx.xl.sheets.delete(this.name);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean) {
    this.ctx.op('getUsedRange', this.name);
    return new FakeRange(this.ctx, this.name, null);
  }
  getRangeByIndexes(r: number, c: number, nr: number, nc: number) {
    this.ctx.op('getRangeByIndexes', this.name, r, c, nr, nc);
    return new FakeRange(this.ctx, this.name, { r, c, nr, nc });
  }
  getRange(address?: string) {
    this.ctx.op('getRange', this.name, address ?? '*');
    if (address === undefined) return new FakeRange(this.ctx, this.name, { r: 0, c: 0, nr: 1_048_576, nc: 16_384 }, undefined, true);
    const { row, col } = parseAddress(address);
    return new FakeRange(this.ctx, this.name, { r: row, c: col, nr: 1, nc: 1 }, address);
  }
}

type Box = { r: number; c: number; nr: number; nc: number };

/** What Excel makes of a text typed or written into a cell formatted General: a number, a date serial, or the text. */
function asExcelTakesIt(x: Cell): Cell {
  if (typeof x !== 'string') return x;
  if (/^[+-]?\d+(\.\d+)?$/.test(x.trim())) return Number(x);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(x.trim());
  if (d) return Math.round((Date.UTC(+d[1], +d[2] - 1, +d[3]) - Date.UTC(1899, 11, 30)) / 86_400_000);
  return x;
}

class FakeRange extends Loadable {
  readonly format: { fill: FakeFill; font: { bold?: boolean }; columnWidth?: number };
  readonly dataValidation: { rule: unknown; errorAlert: unknown };
  get sheetName() {
    return this.sheet;
  }
  constructor(
    ctx: FakeContext,
    private readonly sheet: string,
    private box: Box | null,
    private readonly addr?: string,
    private readonly whole = false,
  ) {
    super(ctx);
    this.format = { fill: new FakeFill(ctx, sheet, () => this.bounds()), font: {} };
    const currentBox = () => this.box!;
    let alert: { showAlert?: boolean } | null = null;
    this.dataValidation = {
      set rule(r: { list?: { source: string } }) {
        ctx.op('validation', sheet, r);
        const b = currentBox();
        ctx.xl.validations.push({ sheet, col: b.c + 1, rows: b.nr, source: r.list?.source ?? '', strict: true });
      },
      get rule(): { list?: { source: string } } {
        return {};
      },
      set errorAlert(a: { showAlert?: boolean }) {
        alert = a;
        const v = ctx.xl.validations[ctx.xl.validations.length - 1];
        if (v) v.strict = Boolean(a.showAlert);
      },
      get errorAlert(): { showAlert?: boolean } {
        return alert ?? {};
      },
    };
  }
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet)!;
  }
  /** Set on a range's own used range: the box it looks within (else the whole sheet). */
  private within: Box | null = null;
  /** The used range (box null) is computed at sync time, like Excel does: cells with a value or a formula. */
  private bounds(): Box | null {
    if (this.box) return this.box;
    const w = this.within;
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    const see = (k: number) => {
      const r = rowOf(k);
      const c = colOf(k);
      if (w && (r < w.r || r >= w.r + w.nr || c < w.c || c >= w.c + w.nc)) return;
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    };
    for (const k of this.data.cells.keys()) see(k);
    for (const k of this.data.formulas?.keys() ?? []) see(k);
    return r1 < 0 ? null : { r: r0, c: c0, nr: r1 - r0 + 1, nc: c1 - c0 + 1 };
  }
  /** Range.getUsedRangeOrNullObject (ExcelApi 1.4): the used cells within this range. */
  getUsedRangeOrNullObject(_valuesOnly?: boolean) {
    this.ctx.op('range.getUsedRange', this.sheet, this.box);
    const used = new FakeRange(this.ctx, this.sheet, null);
    used.within = this.box!;
    return used;
  }
  getEntireColumn() {
    const b = this.box!;
    this.ctx.op('getEntireColumn', this.sheet, b);
    return new FakeRange(this.ctx, this.sheet, { r: 0, c: b.c, nr: ROWS, nc: b.nc });
  }
  getEntireRow() {
    const b = this.box!;
    this.ctx.op('getEntireRow', this.sheet, b);
    return new FakeRange(this.ctx, this.sheet, { r: b.r, c: 0, nr: b.nr, nc: COLUMNS });
  }
  override resolve(): unknown {
    if (!this.box) this.box = this.bounds();
    return super.resolve();
  }
  get isNullObject() {
    this.need('isNullObject');
    return this.box === null;
  }
  /** As Excel gives it: the sheet's name (quoted where it has to be), '!', the cell or range. */
  get address(): string {
    this.need('address');
    const b = this.box!;
    const cell = (r: number, c: number) => columnName(c) + (r + 1);
    const where = b.nr === 1 && b.nc === 1 ? cell(b.r, b.c) : `${cell(b.r, b.c)}:${cell(b.r + b.nr - 1, b.c + b.nc - 1)}`;
    const name = /^[A-Za-z0-9_\u3400-\u9fff]+$/.test(this.sheet) ? this.sheet : `'${this.sheet.replace(/'/g, "''")}'`;
    return `${name}!${where}`;
  }
  get rowIndex() { this.need('rowIndex'); return this.box!.r; }
  get columnIndex() { this.need('columnIndex'); return this.box!.c; }
  get rowCount() { this.need('rowCount'); return this.box!.nr; }
  get columnCount() { this.need('columnCount'); return this.box!.nc; }
  get values(): Cell[][] {
    this.need('values');
    // As in Excel: the values as they were at the sync that loaded them, and only if they were asked for.
    if (this.loadedValues === null) throw new Error('fake Excel: PropertyNotLoaded: values was not among the properties loaded');
    return this.loadedValues;
  }
  set values(v: Cell[][]) {
    const b = this.box!;
    if (v.length !== b.nr || v.some((row) => row.length !== b.nc)) throw new Error('fake Excel: InvalidArgument, values do not match the range size');
    this.ctx.op('setValues', this.sheet, b, v);
    const formulas = this.data.formulas;
    const formats = this.data.numberFormats;
    const coerce = this.ctx.xl.coerceLikeExcel;
    v.forEach((row, i) => row.forEach((x, j) => {
      const k = key(b.r + i, b.c + j);
      formulas?.delete(k);
      if (x === '' || x === null) this.data.cells.delete(k);
      else this.data.cells.set(k, coerce && formats?.get(k) !== '@' ? asExcelTakesIt(x) : x);
    }));
  }
  /** Number formats: one per cell (a 2D array the range's size, as Office.js takes it). */
  set numberFormat(v: string[][]) {
    const b = this.box!;
    if (!Array.isArray(v) || v.length !== b.nr || v.some((row) => row.length !== b.nc)) throw new Error('fake Excel: InvalidArgument, numberFormat does not match the range size');
    this.ctx.op('setNumberFormat', this.sheet, b, v);
    const formats = (this.data.numberFormats ??= new Map());
    v.forEach((row, i) => row.forEach((f, j) => formats.set(key(b.r + i, b.c + j), f)));
  }
  get numberFormat(): string[][] {
    throw new Error('fake Excel: reading numberFormat is not modelled');
  }
  /** As Excel gives them: a cell's formula where it has one, else its value ('' when empty). */
  get formulas(): Cell[][] {
    this.need('formulas');
    if (this.loadedFormulas === null) throw new Error('fake Excel: PropertyNotLoaded: formulas was not among the properties loaded');
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
    const asked = (p: string) => props === undefined || (typeof props === 'string' && props.split(',').some((x) => [p, '*'].includes(x.trim())));
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
      out.formulas = this.loadedFormulas = this.read().map((row, i) => row.map((v, j) => formulas?.get(key(this.box!.r + i, this.box!.c + j)) ?? v));
    }
    return out;
  }
  /** Clears the cells (the whole sheet for getRange() without an address). */
  clear() {
    this.ctx.op('clear', this.sheet, this.whole ? '*' : this.box);
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
  }
  get box0(): Box {
    return this.box!;
  }
  select() {
    this.ctx.op('select', this.sheet, this.addr);
    this.ctx.xl.selected = { sheet: this.sheet, address: this.addr ?? '' };
  }
}

class FakeFill extends Loadable {
  constructor(ctx: FakeContext, private readonly sheet: string, private readonly box: () => Box | null) {
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
    this.need('color');
    return this.loadedColor ?? '#FFFFFF';
  }
  set color(v: string) {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('fill.color', this.sheet, this.k, v);
    this.data.fills.set(this.k, v);
    this.loadedColor = v;
  }
  get pattern(): string {
    this.need('pattern');
    return this.loadedColor ? 'Solid' : 'None';
  }
  clear() {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('fill.clear', this.sheet, this.k);
    this.data.fills.delete(this.k);
  }
  protected override snapshot() {
    return this.data.fills.get(this.k) ?? null;
  }
}

class FakeNotes {
  constructor(private readonly ctx: FakeContext, private readonly sheet: string) {}
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet)!;
  }
  add(address: string, content: string) {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('notes.add', this.sheet, address, content);
    const { row, col } = parseAddress(address);
    if (this.data.notes.has(key(row, col))) throw new Error(`fake Excel: a note already exists at ${address}`);
    this.data.notes.set(key(row, col), content);
  }
  getItemOrNullObject(address: string) {
    this.ctx.op('notes.get', this.sheet, address);
    return new FakeNote(this.ctx, this.sheet, address);
  }
}

class FakeNote extends Loadable {
  private readonly k: number;
  private existedAtLoad = false;
  constructor(ctx: FakeContext, private readonly sheet: string, address: string) {
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
    this.need('content');
    return this.contentAtLoad;
  }
  set content(v: string) {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('note.content', this.sheet, this.k, v);
    if (!this.data.notes.has(this.k)) throw new Error('fake Excel: ItemNotFound, no note at this cell');
    this.data.notes.set(this.k, v);
    this.contentAtLoad = v;
  }
  /** Deleting a null object is a no-op in Excel's batch; so here. */
  delete() {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('notes.delete', this.sheet, this.k);
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
    readonly content: string,
  ) {}
  getLocation() {
    this.ctx.op('note.getLocation', this.sheet, this.k);
    return new FakeRange(this.ctx, this.sheet, { r: rowOf(this.k), c: colOf(this.k), nr: 1, nc: 1 });
  }
  delete() {
    refuseIfProtected(this.ctx, this.sheet);
    this.ctx.op('notes.delete', this.sheet, this.k);
    this.ctx.xl.sheets.get(this.sheet)!.notes.delete(this.k);
  }
}

function refuseIfProtected(ctx: FakeContext, sheet: string): void {
  if (ctx.xl.sheets.get(sheet)?.protected) throw new Error(`fake Excel: AccessDenied, the sheet ${sheet} is protected`);
}

function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

class FakeTables extends Loadable {
  constructor(ctx: FakeContext, private readonly sheet: string) {
    super(ctx);
  }
  get items() {
    this.need('tables.items');
    return this.ctx.xl.sheets.get(this.sheet)!.tables.map((t) => new FakeTable(this.ctx, this.sheet, t));
  }
  protected override snapshot() {
    return this.ctx.xl.sheets.get(this.sheet)!.tables.map((t) => t.name);
  }
}

class FakeTable {
  readonly rows: { add: (index: number | undefined, values: Cell[][]) => void };
  readonly columns: { add: (index?: number | null, values?: unknown, name?: string) => void };
  constructor(private readonly ctx: FakeContext, private readonly sheet: string, private readonly t: { name: string; box: Box; totals?: boolean }) {
    const data = () => ctx.xl.sheets.get(sheet)!;
    this.rows = {
      // TableRowCollection.add (alwaysInsert defaults to true): the rows are inserted at the end of
      // the table, and every cell below it in the table's columns moves down.
      add: (index, values) => {
        ctx.op('table.rows.add', t.name, values);
        if (index !== undefined && index !== null && index !== -1) throw new Error('fake Excel: only adding at the end is modelled');
        const b = t.box;
        const d = data();
        values.forEach((row) => {
          if (row.length !== b.nc) throw new Error('fake Excel: InvalidArgument, row width differs from the table');
        });
        // Above the total row, where the table has one.
        const end = b.r + b.nr - (t.totals ? 1 : 0);
        shiftCells(d, (r, c) => r >= end && c >= b.c && c < b.c + b.nc, values.length, 0);
        for (const other of d.tables) if (other.box !== b && other.box.r >= end && other.box.c < b.c + b.nc && other.box.c + other.box.nc > b.c) other.box.r += values.length;
        values.forEach((row, i) => {
          row.forEach((x, j) => {
            if (x !== '' && x !== null) d.cells.set(key(end + i, b.c + j), x);
          });
        });
        b.nr += values.length;
        ctx.xl.rowsAdded.push({ table: t.name, rows: values.length });
      },
    };
    this.columns = {
      // TableColumnCollection.add (ExcelApi 1.4 for null index and name): a column at the right
      // end of the table; cells right of the table in its rows move right.
      add: (index, values, name) => {
        ctx.op('table.columns.add', t.name, name ?? null);
        if (index !== undefined && index !== null && index !== -1) throw new Error('fake Excel: only adding at the end is modelled');
        if (values !== undefined && values !== null) throw new Error('fake Excel: adding a column with values is not modelled');
        const b = t.box;
        const d = data();
        const right = b.c + b.nc;
        shiftCells(d, (r, c) => c >= right && r >= b.r && r < b.r + b.nr, 0, 1);
        d.cells.set(key(b.r, right), name ?? `Column${b.nc + 1}`);
        b.nc += 1;
        ctx.xl.columnsAdded.push({ table: t.name, name: name ?? '' });
      },
    };
  }
  get name() {
    return this.t.name;
  }
  /** A table made with `totals` has a total row: the last row of its box. */
  get showTotals() {
    return Boolean(this.t.totals);
  }
  getTotalRowRange() {
    this.ctx.op('table.getTotalRowRange', this.t.name);
    const b = this.t.box;
    return new FakeRange(this.ctx, this.sheet, { r: b.r + b.nr - 1, c: b.c, nr: 1, nc: b.nc });
  }
  getRange() {
    this.ctx.op('table.getRange', this.t.name);
    return new FakeRange(this.ctx, this.sheet, { ...this.t.box });
  }
  resize(range: FakeRange) {
    this.ctx.op('table.resize', this.t.name, range.box0);
    const b = range.box0;
    if (b.r !== this.t.box.r || b.c !== this.t.box.c) throw new Error('fake Excel: InvalidArgument, the header row must stay');
    // A table has no blank header: Excel names an empty header cell it grows over Column1, Column2...
    const cells = this.ctx.xl.sheets.get(this.sheet)!.cells;
    for (let j = 0; j < b.nc; j++) if (!cells.has(key(b.r, b.c + j))) cells.set(key(b.r, b.c + j), `Column${j + 1}`);
    this.t.box = { ...b };
  }
}

/** Moves the cells `which` picks (values, formulas, fills, notes) by rows and columns, as an insert does. */
function shiftCells(d: SheetData, which: (r: number, c: number) => boolean, rows: number, cols: number): void {
  for (const m of [d.cells, d.formulas, d.fills, d.notes] as (Map<number, unknown> | undefined)[]) {
    if (!m) continue;
    const moved = [...m].filter(([k]) => which(rowOf(k), colOf(k)));
    for (const [k] of moved) m.delete(k);
    for (const [k, v] of moved) m.set(key(rowOf(k) + rows, colOf(k) + cols), v);
  }
}

class FakeCharts {
  constructor(private readonly ctx: FakeContext, private readonly sheet: string) {}
  private get data() {
    return this.ctx.xl.sheets.get(this.sheet);
  }
  add(type: string, source: FakeRange, _seriesBy?: string) {
    this.ctx.op('charts.add', this.sheet, type);
    const c: SheetData['charts'][number] = { name: '', type, source: source.box0, title: '', series: [] };
    this.data!.charts.push(c);
    const ctx = this.ctx;
    return {
      set name(n: string) {
        c.name = n;
      },
      series: {
        getItemAt(index: number) {
          ctx.op('chart.series.getItemAt', String(index));
          if (index < 0 || index >= source.box0.nc - 1) throw new Error('fake Excel: ItemNotFound, no such series');
          const s = { index } as { index: number; chartType?: string; axisGroup?: string };
          c.series!.push(s);
          return {
            set chartType(t: string) {
              s.chartType = t;
            },
            set axisGroup(g: string) {
              s.axisGroup = g;
            },
          };
        },
      },
      title: {
        set text(t: string) {
          c.title = t;
        },
      },
      setPosition: () => undefined,
    };
  }
  getItemOrNullObject(name: string) {
    this.ctx.op('charts.getItemOrNull', this.sheet, name);
    const ctx = this.ctx;
    const sheet = this.sheet;
    let exists: boolean | null = null;
    const chart = {
      load() {
        ctx.pendingLoads.add({ resolve: () => ((exists = Boolean(ctx.xl.sheets.get(sheet)?.charts.some((c) => c.name === name))), null) } as unknown as Loadable);
        return chart;
      },
      get isNullObject() {
        if (exists === null) throw new Error('fake Excel: PropertyNotLoaded: chart.isNullObject');
        return !exists;
      },
      delete() {
        ctx.op('chart.delete', sheet, name);
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
