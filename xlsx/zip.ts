/**
 * Reading a zip (every .xlsx is one) by its central directory: any part can be opened in any order,
 * each streamed and inflated on its own. ExcelJS's streaming reader walks the zip front to back
 * instead and loses parts when they come in an order it does not expect (exceljs#3064: with
 * xl/workbook.xml last, as ExcelJS itself writes files, it failed at random). Node only.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { MAX_PACKAGE_BYTES, MAX_PART_BYTES } from './limits';
import { PackageError } from './package-text';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  crc32: number;
  /** MS-DOS time and date, kept for a part copied as it is. */
  time: number;
  date: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX = 0xffffffff;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead < len) throw new PackageError('bad_zip', { why: 'unexpected end of the zip file' });
  return buf;
}

const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

export class ZipFile {
  /** Bytes inflated so far from every part: bounded, so no package can make a reader work without end. */
  private inflated = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(path: string): Promise<ZipFile> {
    const fh = await open(path, 'r');
    try {
      return new ZipFile(path, fh, await readDirectory(fh));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private lower: Map<string, string> | null = null;

  /** The part's name as stored: part names are case-insensitive (OPC), so "XL/Workbook.xml" finds "xl/workbook.xml". */
  find(name: string): string | undefined {
    if (this.entries.has(name)) return name;
    if (!this.lower) {
      this.lower = new Map();
      for (const k of this.entries.keys()) if (!this.lower.has(k.toLowerCase())) this.lower.set(k.toLowerCase(), k);
    }
    return this.lower.get(name.toLowerCase());
  }

  /** Where the part's stored (compressed) bytes start in the file. */
  async dataStart(e: ZipEntry): Promise<number> {
    const local = await readAt(this.fh, e.localOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new PackageError('bad_zip', { why: `bad local header for ${e.name}` });
    return e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  }

  /** The part's stored bytes as they are in the file, for a copy that changes nothing. */
  async *rawChunks(e: ZipEntry): AsyncGenerator<Buffer> {
    if (e.compressedSize === 0) return;
    const start = await this.dataStart(e);
    for await (const c of createReadStream(this.path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 16 })) yield c as Buffer;
  }

  /**
   * The part's bytes inflated, chunk by chunk. Bounded: a part declaring more than MAX_PART_BYTES is
   * refused before it is read, one inflating past what it declares is stopped there, and all parts
   * together stop at MAX_PACKAGE_BYTES (a zip bomb is answered in milliseconds, not by running out
   * of memory).
   */
  async *chunks(name: string): AsyncGenerator<Buffer> {
    const e = this.entries.get(name);
    if (!e) throw new Error(`the zip has no part ${name}`);
    if (e.flags & 1) throw new PackageError('encrypted');
    if (e.method !== 0 && e.method !== 8) throw new PackageError('bad_zip', { why: `${name} uses zip compression method ${e.method}` });
    const mb = (n: number) => Math.ceil(n / 2 ** 20);
    if (e.size > MAX_PART_BYTES) throw new PackageError('part_too_large', { part: name, size: mb(e.size), limit: mb(MAX_PART_BYTES) });
    if (this.inflated + e.size > MAX_PACKAGE_BYTES) throw new PackageError('package_too_large', { limit: mb(MAX_PACKAGE_BYTES) });
    if (e.compressedSize === 0) return;
    const start = await this.dataStart(e);
    const raw = createReadStream(this.path, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 16 });
    let out: Readable = raw;
    if (e.method === 8) {
      const inflate = createInflateRaw();
      // pipeline destroys both on an error, and the error reaches the loop below
      pipeline(raw, inflate, () => {});
      out = inflate;
    }
    let got = 0;
    try {
      for await (const chunk of out) {
        got += (chunk as Buffer).length;
        this.inflated += (chunk as Buffer).length;
        if (got > e.size) throw new PackageError('part_size_lie', { part: name, size: e.size });
        yield chunk as Buffer;
      }
    } finally {
      out.destroy();
      raw.destroy();
    }
  }

  /** A small part as text (UTF-8; a byte order mark is dropped); null when the zip has no such part. */
  async text(name: string): Promise<string | null> {
    if (!this.entries.has(name)) return null;
    const parts: Buffer[] = [];
    for await (const c of this.chunks(name)) parts.push(c);
    return new TextDecoder('utf-8').decode(Buffer.concat(parts));
  }

  /** A part as text, chunk by chunk, never splitting a character. */
  async *textChunks(name: string): AsyncGenerator<string> {
    const dec = new TextDecoder('utf-8');
    for await (const c of this.chunks(name)) {
      const s = dec.decode(c, { stream: true });
      if (s) yield s;
    }
    const tail = dec.decode();
    if (tail) yield tail;
  }
}

/** Parts a zip may list: each has a directory entry of at least 46 bytes, so the count is bounded anyway. */
async function readDirectory(fh: FileHandle): Promise<Map<string, ZipEntry>> {
  const { size } = await fh.stat();
  if (size < 22) throw new PackageError('bad_zip', { why: 'too short to be a zip file' });
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let at = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new PackageError('bad_zip', { why: 'no zip directory found (the file is cut short or not a zip)' });
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === MAX || cdOffset === MAX) {
    const locAt = size - tailLen + at - 20;
    const loc = locAt >= 0 ? await readAt(fh, locAt, 20) : null;
    if (!loc || loc.readUInt32LE(0) !== EOCD64_LOCATOR) throw new PackageError('bad_zip', { why: 'bad zip64 directory' });
    const rec = await readAt(fh, u64(loc, 8), 56);
    if (rec.readUInt32LE(0) !== EOCD64) throw new PackageError('bad_zip', { why: 'bad zip64 directory' });
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > size) throw new PackageError('bad_zip', { why: 'the zip directory points past the end of the file' });
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new PackageError('bad_zip', { why: 'bad zip directory entry' });
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const time = cd.readUInt16LE(p + 12);
    const date = cd.readUInt16LE(p + 14);
    const crc32 = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen).replace(/\\/g, '/').replace(/^\//, '');
    // zip64: the sizes and offset that overflowed 32 bits are in extra field 0x0001, in this order
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (usize === MAX) {
          usize = u64(cd, q);
          q += 8;
        }
        if (compressedSize === MAX) {
          compressedSize = u64(cd, q);
          q += 8;
        }
        if (localOffset === MAX) localOffset = u64(cd, q);
      }
      e += 4 + len;
    }
    if (localOffset + compressedSize > size) throw new PackageError('bad_zip', { why: `${name} points past the end of the file` });
    entries.set(name, { name, method, flags, compressedSize, size: usize, localOffset, crc32, time, date });
    p = end + commentLen;
  }
  return entries;
}
