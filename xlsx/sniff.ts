/**
 * What a file is, by its bytes, before any reader runs: one place for the CLI and the page's file
 * mode. An .xlsx is a zip; an encrypted .xlsx is an OLE compound file (D0 CF 11 E0 A1 B1 1A E1)
 * holding EncryptionInfo and EncryptedPackage streams; an .xls or WPS .et is an OLE file without
 * them; .xlsb, .ods and .numbers are zips with their own parts. Pure: bytes in, a refusal out.
 */
import { MAX_PACKAGE_BYTES, MAX_PART_BYTES } from './limits';
import { PackageError, bothLangs } from './package-text';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type Leading = 'zip' | 'ole' | 'other';

/** The kind of container from the first 8 bytes. */
export function leadingKind(head: Uint8Array): Leading {
  if (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5 || head[2] === 7) &&
    head[3] === head[2] + 1
  )
    return 'zip';
  if (head.length >= 8 && OLE_MAGIC.every((b, i) => head[i] === b)) return 'ole';
  return 'other';
}

const utf16 = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Whether `needle` occurs in `hay`: a first-byte scan, linear for the short needles used here. */
export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
  }
  return false;
}

/** Stream names are UTF-16 in an OLE directory entry. */
const ENCRYPTED_STREAMS = [utf16('EncryptedPackage'), utf16('EncryptionInfo')];
/** WPS writes its name as the creating application (summary information) and in its own streams. */
const WPS_MARKS = [
  utf16('Kingsoft'),
  utf8('Kingsoft'),
  utf16('WPS Office'),
  utf8('WPS Office'),
  utf16('WPS 表格'),
  utf8('WPS 表格'),
  utf16('ETExtData'),
];

/** An OLE compound file: an encrypted OOXML package, a WPS .et, or an .xls. */
export function oleKind(bytes: Uint8Array, fileName = ''): 'encrypted' | 'et' | 'xls' {
  if (ENCRYPTED_STREAMS.some((n) => containsBytes(bytes, n))) return 'encrypted';
  if (/\.et$/i.test(fileName) || WPS_MARKS.some((n) => containsBytes(bytes, n))) return 'et';
  return 'xls';
}

/** A zip that is another program's document rather than an .xlsx: its kind; null when it may be one. */
export function zipKind(names: Iterable<string>): 'xlsb' | 'ods' | 'numbers' | null {
  let ods = 0;
  for (const raw of names) {
    const n = raw.replace(/^\//, '');
    if (/(^|\/)workbook\.bin$/i.test(n)) return 'xlsb';
    if (/^Index\/.*\.iwa$/i.test(n) || n === 'Index.zip' || /^Metadata\/DocumentIdentifier$/i.test(n)) return 'numbers';
    if (n === 'mimetype' || n === 'content.xml' || n === 'META-INF/manifest.xml') ods++;
  }
  return ods >= 2 ? 'ods' : null;
}

/**
 * The refusal for a file that is not an .xlsx, from its bytes (for an OLE file: all of them, or as
 * many as can be had; the directory holding the stream names may be anywhere). Null for a zip,
 * whose parts `zipKind` then looks at.
 */
export function refuseByBytes(bytes: Uint8Array, fileName = ''): PackageError | null {
  const kind = leadingKind(bytes.subarray(0, 8));
  if (kind === 'zip') return null;
  if (kind === 'ole') return new PackageError(oleKind(bytes, fileName));
  return new PackageError('not_zip');
}

/** The refusal for a zip that holds another program's document; null for what may be an .xlsx. */
export function refuseByParts(names: Iterable<string>): PackageError | null {
  const kind = zipKind(names);
  return kind ? new PackageError(kind) : null;
}

/**
 * The names and declared sizes of a zip's parts, from its central directory, for a reader that has
 * the whole file in memory (the page). Null when no directory is found (the reader then says why).
 */
export function zipDirectory(bytes: Uint8Array): { name: string; size: number }[] | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const count = dv.getUint16(at + 10, true);
  let p = dv.getUint32(at + 16, true);
  const out: { name: string; size: number }[] = [];
  const dec = new TextDecoder();
  for (let n = 0; n < count && p + 46 <= bytes.length && dv.getUint32(p, true) === 0x02014b50; n++) {
    const nameLen = dv.getUint16(p + 28, true);
    const skip = nameLen + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
    out.push({ name: dec.decode(bytes.subarray(p + 46, p + 46 + nameLen)), size: dv.getUint32(p + 24, true) });
    p += 46 + skip;
  }
  return out;
}

/**
 * The refusal for a file held whole in memory (the page's file mode), before the reader sees it: not
 * a zip (encrypted, .xls, .et, anything else), another program's zip (.xlsb, .ods, .numbers), no
 * workbook in it, or parts declaring more than the bounds. Null when it may be read.
 */
export function refuseInMemory(bytes: Uint8Array, fileName = ''): PackageError | null {
  const byBytes = refuseByBytes(bytes, fileName);
  if (byBytes) return byBytes;
  const dir = zipDirectory(bytes);
  if (!dir) return new PackageError('bad_zip', { why: bothLangs('why_no_zip_dir') });
  const other = refuseByParts(dir.map((e) => e.name));
  if (other) return other;
  if (!dir.some((e) => /(^|\/)workbook\.xml$/i.test(e.name))) return new PackageError('not_workbook', { part: 'xl/workbook.xml' });
  const mb = (n: number) => Math.ceil(n / 2 ** 20);
  let total = 0;
  for (const e of dir) {
    if (e.size > MAX_PART_BYTES) return new PackageError('part_too_large', { part: e.name, size: mb(e.size), limit: mb(MAX_PART_BYTES) });
    total += e.size;
  }
  if (total > MAX_PACKAGE_BYTES) return new PackageError('package_too_large', { limit: mb(MAX_PACKAGE_BYTES) });
  return null;
}
