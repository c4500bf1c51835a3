/**
 * The CLI's side of the package reader and writer: a zip read from a file by its handle (random
 * reads, parts streamed in 64 KB chunks, so memory stays bounded whatever the file's size), written
 * to a file, and deflated with node:zlib. Node only; the page uses MemorySource and fflate.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, deflateRawSync } from 'node:zlib';
import { PackageError } from './package-text';
import { ZipFile, type Codec, type ZipSource } from './zip';
import type { ZipSink } from './zip-write';

export const nodeCodec: Codec = {
  async *inflate(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    const input = Readable.from(raw, { objectMode: false });
    const inflate = createInflateRaw();
    // pipeline destroys both on an error, and the error reaches the loop below
    pipeline(input, inflate, () => {});
    try {
      for await (const c of inflate) yield c as Buffer;
    } finally {
      inflate.destroy();
      input.destroy();
    }
  },
  async deflate(data: Uint8Array): Promise<Uint8Array> {
    return deflateRawSync(data, { level: 6 });
  },
};

export class FileSource implements ZipSource {
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const fh = await open(path, 'r');
    try {
      return new FileSource(path, fh, (await fh.stat()).size);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async read(pos: number, len: number): Promise<Uint8Array> {
    const buf = Buffer.alloc(len);
    const { bytesRead } = await this.fh.read(buf, 0, len, pos);
    if (bytesRead < len) throw new PackageError('bad_zip', { why: 'unexpected end of the zip file' });
    return buf;
  }

  async *chunks(start: number, len: number): AsyncIterable<Uint8Array> {
    if (len <= 0) return;
    for await (const c of createReadStream(this.path, { start, end: start + len - 1, highWaterMark: 1 << 16 })) yield c as Buffer;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/** A zip file opened for reading by its directory. */
export async function openZip(path: string): Promise<ZipFile> {
  return ZipFile.from(await FileSource.open(path), nodeCodec);
}

/** Writes into an open file handle. */
export function fileSink(fh: FileHandle): ZipSink {
  return {
    async write(b: Uint8Array): Promise<void> {
      let at = 0;
      while (at < b.length) {
        const { bytesWritten } = await fh.write(b, at, b.length - at);
        at += bytesWritten;
      }
    },
  };
}
