/// <reference types="office-js" />
/**
 * The sheets the add-in writes whole: the bureau's report sheet (Totals, with its chart) and a new
 * workbook from the template.
 */
import type { CellValue, Lang } from '../../core/types';
import { widthOf } from './office-budget';
import { has, isMissing, lookupSheets, rangeAt, usedRange } from './office-compat';
import { formatsOf, isBlank, toExcelValue } from './office-plan';
import type { ExcelRunner } from './office-runner';
import type { ReportSheet } from './port';
import { VALIDATED_ROWS, templatePlan, type PlannedSheet } from './template-plan';

const REPORT_CHART = 'JieduiTotalsChart';

/**
 * Two syncs: the sheet and its chart; then clear the cells, write them, and draw the chart again.
 * The sheet keeps its place and name, so formulas elsewhere that point at it stay valid.
 */
export async function writeReportSheet(runner: ExcelRunner, report: ReportSheet): Promise<{ chart: boolean }> {
  return runner.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    const nullObjects = has(runner.supportsNullObjects);
    const lookup = lookupSheets(ctx, nullObjects, [report.name]);
    // With null objects the old chart is looked up in the same sync; below ExcelApi 1.4 the
    // sheet's charts are loaded by name once the sheet is found (one sync more).
    const early = nullObjects
      ? ctx.workbook.worksheets.getItemOrNullObject(report.name).charts.getItemOrNullObject(REPORT_CHART).load('name')
      : null;
    await ctx.sync();
    const [found] = lookup.found();
    let oldCharts: Excel.Chart[] = [];
    if (found && early) oldCharts = isMissing(early) ? [] : [early];
    else if (found) {
      const charts = found.charts.load('items/name');
      await ctx.sync();
      oldCharts = charts.items.filter((c) => c.name === REPORT_CHART);
    }
    const ws = found ?? sheets.add(report.name);
    if (found) {
      ws.getRange().clear();
      for (const c of oldCharts) c.delete();
    }
    writeReportCells(ws, runner, report);
    const drawn = drawReportChart(ws, runner, report);
    ws.activate();
    await ctx.sync();
    return { chart: drawn };
  });
}

function writeReportCells(ws: Excel.Worksheet, runner: ExcelRunner, report: ReportSheet): void {
  const width = widthOf(report.rows);
  if (!report.rows.length) return;
  const rows = report.rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]);
  const block = rangeAt(ws, runner.supportsRangeByIndexes, 0, 0, report.rows.length, width);
  // School names, codes and labels stay text: formatted '@' before they are written.
  block.numberFormat = formatsOf(rows);
  block.values = rows.map((r) => r.map(toExcelValue));
  rangeAt(ws, runner.supportsRangeByIndexes, 0, 0, 1, width).format.font.bold = true;
}

function drawReportChart(ws: Excel.Worksheet, runner: ExcelRunner, report: ReportSheet): boolean {
  const c = report.chart;
  if (!c || c.rows <= 1) return false;
  const at = (row: number, col: number, rows = 1, cols = 1) => rangeAt(ws, runner.supportsRangeByIndexes, row, col, rows, cols);
  const chart = ws.charts.add('ColumnClustered', at(c.top - 1, c.left - 1, c.rows, c.cols), 'Columns');
  chart.name = REPORT_CHART;
  chart.title.text = c.title;
  chart.setPosition(at(c.top - 1, c.anchorCol - 1), at(c.top + 16, c.anchorCol + 6));
  if (runner.supportsSecondaryAxis && c.cols >= 3) {
    // Pass rate is a percentage beside activity counts: on its own axis both stay readable.
    const rate = chart.series.getItemAt(1);
    rate.chartType = 'LineMarkers';
    rate.axisGroup = 'Secondary';
  }
  return true;
}

/**
 * "New workbook from template" in an empty workbook: every sheet with its header, an Excel table
 * per data sheet, dropdowns on enum and yes/no columns, frozen header, widths, Rules defaults.
 * Returns false, writing nothing, when the workbook holds anything. Three syncs in one undo
 * group; then the blank sheet the workbook started with is deleted in a run of its own, as
 * Worksheet.delete has no undo support and would fail the group with UndoNotSupported.
 */
export async function createTemplateSheets(runner: ExcelRunner, lang: Lang): Promise<boolean> {
  const plan = templatePlan(lang);
  const blank = await runner.run(
    async (ctx): Promise<string[] | null> => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const nullObjects = has(runner.supportsNullObjects);
      const existing = sheets.items.map((ws) => {
        const used = usedRange(ws, nullObjects);
        used.load('address');
        // Below ExcelApi 1.4 an empty sheet's used range is A1: empty only if A1 is.
        const a1 = nullObjects ? null : ws.getRange('A1').load('values');
        return { ws, used, a1 };
      });
      await ctx.sync();
      const empty = (e: (typeof existing)[number]) =>
        isMissing(e.used) || (e.a1 !== null && /!\$?A\$?1$/.test(e.used.address) && isBlank(e.a1.values[0][0]));
      if (existing.some((e) => !empty(e))) return null;
      if (existing.some((e) => plan.some((p) => p.name === e.ws.name))) return null;
      for (const p of plan) addTemplateSheet(ctx, runner, sheets.add(p.name), p, lang);
      sheets.getItem(plan[0].name).activate();
      await ctx.sync();
      return existing.map((e) => e.ws.name);
    },
    { mergeUndoGroup: runner.supportsUndoGroup },
  );
  if (blank === null) return false;
  if (blank.length > 0) {
    // The blank sheet an empty workbook starts with goes; the template replaces it.
    await runner.run(async (ctx) => {
      for (const name of blank) ctx.workbook.worksheets.getItem(name).delete();
      await ctx.sync();
    });
  }
  return true;
}

/** One template sheet's header, table, widths, frozen row and dropdowns, queued. */
function addTemplateSheet(ctx: Excel.RequestContext, runner: ExcelRunner, ws: Excel.Worksheet, p: PlannedSheet, lang: Lang): void {
  const at = (row: number, col: number, rows: number, cols: number) => rangeAt(ws, runner.supportsRangeByIndexes, row, col, rows, cols);
  const cols = Math.max(...p.rows.map((r) => r.length));
  const rows = p.rows.map((r) => [...r, ...Array<CellValue>(cols - r.length).fill('')]);
  const block = at(0, 0, rows.length, cols);
  block.numberFormat = formatsOf(rows);
  block.values = rows.map((r) => r.map(toExcelValue));
  at(0, 0, 1, cols).format.font.bold = true;
  if (has(runner.supportsSheetFormat)) p.widths.forEach((w, i) => (at(0, i, 1, 1).format.columnWidth = w * 6));
  if (has(runner.supportsRangeByIndexes)) ws.freezePanes.freezeRows(1);
  if (p.table) {
    const t = ctx.workbook.tables.add(at(0, 0, Math.max(2, rows.length), cols), true);
    t.name = p.table;
  }
  for (const l of has(runner.supportsDataValidation) ? p.lists : []) {
    const target = l.row ? at(l.row - 1, l.col - 1, 1, 1) : at(1, l.col - 1, VALIDATED_ROWS - 1, 1);
    target.dataValidation.rule = { list: { inCellDropDown: true, source: l.values.join(',') } };
    target.dataValidation.errorAlert = {
      showAlert: l.strict,
      style: 'Stop',
      title: lang === 'zh' ? '请从列表中选择' : 'Pick from the list',
      message: (lang === 'zh' ? '可选：' : 'Allowed: ') + l.values.join(lang === 'zh' ? '、' : ', '),
    };
  }
}
