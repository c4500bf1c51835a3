/**
 * The page's file mode opens with the same package sniffing as the CLI: an encrypted workbook,
 * an .xls, .et, .xlsb, .ods or .numbers renamed .xlsx is named, with the fix, in the page's
 * language; and a failed open gives no port, so the workbook open before stays open under its
 * own name (the pane assigns its port and file name only from an open that succeeded).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOpenError, FilePort } from '../../addin/src/file-port';
import { buildTemplate } from '../../xlsx/build-template';
import { MAX_PART_BYTES } from '../../xlsx/limits';
import JSZip from 'jszip';
import { deflatedRun, oleFile, rawZip, stored } from './craft';

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

async function refusal(bytes: Uint8Array, name: string, lang: 'zh' | 'en'): Promise<FileOpenError> {
  const e = await FilePort.open(ab(bytes), name, lang).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(FileOpenError);
  return e as FileOpenError;
}

describe('FilePort.open', () => {
  it('names an encrypted workbook and says how to remove the password, in the page language', async () => {
    const secret = oleFile(['EncryptionInfo', 'EncryptedPackage']);
    expect((await refusal(secret, '密.xlsx', 'zh')).message).toMatch(
      /^密\.xlsx：这个工作簿设有打开密码.*文件 > 信息 > 保护工作簿 > 用密码进行加密/,
    );
    expect((await refusal(secret, 's.xlsx', 'en')).message).toMatch(/^s\.xlsx: this workbook is password-protected.*Encrypt with Password/);
  });

  it('names .xls, .et, .xlsb, .ods and .numbers, and a part declaring more than the bound', async () => {
    expect((await refusal(oleFile(['Workbook']), 'a.xlsx', 'zh')).message).toMatch(/旧版 Excel 97-2003 工作簿（\.xls）/);
    expect((await refusal(oleFile(['Workbook']), 'a.et', 'en')).message).toMatch(/WPS Spreadsheets file \(\.et\)/);
    expect((await refusal(rawZip([stored('xl/workbook.bin', 'x')]), 'b.xlsx', 'en')).message).toMatch(/\.xlsb/);
    expect(
      (
        await refusal(
          rawZip([stored('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'), stored('content.xml', '<x/>')]),
          'c.xlsx',
          'zh',
        )
      ).message,
    ).toMatch(/OpenDocument 电子表格/);
    expect((await refusal(rawZip([stored('Index/Document.iwa', 'x')]), 'd.xlsx', 'en')).message).toMatch(/Apple Numbers/);
    const bomb = stored('xl/workbook.xml', '<workbook/>');
    bomb.size = MAX_PART_BYTES + 1;
    expect((await refusal(rawZip([bomb]), 'e.xlsx', 'en')).message).toMatch(/inflates to 257 MB, past the limit of 256 MB/);
    expect((await refusal(new TextEncoder().encode('hello'), 'f.xlsx', 'en')).message).toMatch(/not an \.xlsx workbook/);
  });

  it('a failed open leaves the workbook open before as it was, under its own name', async () => {
    const good = new Uint8Array(await buildTemplate('zh').xlsx.writeBuffer());
    const port = await FilePort.open(ab(good), '结对帮扶.xlsx', 'zh');
    const before = await port.sheetNames();
    let current = port;
    const fixture = readFileSync(resolve(__dirname, '../fixtures/poi-fuzzer-5937385319563264.xlsx'));
    for (const bad of [oleFile(['EncryptedPackage']), new Uint8Array(fixture.subarray(0, 100))]) {
      try {
        current = await FilePort.open(ab(bad), 'other.xlsx', 'zh');
      } catch (e) {
        expect(e).toBeInstanceOf(FileOpenError);
      }
    }
    expect(current).toBe(port);
    expect(current.fileName).toBe('结对帮扶.xlsx');
    expect(await current.sheetNames()).toEqual(before);
  });

  it('reads with the bounded reader of the CLI: a part inflating past the size it declares is stopped there, in the page language', async () => {
    const zip = await JSZip.loadAsync(await buildTemplate('en').xlsx.writeBuffer());
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const entries = await Promise.all(names.map(async (n) => stored(n, await zip.file(n)!.async('nodebuffer'))));
    const big = await deflatedRun(64 << 20, ' ');
    const i = entries.findIndex((e) => e.name === 'xl/worksheets/sheet2.xml');
    entries[i] = { name: entries[i].name, data: big.data, method: 8, size: 4096, crc: big.crc };
    const liar = rawZip(entries);
    expect((await refusal(liar, 'liar.xlsx', 'en')).message).toMatch(
      /^liar\.xlsx: the workbook cannot be read \(its part xl\/worksheets\/sheet2\.xml inflates past the 4096 bytes it declares/,
    );
    expect((await refusal(liar, 'liar.xlsx', 'zh')).message).toMatch(/比它声明的 4096 字节更长/);
  });
});
