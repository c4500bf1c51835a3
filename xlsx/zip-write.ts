/**
 * Writes a zip part by part: a part copied from another zip keeps its stored bytes exactly (same
 * compression, CRC, sizes, time), a new or changed part is deflated. Pure: the bytes go to a
 * ZipSink (a file in the CLI, xlsx/zip-node.ts; memory in the page, MemorySink below), deflated by
 * the Codec the reader uses.
 */
import { PackageError } from './package-text';
import { concat, type Codec, type ZipEntry, type ZipFile } from './zip';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Where a written zip goes. */
export interface ZipSink {
  write(b: Uint8Array): Promise<void>;
}

/** A zip written into memory (the page's file mode): its bytes once finished. */
export class MemorySink implements ZipSink {
  private parts: Uint8Array[] = [];

  async write(b: Uint8Array): Promise<void> {
    // a chunk may be a view into a buffer its writer reuses
    this.parts.push(b.slice());
  }

  bytes(): Uint8Array {
    const all = concat(this.parts);
    this.parts = [all];
    return all;
  }
}

interface Written {
  name: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/** DOS time and date of now, for a part written new. */
function dosNow(): { time: number; date: number } {
  const d = new Date();
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const enc = new TextEncoder();

/**
 * A local header (at = 4) or a directory entry (at = 6, after "version made by"): the same fields
 * from "version needed" to the name's length, one after the other, in both.
 */
function header(signature: number, length: number, at: number, w: Omit<Written, 'offset'>): { bytes: Uint8Array; d: DataView } {
  const bytes = new Uint8Array(length);
  const d = new DataView(bytes.buffer);
  d.setUint32(0, signature, true);
  d.setUint16(at, 20, true);
  d.setUint16(at + 2, w.flags, true);
  d.setUint16(at + 4, w.method, true);
  d.setUint16(at + 6, w.time, true);
  d.setUint16(at + 8, w.date, true);
  d.setUint32(at + 10, w.crc, true);
  d.setUint32(at + 14, w.compressedSize, true);
  d.setUint32(at + 18, w.size, true);
  d.setUint16(at + 22, w.name.length, true);
  return { bytes, d };
}

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];

  constructor(
    private readonly sink: ZipSink,
    private readonly codec: Codec,
  ) {}

  private async put(b: Uint8Array): Promise<void> {
    await this.sink.write(b);
    this.offset += b.length;
  }

  private check(): void {
    if (this.offset > 0xfffffff0) throw new PackageError('bad_zip', { why: 'the filled workbook would pass 4 GB' });
  }

  /** One entry: its local header, its name and its stored bytes; kept for the directory. */
  private async entry(w: Omit<Written, 'offset'>, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    this.check();
    const offset = this.offset;
    await this.put(header(0x04034b50, 30, 4, w).bytes);
    await this.put(w.name);
    if (data instanceof Uint8Array) await this.put(data);
    else for await (const c of data) await this.put(c);
    this.written.push({ ...w, offset });
  }

  /** A part of `src` as it is stored there: its compressed bytes copied, never inflated. */
  async copy(src: ZipFile, e: ZipEntry): Promise<void> {
    // bit 3 (sizes in a trailing descriptor) is dropped: the sizes go in the header here
    const w = {
      name: enc.encode(e.name),
      method: e.method,
      flags: (e.flags & ~8) | 0x800,
      crc: e.crc32,
      compressedSize: e.compressedSize,
      size: e.size,
      time: e.time,
      date: e.date,
    };
    await this.entry(w, src.rawChunks(e));
  }

  /** A new or changed part, deflated. */
  async add(name: string, data: Uint8Array | string, when?: { time: number; date: number }): Promise<void> {
    const bytes = typeof data === 'string' ? enc.encode(data) : data;
    const deflated = await this.codec.deflate(bytes);
    const { time, date } = when ?? dosNow();
    await this.entry(
      {
        name: enc.encode(name),
        method: 8,
        flags: 0x800,
        crc: crc32(bytes),
        compressedSize: deflated.length,
        size: bytes.length,
        time,
        date,
      },
      deflated,
    );
  }

  /** The central directory and its end record. */
  async finish(): Promise<void> {
    this.check();
    const start = this.offset;
    for (const w of this.written) {
      const c = header(0x02014b50, 46, 6, w);
      // version made by: 2.0, as version needed
      c.d.setUint16(4, 20, true);
      c.d.setUint32(42, w.offset, true);
      await this.put(c.bytes);
      await this.put(w.name);
    }
    const end = new Uint8Array(22);
    const d = new DataView(end.buffer);
    d.setUint32(0, 0x06054b50, true);
    d.setUint16(8, this.written.length, true);
    d.setUint16(10, this.written.length, true);
    d.setUint32(12, this.offset - start, true);
    d.setUint32(16, start, true);
    await this.put(end);
  }
}
