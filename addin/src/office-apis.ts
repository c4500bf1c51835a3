/**
 * Every Office.js member the adapter (office-port.ts and the office-* modules it delegates to, main.ts) uses, with the
 * requirement set that brings it (the `[Api set: ...]` of each member's page under
 * https://learn.microsoft.com/javascript/api/excel/, checked against @types/office-js).
 * A member above the manifest's minimum names the runner flag that detects it with
 * `Office.context.requirements.isSetSupported`; `GUARDS` says which set each flag asks for.
 * tests/addin/fake-excel.ts refuses any member missing here, and, run with a requirement-set
 * profile, throws ApiNotFound for a member above it, as Excel does.
 */

/** The runner's feature flags and the ExcelApi version each one asks `isSetSupported` for. */
export const GUARDS = {
  supportsSheetFormat: '1.2',
  supportsNullObjects: '1.4',
  supportsRangeByIndexes: '1.7',
  supportsDataValidation: '1.8',
  supportsChangeEvents: '1.9',
  supportsFillPattern: '1.9',
  supportsCellEditDelay: '1.11',
  supportsSecondaryAxis: '1.8',
  supportsTableResize: '1.13',
  supportsTriggerSource: '1.14',
  supportsNotes: '1.18',
  supportsUndoGroup: '1.20',
} as const;

export type Guard = keyof typeof GUARDS;

export interface OfficeApi {
  /** `ExcelApi 1.x`, or `Common` for the Office common API (Office.onReady and the like). */
  set: string;
  /** The flag the adapter checks before using the member, where the set is above the manifest's minimum. */
  guard?: Guard;
}

const api = (set: string, guard?: Guard): OfficeApi => (guard ? { set, guard } : { set });

