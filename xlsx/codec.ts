/**
 * Raw deflate for the page (file mode): fflate, pure JavaScript. Chosen over the browser's
 * DecompressionStream/CompressionStream('deflate-raw') because those exist only from Chrome 103
 * and Safari 16.4: Excel's older webviews (WKWebView on older macOS, Edge Legacy) and a school's
 * older browser have none, and fflate behaves the same everywhere, node included, so the node
 * tests of FilePort run the very codec the page runs. About 8 KB gzipped (ExcelJS was ~250 KB).
 */
import { deflateSync, Inflate } from 'fflate';
import type { Codec } from './zip';

export const fflateCodec: Codec = {
  async *inflate(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    let out: Uint8Array[] = [];
    const inf = new Inflate((chunk) => out.push(chunk));
    for await (const c of raw) {
      inf.push(c, false);
      if (out.length) {
        const ready = out;
        out = [];
        yield* ready;
      }
    }
    inf.push(new Uint8Array(0), true);
    yield* out;
  },
  async deflate(data: Uint8Array): Promise<Uint8Array> {
    return deflateSync(data, { level: 6 });
  },
};
