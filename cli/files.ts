import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { FillResult } from '../core/fill';
import type { Issue, SheetInput, WorkbookInput } from '../core/types';
import { formatIssue } from '../core/messages';
import { fillPackage, streamToInput, type PackageFillOutcome, type StreamedSheet } from '../xlsx/node-files';
import { prepareTables } from '../xlsx/apply';
import { MAX_PART_BYTES } from '../xlsx/limits';
import { bothLangs, PackageError } from '../xlsx/package-text';
import { leadingKind, refuseByBytes } from '../xlsx/sniff';
import { CLI_TEXT, CliError } from './text';

/** A file the CLI cannot read or write: exit 2 with this message. */
export class FileError extends CliError {}

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/** Fails early with a clear reason: missing, a folder, or not a zip (every .xlsx is a zip). */
async function ensureXlsx(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') throw new FileError('no_such_file', { path });
    throw new FileError('cannot_open', { path, why: (e as Error).message });
  }
  if (!st.isFile()) throw new FileError('not_a_file', { path });
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new FileError('cannot_open', {
      path,
      why: errno(e) === 'EACCES' || errno(e) === 'EPERM' ? CLI_TEXT.why_permission : (e as Error).message,
    });
  }
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    const kind = leadingKind(head.subarray(0, bytesRead));
    if (kind === 'zip') return;
    // An OLE file's stream names may be anywhere in it: read it (bounded) to tell encrypted from .xls.
    let bytes: Uint8Array = head.subarray(0, bytesRead);
    if (kind === 'ole') {
      const buf = Buffer.alloc(Math.min(st.size, MAX_PART_BYTES));
      const { bytesRead: n } = await fh.read(buf, 0, buf.length, 0);
      bytes = buf.subarray(0, n);
    }
    throw refused(path, refuseByBytes(bytes, path) ?? new PackageError('not_zip'));
  } finally {
    await fh.close();
  }
}

/** A file the package sniffing or a bounded reader refused: exit 2 with why and what to do. */
function refused(path: string, e: PackageError): FileError {
  return new FileError('package_refused', { path, why: bothLangs(e.key, e.params) });
}

function corrupt(path: string, e: unknown): FileError {
  if (e instanceof PackageError) return refused(path, e);
  const why = e instanceof CliError ? { zh: e.text('zh'), en: e.text('en') } : e instanceof Error ? e.message : String(e);
  return new FileError('corrupt', { path, why });
}

/** Streams the values only: validating a large file never builds the full workbook model. */
export async function readInputStreaming(path: string): Promise<WorkbookInput & { sheets: StreamedSheet[] }> {
  await ensureXlsx(path);
  try {
    const input = await streamToInput(path);
    if (input.sheets.length === 0) throw new CliError('no_worksheets');
    return input;
  } catch (e) {
    throw corrupt(path, e);
  }
}

function writeError(path: string, e: unknown): FileError {
  const code = errno(e);
  const dir = dirname(resolve(path));
  if (code === 'ENOENT') return new FileError('out_dir_missing', { path, dir });
  if (code === 'EISDIR') return new FileError('out_is_dir', { path, example: join(path, 'out.xlsx') });
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'why_permission'
      : code === 'EROFS'
        ? 'why_read_only'
        : code === 'ENOSPC'
          ? 'why_no_space'
          : code === 'ENOTDIR'
            ? 'why_not_folder'
            : null;
  return new FileError('out_not_writable', { path, why: why ? CLI_TEXT[why] : ((e as Error)?.message ?? String(e)) });
}

/**
 * Fails early when `path` cannot be written: its folder missing or not writable, or the path a
 * folder. Checked before the work, so a long fill does not end in an error.
 */
export async function checkWritable(path: string): Promise<void> {
  const dir = dirname(resolve(path));
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw writeError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  } catch (e) {
    if (e instanceof FileError) throw e;
    if (errno(e) !== 'ENOENT') throw writeError(path, e);
  }
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
  } catch (e) {
    throw writeError(path, e);
  }
}

/** A temporary file beside `path` (in its folder, so a rename puts it in place). */
const tempBeside = (path: string) =>
  join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** The complete `tmp` renamed over `path`; a file written over keeps its permissions. */
async function putInPlace(tmp: string, path: string): Promise<void> {
  const old = await stat(path).catch(() => null);
  if (old?.isFile()) await chmod(tmp, old.mode & 0o777).catch(() => {});
  await rename(tmp, path);
}

/**
 * A fill written as a patch of `src` (xlsx/fill-package.ts), to `path` whole or not at all: into a
 * temporary file in the same folder, renamed over the target once complete (`-o` the input too).
 */
export async function writeFilled(src: string, path: string, fill: FillResult, sheets: SheetInput[]): Promise<PackageFillOutcome> {
  await checkWritable(path);
  const tmp = tempBeside(path);
  let outcome: PackageFillOutcome;
  try {
    outcome = await fillPackage(src, tmp, fill, sheets);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    if (e instanceof PackageError) throw refused(src, e);
    if (errno(e)) throw writeError(path, e);
    throw e;
  }
  try {
    await putInPlace(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw writeError(path, e);
  }
  return outcome;
}

/**
 * Writes a workbook the CLI builds (the template, the demo) to `path` whole or not at all: into a
 * temporary file in the same folder, then renamed over the target, so a failure (a full disk, a
 * workbook ExcelJS cannot write) leaves the target as it was.
 */
export async function writeWorkbook(wb: ExcelJS.Workbook, path: string): Promise<void> {
  await checkWritable(path);
  prepareTables(wb);
  const bytes: Uint8Array = new Uint8Array(await wb.xlsx.writeBuffer());
  const tmp = tempBeside(path);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await putInPlace(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw writeError(path, e);
  }
}

/**
 * A workbook without a Program sheet is not a Jiedui workbook: fill and report refuse it, nothing
 * written. Said in the language asked for (English without --lang): such a workbook has none of
 * ours to go by.
 */
export function refuseNotOurs(read: { issues: readonly Issue[] }, path: string): void {
  const notOurs = read.issues.find((i) => i.code === 'sheet.missing_program');
  if (notOurs) throw new FileError('not_ours', { path, why: { zh: formatIssue(notOurs, 'zh'), en: formatIssue(notOurs, 'en') } });
}