export const OFFICE_APIS: Record<string, OfficeApi> = {
  'Office.onReady': api('Common'),
  'Office.context.requirements.isSetSupported': api('Common'),
  'Office.context.displayLanguage': api('Common'),
  'Office.context.partitionKey': api('Common'),
  'Office.HostType': api('Common'),
  // The document's own settings (Common API, Excel 2016 on): the marks' records below ExcelApi 1.4.
  'Office.context.document.settings': api('Common'),
  'Excel.run': api('ExcelApi 1.1'),
  // Its reference page names no set; sent only from ExcelApi 1.11, the set it came with.
  'RunOptions.delayForCellEdit': api('ExcelApi 1.11', 'supportsCellEditDelay'),
  'RunOptions.mergeUndoGroup': api('ExcelApi 1.20', 'supportsUndoGroup'),
  'RequestContext.sync': api('ExcelApi 1.1'),
  'EventHandlerResult.remove': api('ExcelApi 1.1'),
  'Workbook.worksheets': api('ExcelApi 1.1'),
  'Workbook.tables': api('ExcelApi 1.1'),
  'Workbook.settings': api('ExcelApi 1.4', 'supportsNullObjects'),
  'Workbook.notes': api('ExcelApi 1.18', 'supportsNotes'),
  // Threaded comments (1.10) are looked up only where notes (1.18) are used: a host with notes has them.
  'Workbook.comments': api('ExcelApi 1.10', 'supportsNotes'),
  'CommentCollection.items': api('ExcelApi 1.10', 'supportsNotes'),
  'Comment.getLocation': api('ExcelApi 1.10', 'supportsNotes'),
  'WorksheetCollection.items': api('ExcelApi 1.1'),
  'WorksheetCollection.getItem': api('ExcelApi 1.1'),
  'WorksheetCollection.getItemOrNullObject': api('ExcelApi 1.4', 'supportsNullObjects'),
  'WorksheetCollection.add': api('ExcelApi 1.1'),
  'WorksheetCollection.onChanged': api('ExcelApi 1.9', 'supportsChangeEvents'),
  'WorksheetChangedEventArgs.triggerSource': api('ExcelApi 1.14', 'supportsTriggerSource'),
  'Worksheet.name': api('ExcelApi 1.1'),
  // 1.1 for reading it, 1.2 for setting it.
  'Worksheet.visibility': api('ExcelApi 1.2', 'supportsSheetFormat'),
  'Worksheet.delete': api('ExcelApi 1.1'),
  'Worksheet.activate': api('ExcelApi 1.1'),
  'Worksheet.getRange': api('ExcelApi 1.1'),
  'Worksheet.getRangeByIndexes': api('ExcelApi 1.7', 'supportsRangeByIndexes'),
  // Without valuesOnly (1.2): an empty sheet answers A1.
  'Worksheet.getUsedRange': api('ExcelApi 1.1'),
  'Worksheet.getUsedRangeOrNullObject': api('ExcelApi 1.4', 'supportsNullObjects'),
  'Worksheet.tables': api('ExcelApi 1.1'),
  'Worksheet.charts': api('ExcelApi 1.1'),
  'Worksheet.protection': api('ExcelApi 1.2', 'supportsSheetFormat'),
  'Worksheet.freezePanes': api('ExcelApi 1.7', 'supportsRangeByIndexes'),
  'Worksheet.notes': api('ExcelApi 1.18', 'supportsNotes'),
  'WorksheetProtection.protected': api('ExcelApi 1.2', 'supportsSheetFormat'),
  'WorksheetFreezePanes.freezeRows': api('ExcelApi 1.7', 'supportsRangeByIndexes'),
  'Range.values': api('ExcelApi 1.1'),
  'Range.formulas': api('ExcelApi 1.1'),
  'Range.numberFormat': api('ExcelApi 1.1'),
  'Range.address': api('ExcelApi 1.1'),
  'Range.rowIndex': api('ExcelApi 1.1'),
  'Range.columnIndex': api('ExcelApi 1.1'),
  'Range.rowCount': api('ExcelApi 1.1'),
  'Range.columnCount': api('ExcelApi 1.1'),
  'Range.clear': api('ExcelApi 1.1'),
  'Range.select': api('ExcelApi 1.1'),
  'Range.format': api('ExcelApi 1.1'),
  'Range.dataValidation': api('ExcelApi 1.8', 'supportsDataValidation'),
  'Range.getEntireColumn': api('ExcelApi 1.1'),
  'Range.getEntireRow': api('ExcelApi 1.1'),
  'Range.getUsedRangeOrNullObject': api('ExcelApi 1.4', 'supportsNullObjects'),
  'RangeFormat.fill': api('ExcelApi 1.1'),
  'RangeFormat.font': api('ExcelApi 1.1'),
  'RangeFormat.columnWidth': api('ExcelApi 1.2', 'supportsSheetFormat'),
  'RangeFill.color': api('ExcelApi 1.1'),
  'RangeFill.pattern': api('ExcelApi 1.9', 'supportsFillPattern'),
  'RangeFill.clear': api('ExcelApi 1.1'),
  'RangeFont.bold': api('ExcelApi 1.1'),
  'DataValidation.rule': api('ExcelApi 1.8', 'supportsDataValidation'),
  'DataValidation.errorAlert': api('ExcelApi 1.8', 'supportsDataValidation'),
  'TableCollection.add': api('ExcelApi 1.1'),
  'TableCollection.items': api('ExcelApi 1.1'),
  'Table.name': api('ExcelApi 1.1'),
  'Table.showTotals': api('ExcelApi 1.1'),
  'Table.getRange': api('ExcelApi 1.1'),
  'Table.getTotalRowRange': api('ExcelApi 1.1'),
  'Table.resize': api('ExcelApi 1.13', 'supportsTableResize'),
  'Table.rows': api('ExcelApi 1.1'),
  'Table.columns': api('ExcelApi 1.1'),
  // 1.1 for one row, 1.4 for several; the port adds several.
  // Not a member: TableRowCollection.add with one row, which ExcelApi 1.1 has (the fake's name for it).
  'TableRowCollection.addRow': api('ExcelApi 1.1'),
  'TableRowCollection.add': api('ExcelApi 1.4', 'supportsNullObjects'),
  // 1.4 for a null index (append) and a name.
  'TableColumnCollection.add': api('ExcelApi 1.4', 'supportsNullObjects'),
  'ChartCollection.add': api('ExcelApi 1.1'),
  'ChartCollection.items': api('ExcelApi 1.1'),
  'ChartCollection.getItemOrNullObject': api('ExcelApi 1.4', 'supportsNullObjects'),
  'Chart.name': api('ExcelApi 1.1'),
  'Chart.title': api('ExcelApi 1.1'),
  'Chart.setPosition': api('ExcelApi 1.1'),
  'Chart.series': api('ExcelApi 1.1'),
  'Chart.delete': api('ExcelApi 1.1'),
  'ChartTitle.text': api('ExcelApi 1.1'),
  'ChartSeriesCollection.getItemAt': api('ExcelApi 1.1'),
  'ChartSeries.chartType': api('ExcelApi 1.7', 'supportsSecondaryAxis'),
  'ChartSeries.axisGroup': api('ExcelApi 1.8', 'supportsSecondaryAxis'),
  'SettingCollection.add': api('ExcelApi 1.4', 'supportsNullObjects'),
  'SettingCollection.getItemOrNullObject': api('ExcelApi 1.4', 'supportsNullObjects'),
  'Setting.value': api('ExcelApi 1.4', 'supportsNullObjects'),
  'NoteCollection.items': api('ExcelApi 1.18', 'supportsNotes'),
  'NoteCollection.add': api('ExcelApi 1.18', 'supportsNotes'),
  'NoteCollection.getItemOrNullObject': api('ExcelApi 1.18', 'supportsNotes'),
  'Note.content': api('ExcelApi 1.18', 'supportsNotes'),
  'Note.delete': api('ExcelApi 1.18', 'supportsNotes'),
  'Note.getLocation': api('ExcelApi 1.18', 'supportsNotes'),
};

/** `ExcelApi 1.13` → [1, 13]; null for a set that is not ExcelApi. */
export function excelApiVersion(set: string): [number, number] | null {
  const m = /^ExcelApi (\d+)\.(\d+)$/.exec(set);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Whether version `a` (`1.13`) is above `b` (`1.9`). */
export function versionAbove(a: string, b: string): boolean {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 > b2);
}
