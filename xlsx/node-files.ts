/**
 * The CLI's reading and filling of .xlsx files on disk, over the same package reader and patch
 * writer as the page's file mode: the file read by its handle, streamed part by part (memory
 * bounded whatever its size), the filled package written to a new file. Node only.
 */
import { open } from 'node:fs/promises';
import type { FillResult } from '../core/fill';
import type { SheetInput, WorkbookInput } from '../core/types';
import { patchFill, type PackageFillOutcome } from './fill-package';
import { PackagePatch } from './package-patch';
import { readInput, type StreamedSheet } from './stream';
import { fileSink, openZip } from './zip-node';

export type { PackageFillOutcome } from './fill-package';
export type { StreamedSheet } from './stream';

/** The workbook at `path`, read as validate and fill read it (xlsx/stream.ts). */
export async function streamToInput(path: string): Promise<WorkbookInput & { sheets: StreamedSheet[] }> {
  const zip = await openZip(path);
  try {
    return await readInput(zip);
  } finally {
    await zip.close();
  }
}

/**
 * Writes `fill` into a copy of the package at `src`, as `dest` (a new file). `sheets`: the values as
 * the streaming reader read them (to see whether the cells a totals row would move onto are free).
 */
export async function fillPackage(src: string, dest: string, fill: FillResult, sheets: SheetInput[]): Promise<PackageFillOutcome> {
  const zip = await openZip(src);
  try {
    const patch = await PackagePatch.of(zip);
    const outcome = await patchFill(patch, fill, sheets);
    const fh = await open(dest, 'wx');
    try {
      await patch.write(fileSink(fh));
    } finally {
      await fh.close();
    }
    return outcome;
  } finally {
    await zip.close();
  }
}
