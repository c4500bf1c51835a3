/**
 * Writes a zip part by part: a part copied from another zip keeps its stored bytes exactly (same
 * compression, CRC, sizes, time), a new or changed part is deflated. Node only.
 */
import type { FileHandle } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { PackageError } from './package-text';
import type { ZipEntry, ZipFile } from './zip';

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

interface Written {
  name: Buffer;
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

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];

  constructor(private readonly fh: FileHandle) {}

  private async put(b: Uint8Array): Promise<void> {
    let at = 0;
    while (at < b.length) {
      const { bytesWritten } = await this.fh.write(b, at, b.length - at);
      at += bytesWritten;
    }
    this.offset += b.length;
  }

  private header(w: Omit<Written, 'offset'>): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(w.flags, 6);
    h.writeUInt16LE(w.method, 8);
    h.writeUInt16LE(w.time, 10);
    h.writeUInt16LE(w.date, 12);
    h.writeUInt32LE(w.crc, 14);
    h.writeUInt32LE(w.compressedSize, 18);
    h.writeUInt32LE(w.size, 22);
    h.writeUInt16LE(w.name.length, 26);
    return h;
  }

  private check(): void {
    if (this.offset > 0xfffffff0) throw new PackageError('bad_zip', { why: 'the filled workbook would pass 4 GB' });
  }

  /** A part of `src` as it is stored there: its compressed bytes copied, never inflated. */
  async copy(src: ZipFile, e: ZipEntry): Promise<void> {
    this.check();
    // bit 3 (sizes in a trailing descriptor) is dropped: the sizes go in the header here
    const w = { name: Buffer.from(e.name, 'utf8'), method: e.method, flags: (e.flags & ~8) | 0x800, crc: e.crc32, compressedSize: e.compressedSize, size: e.size, time: e.time, date: e.date };
    const offset = this.offset;
    await this.put(this.header(w));
    await this.put(w.name);
    for await (const c of src.rawChunks(e)) await this.put(c);
    this.written.push({ ...w, offset });
  }

  /** A new or changed part, deflated. */
  async add(name: string, data: Uint8Array, when?: { time: number; date: number }): Promise<void> {
    this.check();
    const deflated = deflateRawSync(data, { level: 6 });
    const { time, date } = when ?? dosNow();
    const w = { name: Buffer.from(name, 'utf8'), method: 8, flags: 0x800, crc: crc32(data), compressedSize: deflated.length, size: data.length, time, date };
    const offset = this.offset;
    await this.put(this.header(w));
    await this.put(w.name);
    await this.put(deflated);
    this.written.push({ ...w, offset });
  }

  /** The central directory and its end record. */
  async finish(): Promise<void> {
    this.check();
    const start = this.offset;
    for (const w of this.written) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(w.flags, 8);
      c.writeUInt16LE(w.method, 10);
      c.writeUInt16LE(w.time, 12);
      c.writeUInt16LE(w.date, 14);
      c.writeUInt32LE(w.crc, 16);
      c.writeUInt32LE(w.compressedSize, 20);
      c.writeUInt32LE(w.size, 24);
      c.writeUInt16LE(w.name.length, 28);
      c.writeUInt32LE(w.offset, 42);
      await this.put(c);
      await this.put(w.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }
}
