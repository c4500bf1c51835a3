/**
 * The reports' tables, written as WordprocessingML text and put where the docx package laid out a
 * marker paragraph (report/docx-common.ts): each in its place, its text escaped and rid of what XML
 * cannot hold, the document well-formed, and a text that looks like a marker left alone.
 */
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { document, pack, para, table, xmlText } from '../../report/docx-common';

async function documentXml(bytes: Uint8Array): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
}

const texts = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);

function wellFormed(xml: string): void {
  const p = new SaxesParser();
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
}

describe('report tables', () => {
  it('puts each table where it was given, between the paragraphs around it, as many rows as given', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`行${i}`, i]);
    const xml = await documentXml(
      await pack(document('zh', 'T', [para('开头'), table(['甲', '乙'], rows), para('中间'), table(['丙'], [['x']]), para('结尾')])),
    );
    wellFormed(xml);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(2);
    expect(xml.match(/<w:tr>|<w:tr /g)).toHaveLength(301 + 2);
    const t = texts(xml);
    expect(t.slice(0, 4)).toEqual(['开头', '甲', '乙', '行0']);
    expect(t.indexOf('中间')).toBe(1 + 2 + 600);
    expect(t.slice(-3)).toEqual(['丙', 'x', '结尾']);
    expect(xml).not.toContain('JIEDUI-TABLE');
    // The header row repeats on every page and is bold; the body rows are not.
    expect(xml).toContain('<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>');
    expect(xml.match(/<w:b\/>/g)).toHaveLength(3);
  });

  it("escapes a cell's text and drops what XML 1.0 cannot hold, so Word opens it", async () => {
    const bad = 'a & b <c> "d" \u0001e\u001ff \ud800g \udc00h 😀';
    expect(xmlText(bad)).toBe('a &amp; b &lt;c&gt; "d" ef g h 😀');
    const xml = await documentXml(await pack(document('en', 'T', [table(['<h>'], [[bad], [null], [3.5]])])));
    wellFormed(xml);
    expect(texts(xml)).toEqual(['&lt;h&gt;', 'a &amp; b &lt;c&gt; "d" ef g h 😀', '', '3.5']);
  });

  it('leaves alone a paragraph whose text looks like a marker', async () => {
    const xml = await documentXml(await pack(document('zh', 'T', [para('JIEDUI-TABLE-abc-0'), table(['x'], [['1']])])));
    expect(texts(xml)).toEqual(['JIEDUI-TABLE-abc-0', 'x', '1']);
  });
});
