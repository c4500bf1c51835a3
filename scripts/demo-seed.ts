/**
 * `npm start`'s demo data (scripts/worker-local.mjs seedDemo): the rows the pane would sync from
 * the demo workbook, made the pane's way, so the seeded server holds the demo workbook's own rows
 * and ids. The workbook is built as `npx jiedui demo` builds it (the template with the demo's rows,
 * in Chinese), written and read back as the pane's file mode reads a file (ExcelJS, workbookToInput),
 * checked by core, and its syncable rows taken as the pane's sync plan takes them (`localRows`:
 * rows with an error held back). Opening the demo workbook and syncing it as GH01 then changes
 * nothing on the server: every row it would send is already there, with the same values.
 */
import ExcelJS from 'exceljs';
import { localRows, type SyncRowOut } from '../addin/src/sync-client';
import { checkWorkbook } from '../core/check';
import { DEMO_PROGRAM, DEMO_ROWS } from '../core/demo';
import type { WorkbookInput } from '../core/types';
import { prepareTables } from '../xlsx/apply';
import { buildTemplate } from '../xlsx/build-template';
import { workbookToInput } from '../xlsx/to-input';

/** The demo workbook's bytes, as `npx jiedui demo` writes them (cli/run.ts `demo`, cli/files.ts `writeWorkbook`). */
export async function demoWorkbookBytes(): Promise<Uint8Array> {
  const wb = buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM });
  prepareTables(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The demo workbook as the pane's file mode opens it. */
export async function demoWorkbookOpened(): Promise<WorkbookInput> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await demoWorkbookBytes()) as unknown as ArrayBuffer);
  return workbookToInput(wb);
}

/** The rows a first sync of the demo workbook sends (base version 0), in the pane's order. */
export async function demoSeedRows(today: string): Promise<SyncRowOut[]> {
  const { read, issues } = checkWorkbook(await demoWorkbookOpened(), { today });
  return [...localRows(read, issues).rows.values()].map((r) => ({ table: r.table, id: r.id, base_version: 0, values: r.values }));
}
