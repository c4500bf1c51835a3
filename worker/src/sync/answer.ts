/**
 * A sync's answer as kept for replays: gzipped JSON, since the answer to a batch of 50,000 rows
 * lists every row (about 2.5 MB), past D1's 2 MB limit on one value; gzipped it is a tenth of that.
 */
import { ApiError } from '../errors';

/** What one stored answer may weigh gzipped: under D1's 2,000,000 bytes a value, with room. */
export const MAX_STORED_ANSWER = 1_900_000;

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The answer gzipped; a 413 when even that is too large to keep, before anything is written. */
export async function packAnswer(answer: { rejected: unknown[] }): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(answer));
  const packed = await collect(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip')));
  if (packed.byteLength > MAX_STORED_ANSWER) {
    throw new ApiError(
      413,
      'too_large',
      `The answer to this batch (${answer.rejected.length} rows rejected) is too large to keep for a replay; send fewer rows a request`,
    );
  }
  return packed;
}

/** A stored answer's JSON text: gzipped (`answer_gz`, as D1 returns a BLOB) or, for rows logged before, plain. */
export async function unpackAnswerText(row: { answer: string; answer_gz: ArrayBuffer | number[] | null }): Promise<string> {
  if (row.answer_gz === null) return row.answer;
  const bytes = row.answer_gz instanceof ArrayBuffer ? new Uint8Array(row.answer_gz) : Uint8Array.from(row.answer_gz);
  const json = await collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
  return new TextDecoder().decode(json);
}

/** A stored answer, parsed. */
export async function unpackAnswer(row: { answer: string; answer_gz: ArrayBuffer | number[] | null }): Promise<unknown> {
  return JSON.parse(await unpackAnswerText(row));
}
