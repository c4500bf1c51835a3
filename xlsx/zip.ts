/**
 * Reading a zip (every .xlsx is one) by its central directory: any part can be opened in any order,
 * each streamed and inflated on its own. ExcelJS's streaming reader walks the zip front to back
 * instead and loses parts when they come in an order it does not expect (exceljs#3064: with
 * xl/workbook.xml last, as ExcelJS itself writes files, it failed at random).
 *
 * Pure: the bytes come from a ZipSource (a file handle in the CLI, xlsx/zip-node.ts; a byte array
 * in the page, MemorySource below) and are inflated by a Codec (node:zlib in the CLI, fflate in
 * the page, xlsx/codec.ts), so the CLI and the page's file mode read with the same code.
 */
import { MAX_PACKAGE_BYTES, MAX_PART_BYTES } from './limits';
import { bothLangs, PackageError, type PackageTextKey } from './package-text';

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

/** Where a zip's bytes are: random reads for the directory, a stream of chunks for a part's data. */
export interface ZipSource {
  readonly size: number;
  /** `len` bytes at `pos`; fails when the source is shorter. */
  read(pos: number, len: number): Promise<Uint8Array>;
  /** `len` bytes from `start`, in chunks of a bounded size. */
  chunks(start: number, len: number): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** Raw deflate (zip method 8) both ways. */
export interface Codec {
  inflate(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  deflate(data: Uint8Array): Promise<Uint8Array>;
}

/** A zip held whole in memory (the page's file mode: the file a person opened, as bytes). */
export class MemorySource implements ZipSource {
  constructor(private readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  async read(pos: number, len: number): Promise<Uint8Array> {
    if (pos < 0 || pos + len > this.bytes.length) throw new PackageError('bad_zip', { why: 'unexpected end of the zip file' });
    return this.bytes.subarray(pos, pos + len);
  }

  async *chunks(start: number, len: number): AsyncIterable<Uint8Array> {
    const end = Math.min(this.bytes.length, start + len);
    for (let at = start; at < end; at += 1 << 16) yield this.bytes.subarray(at, Math.min(end, at + (1 << 16)));
  }

  async close(): Promise<void> {}
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX = 0xffffffff;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (d: DataView, at: number) => Number(d.getBigUint64(at, true));

export class ZipFile {
  /** Bytes inflated so far from every part: bounded, so no package can make a reader work without end. */
  private inflated = 0;

  private constructor(
    readonly source: ZipSource,
    readonly codec: Codec,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  /** Reads the zip's directory; closes the source when that fails. */
  static async from(source: ZipSource, codec: Codec): Promise<ZipFile> {
    try {
      return new ZipFile(source, codec, await readDirectory(source));
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.source.close();
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
    const local = view(await this.source.read(e.localOffset, 30));
    if (local.getUint32(0, true) !== LOCAL) throw new PackageError('bad_zip', { why: `bad local header for ${e.name}` });
    return e.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  }

  /** The part's stored bytes as they are in the file, for a copy that changes nothing. */
  async *rawChunks(e: ZipEntry): AsyncGenerator<Uint8Array> {
    if (e.compressedSize === 0) return;
    const start = await this.dataStart(e);
    if (start + e.compressedSize > this.source.size)
      throw new PackageError('bad_zip', { why: `${e.name} points past the end of the file` });
    yield* this.source.chunks(start, e.compressedSize);
  }

  /**
   * The part's bytes inflated, chunk by chunk. Bounded: a part declaring more than MAX_PART_BYTES is
   * refused before it is read, one inflating past what it declares is stopped there, and all parts
   * together stop at MAX_PACKAGE_BYTES (a zip bomb is answered in milliseconds, not by running out
   * of memory).
   */
  async *chunks(name: string): AsyncGenerator<Uint8Array> {
    const e = this.entries.get(name);
    if (!e) throw new Error(`the zip has no part ${name}`);
    if (e.flags & 1) throw new PackageError('encrypted');
    if (e.method !== 0 && e.method !== 8) throw new PackageError('bad_zip', { why: `${name} uses zip compression method ${e.method}` });
    const mb = (n: number) => Math.ceil(n / 2 ** 20);
    if (e.size > MAX_PART_BYTES) throw new PackageError('part_too_large', { part: name, size: mb(e.size), limit: mb(MAX_PART_BYTES) });
    if (this.inflated + e.size > MAX_PACKAGE_BYTES) throw new PackageError('package_too_large', { limit: mb(MAX_PACKAGE_BYTES) });
    if (e.compressedSize === 0) return;
    const raw = this.rawChunks(e);
    const out = e.method === 8 ? this.codec.inflate(raw) : raw;
    let got = 0;
    for await (const chunk of out) {
      got += chunk.length;
      this.inflated += chunk.length;
      // leaving the loop ends the inflating (the codec's generator is returned, its stream destroyed)
      if (got > e.size) throw new PackageError('part_size_lie', { part: name, size: e.size });
      yield chunk;
    }
  }

  /** A part's bytes, inflated, whole. */
  async bytes(name: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const c of this.chunks(name)) parts.push(c);
    return concat(parts);
  }

  /** A small part as text (UTF-8; a byte order mark is dropped); null when the zip has no such part. */
  async text(name: string): Promise<string | null> {
    if (!this.entries.has(name)) return null;
    return new TextDecoder('utf-8').decode(await this.bytes(name));
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

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Directory {
  count: number;
  size: number;
  offset: number;
}

/** The zip is damaged: why, in both languages (package-text.ts). */
const badZip = (key: PackageTextKey, params: Record<string, string> = {}) => new PackageError('bad_zip', { why: bothLangs(key, params) });

/** Where the end-of-directory record is in `tail` (the file's last bytes); -1 when there is none. */
function endRecordAt(tail: DataView): number {
  for (let i = tail.byteLength - 22; i >= 0; i--) if (tail.getUint32(i, true) === EOCD) return i;
  return -1;
}

/** The zip64 end record's count, size and offset of the directory; `locAt` is where its locator should be. */
async function zip64Directory(src: ZipSource, locAt: number): Promise<Directory> {
  const loc = locAt >= 0 ? view(await src.read(locAt, 20)) : null;
  if (!loc || loc.getUint32(0, true) !== EOCD64_LOCATOR) throw badZip('why_bad_zip64');
  const recAt = u64(loc, 8);
  if (recAt + 56 > src.size) throw badZip('why_bad_zip64');
  const rec = view(await src.read(recAt, 56));
  if (rec.getUint32(0, true) !== EOCD64) throw badZip('why_bad_zip64');
  return { count: u64(rec, 32), size: u64(rec, 40), offset: u64(rec, 48) };
}

/** Where the central directory is and how many entries it has, from the end record (or the zip64 one). */
async function findDirectory(src: ZipSource): Promise<Directory> {
  const size = src.size;
  if (size < 22) throw badZip('why_too_short');
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = view(await src.read(size - tailLen, tailLen));
  const at = endRecordAt(tail);
  if (at < 0) throw badZip('why_no_zip_dir');
  let dir: Directory = { count: tail.getUint16(at + 10, true), size: tail.getUint32(at + 12, true), offset: tail.getUint32(at + 16, true) };
  if (dir.count === 0xffff || dir.size === MAX || dir.offset === MAX) dir = await zip64Directory(src, size - tailLen + at - 20);
  if (dir.offset + dir.size > size) throw badZip('why_dir_past_end');
  return dir;
}

/** zip64: the sizes and offset of `entry` that overflowed 32 bits, from extra field 0x0001 (in this order). */
function zip64Sizes(cd: DataView, from: number, end: number, entry: Pick<ZipEntry, 'size' | 'compressedSize' | 'localOffset'>): void {
  let e = from;
  while (e + 4 <= end) {
    const id = cd.getUint16(e, true);
    const len = cd.getUint16(e + 2, true);
    if (id === 1) {
      let q = e + 4;
      if (entry.size === MAX && q + 8 <= end) {
        entry.size = u64(cd, q);
        q += 8;
      }
      if (entry.compressedSize === MAX && q + 8 <= end) {
        entry.compressedSize = u64(cd, q);
        q += 8;
      }
      if (entry.localOffset === MAX && q + 8 <= end) entry.localOffset = u64(cd, q);
    }
    e += 4 + len;
  }
}

/** The directory entry at `p` of `cdBytes`, and where the next one starts. */
function readEntry(cdBytes: Uint8Array, cd: DataView, p: number, dec: TextDecoder): { entry: ZipEntry; next: number } {
  if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CENTRAL) throw badZip('why_bad_entry');
  const nameLen = cd.getUint16(p + 28, true);
  const extraLen = cd.getUint16(p + 30, true);
  const commentLen = cd.getUint16(p + 32, true);
  if (p + 46 + nameLen + extraLen > cd.byteLength) throw badZip('why_bad_entry');
  const name = dec
    .decode(cdBytes.subarray(p + 46, p + 46 + nameLen))
    .replace(/\\/g, '/')
    .replace(/^\//, '');
  const entry: ZipEntry = {
    name,
    method: cd.getUint16(p + 10, true),
    flags: cd.getUint16(p + 8, true),
    compressedSize: cd.getUint32(p + 20, true),
    size: cd.getUint32(p + 24, true),
    localOffset: cd.getUint32(p + 42, true),
    crc32: cd.getUint32(p + 16, true),
    time: cd.getUint16(p + 12, true),
    date: cd.getUint16(p + 14, true),
  };
  const end = p + 46 + nameLen + extraLen;
  zip64Sizes(cd, p + 46 + nameLen, end, entry);
  return { entry, next: end + commentLen };
}

/** Parts a zip may list: each has a directory entry of at least 46 bytes, so the count is bounded anyway. */
async function readDirectory(src: ZipSource): Promise<Map<string, ZipEntry>> {
  const dir = await findDirectory(src);
  const cdBytes = await src.read(dir.offset, dir.size);
  const cd = view(cdBytes);
  const dec = new TextDecoder('utf-8');
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < dir.count; n++) {
    const { entry, next } = readEntry(cdBytes, cd, p, dec);
    if (entry.localOffset + entry.compressedSize > src.size) throw badZip('why_part_past_end', { part: entry.name });
    entries.set(entry.name, entry);
    p = next;
  }
  return entries;
}
