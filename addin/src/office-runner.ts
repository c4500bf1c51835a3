/// <reference types="office-js" />
/**
 * How the port reaches Excel: the runner on Office.js (`Excel.run` with the host's feature flags)
 * and the hint shown while a batch waits on a cell being edited. Tests and the benchmark pass a
 * counting fake instead (tests/addin/fake-excel.ts).
 */
import { GUARDS, type Guard } from './office-apis';
import { officeDocumentSettings, type DocumentSettings } from './office-compat';

/** How the port reaches Excel; tests and the benchmark pass a counting fake. */
export interface ExcelRunner {
  run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>, opts?: { mergeUndoGroup?: boolean }): Promise<T>;
  /**
   * `Excel.run(context, batch)`: a batch on a context an earlier run made. An event handler is
   * removed only through the context that added it (OfficeExtension.EventHandlerResult).
   */
  resume?<T>(context: OfficeExtension.ClientRequestContext, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** ExcelApi 1.20: `Excel.run({ mergeUndoGroup: true })`. */
  supportsUndoGroup: boolean;
  /** ExcelApi 1.18: cell notes. Without them a mark is the fill colour alone. */
  supportsNotes: boolean;
  /** ExcelApi 1.13: `table.resize`. Without it rows join a table through `table.rows.add`. */
  supportsTableResize?: boolean;
  /** ExcelApi 1.8: a series on the secondary axis. Without it pass rate shares the count axis. */
  supportsSecondaryAxis?: boolean;
  /** ExcelApi 1.14: `triggerSource` on change events. Without it the add-in's own writes are told apart by time. */
  supportsTriggerSource?: boolean;
  /** ExcelApi 1.11: `delayForCellEdit`. */
  supportsCellEditDelay?: boolean;
  /** ExcelApi 1.2: sheet visibility set, protection, column widths. Without: the state sheet stays visible. */
  supportsSheetFormat?: boolean;
  /** ExcelApi 1.4: null objects, workbook settings, several rows or a named column added to a table at once. */
  supportsNullObjects?: boolean;
  /** ExcelApi 1.7: `getRangeByIndexes`, frozen panes. Without: ranges by address, no frozen header. */
  supportsRangeByIndexes?: boolean;
  /** ExcelApi 1.8: data validation. Without: the template has no dropdowns. */
  supportsDataValidation?: boolean;
  /** ExcelApi 1.9: the workbook's change event. Without: no live re-check; the person presses Check. */
  supportsChangeEvents?: boolean;
  /** ExcelApi 1.9: `RangeFill.pattern`. Without: a white or empty colour is taken for no fill. */
  supportsFillPattern?: boolean;
  /** Office.context.document.settings: where the marks' records live below ExcelApi 1.4. */
  documentSettings?: DocumentSettings;
}

/** After this long waiting on Excel's first answer (a cell being edited holds every batch), the pane says so. */
export const WAIT_HINT_MS = 3000;

/**
 * The runner on Office.js. Every flag comes from `isSetSupported` with the version office-apis.ts
 * GUARDS gives it. `onWait(true)` is called when a batch has waited WAIT_HINT_MS for its first
 * sync (with delayForCellEdit Excel holds it while the person is typing in a cell), `onWait(false)`
 * once it goes on.
 */
export function officeRunner(onWait?: (waiting: boolean) => void): ExcelRunner {
  const req = Office.context.requirements;
  const has = (g: Guard) => req.isSetSupported('ExcelApi', GUARDS[g]);
  const delay = has('supportsCellEditDelay');
  // Without delayForCellEdit a batch fails outright while the person is typing in a cell; with
  // it Excel runs the batch once they leave the cell.
  const run: ExcelRunner['run'] = (batch, opts) =>
    Excel.run({ ...(delay ? { delayForCellEdit: true } : {}), ...(opts?.mergeUndoGroup ? { mergeUndoGroup: true } : {}) }, batch);
  return {
    supportsUndoGroup: has('supportsUndoGroup'),
    supportsNotes: has('supportsNotes'),
    supportsTableResize: has('supportsTableResize'),
    supportsSecondaryAxis: has('supportsSecondaryAxis'),
    supportsTriggerSource: has('supportsTriggerSource'),
    supportsCellEditDelay: delay,
    supportsSheetFormat: has('supportsSheetFormat'),
    supportsNullObjects: has('supportsNullObjects'),
    supportsRangeByIndexes: has('supportsRangeByIndexes'),
    supportsDataValidation: has('supportsDataValidation'),
    supportsChangeEvents: has('supportsChangeEvents'),
    supportsFillPattern: has('supportsFillPattern'),
    documentSettings: officeDocumentSettings(),
    run: onWait ? withWaitHint(run, onWait) : run,
    resume: (context, batch) => Excel.run(context, batch),
  };
}

/**
 * `run` that calls `onWait(true)` when a batch's first sync has not come back after `ms`, and
 * `onWait(false)` when it does (or the batch ends). Batches that overlap share one hint.
 */
export function withWaitHint(run: ExcelRunner['run'], onWait: (waiting: boolean) => void, ms = WAIT_HINT_MS): ExcelRunner['run'] {
  let waiting = 0;
  let shown = false;
  return async (batch, opts) => {
    let done = false;
    waiting++;
    const timer = setTimeout(() => {
      if (!done && !shown) {
        shown = true;
        onWait(true);
      }
    }, ms);
    const answered = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiting--;
      if (waiting === 0 && shown) {
        shown = false;
        onWait(false);
      }
    };
    try {
      return await run(async (ctx) => {
        const sync = ctx.sync.bind(ctx);
        ctx.sync = async <T>(passThrough?: T) => {
          try {
            return await sync(passThrough);
          } finally {
            answered();
          }
        };
        return batch(ctx);
      }, opts);
    } finally {
      answered();
    }
  };
}
