import { open, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { WorkbookInput } from '../core/types';
import { streamToInput } from '../xlsx/stream';

/** A file the CLI cannot read: exit 2 with this message. */
export class FileError extends Error {}

/** Fails early with a clear reason: missing, a folder, or not a zip (every .xlsx is a zip). */
async function ensureXlsx(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new FileError(`${path}: no such file`);
  }
  if (!st.isFile()) throw new FileError(`${path}: not a file`);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) {
      throw new FileError(`${path}: not an .xlsx workbook (an .xlsx file is a zip archive; this one is not)`);
    }
  } finally {
    await fh.close();
  }
}

function corrupt(path: string, e: unknown): FileError {
  const why = e instanceof Error ? e.message : String(e);
  return new FileError(`${path}: the workbook cannot be read (${why}); is it a damaged or password-protected .xlsx?`);
}

/** Streams the values only: validating a large file never builds the full workbook model. */
export async function readInputStreaming(path: string): Promise<WorkbookInput> {
  await ensureXlsx(path);
  try {
    const input = await streamToInput(path);
    if (input.sheets.length === 0) throw new Error('no worksheets found');
    return input;
  } catch (e) {
    throw corrupt(path, e);
  }
}

export async function loadWorkbook(path: string): Promise<ExcelJS.Workbook> {
  await ensureXlsx(path);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw corrupt(path, e);
  }
  if (wb.worksheets.length === 0) throw corrupt(path, new Error('no worksheets found'));
  return wb;
}
