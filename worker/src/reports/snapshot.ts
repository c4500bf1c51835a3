/**
 * A submitted report's snapshot: core's report model of the school's stored rows at one revision,
 * with the Summary figures the sync derives (what the bureau's totals count), kept gzipped; its
 * .docx is rendered from it whenever it is asked for, so a later sync never changes what was sent.
 */
import { checkRecords } from '../../../core/check';
import type { WorkbookRead } from '../../../core/read';
import { reportModel, type ReportModel } from '../../../core/report/model';
import type { Rules } from '../../../core/rules';
import type { Lang } from '../../../core/types';
import { ApiError } from '../errors';
import { derive } from '../sync/derive';
import type { StoredRow } from '../sync/stored';
import { liveRows, modelOf, type SchoolInfo } from '../sync/warnings';

/** Under D1's 2,000,000 bytes a value, with room. */
export const MAX_SNAPSHOT_BYTES = 1_900_000;

export interface Snapshot {
  model: ReportModel;
}

export function buildSnapshot(school: SchoolInfo, term: string, rules: Rules, rows: Iterable<StoredRow>, today: string, lang: Lang) {
  const all = [...rows];
  // The figures as the sync derives them (rows with errors left out), the open issues of every row.
  const derived = derive(school, term, rules, all, today);
  const { model } = modelOf(school, term, rules, liveRows(all));
  const issues = checkRecords(model, { today });
  const read = { ...model, lang, issues: [] } as unknown as WorkbookRead;
  const report = reportModel(read, issues, { today, lang, figures: derived.indicators });
  const openWarnings = issues.filter((i) => i.severity !== 'info').length;
  return { snapshot: { model: report } as Snapshot, figures: derived.indicators, openWarnings };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function packSnapshot(s: Snapshot): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  const packed = await collect(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip')));
  if (packed.byteLength > MAX_SNAPSHOT_BYTES) {
    throw new ApiError(
      413,
      'too_large',
      `The report is ${packed.byteLength} bytes gzipped, over the ${MAX_SNAPSHOT_BYTES} a version may keep`,
    );
  }
  return packed;
}

export async function unpackSnapshot(gz: ArrayBuffer | number[]): Promise<Snapshot> {
  const bytes = gz instanceof ArrayBuffer ? new Uint8Array(gz) : Uint8Array.from(gz);
  const json = await collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
  return JSON.parse(new TextDecoder().decode(json)) as Snapshot;
}
