/**
 * Files built byte by byte for the bounds tests: a zip whose directory says what we choose (a part
 * declaring a gigabyte, or less than it holds), and OLE compound files with the streams Excel, an
 * encrypted package or WPS write.
 */
import { createDeflateRaw, crc32 as zlibCrc32 } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The stored bytes (deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  /** What the directory declares. */
  size: number;
  crc: number;
}

/** A zip of the entries as given: local headers, data, the central directory, its end record. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.crc >>> 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size >>> 0, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, e.data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.crc >>> 0, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.size >>> 0, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const stored = (name: string, text: string | Buffer): RawEntry => {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, data, method: 0, size: data.length, crc: zlibCrc32(data) };
};

/** `size` bytes of `fill`, deflated as a stream (never held inflated): a gigabyte deflates to about a megabyte. */
export async function deflatedRun(size: number, fill: string): Promise<{ data: Buffer; crc: number }> {
  const chunk = Buffer.alloc(1 << 20, fill);
  const d = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((res) => d.on('end', res));
  let crc = 0;
  for (let left = size; left > 0; left -= chunk.length) {
    const c = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = zlibCrc32(c, crc);
    if (!d.write(c)) await new Promise((res) => d.once('drain', res));
  }
  d.end();
  await done;
  return { data: Buffer.concat(out), crc };
}

/**
 * A minimal OLE compound file (version 3, 512-byte sectors): the header, one FAT sector, one
 * directory sector holding the root and the named streams (empty), as a compound file's directory
 * lays them out. `extra` is appended as a sector of its own (a summary stream's text, say).
 */
export function oleFile(streams: string[], extra: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  if (extra.length) fat.writeUInt32LE(0xfffffffe, 8);
  const dir = Buffer.alloc(512 * Math.ceil((streams.length + 1) / 4), 0);
  const entry = (i: number, name: string, type: number) => {
    const at = i * 128;
    Buffer.from(name + '\u0000', 'utf16le').copy(dir, at);
    dir.writeUInt16LE((name.length + 1) * 2, at + 64);
    dir.writeUInt8(type, at + 66);
    dir.writeUInt32LE(0xffffffff, at + 68);
    dir.writeUInt32LE(i + 1 < streams.length + 1 ? i + 1 : 0xffffffff, at + 72);
    dir.writeUInt32LE(i === 0 ? 1 : 0xffffffff, at + 76);
    dir.writeUInt32LE(0xfffffffe, at + 116);
  };
  entry(0, 'Root Entry', 5);
  streams.forEach((s, i) => entry(i + 1, s, 2));
  const pad = extra.length ? Buffer.concat([extra, Buffer.alloc((512 - (extra.length % 512)) % 512)]) : extra;
  return Buffer.concat([header, fat, dir, pad]);
}
