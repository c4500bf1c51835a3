/**
 * What the .docx reports share: the Chinese fonts declared as East Asian fonts (宋体 SimSun body,
 * 黑体 SimHei headings, so Word, WPS and LibreOffice lay them out in Chinese), A4 pages, plain
 * bordered tables, and packing to bytes. The `docx` package's browser build: no `node:` API, so the
 * same code runs in the CLI, the task pane and workerd.
 *
 * Tables are written as WordprocessingML text here, and `pack` puts them where the docx package
 * laid out a marker paragraph: the package makes a dozen objects of each cell and three trees of
 * the whole document before its text, so a report of 5,000 teachers took seconds and over 128 MB
 * (a Worker's memory) in its tables alone. The text is the same the package wrote for them.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';

/** Body and heading fonts, by the names the font files carry in every locale. */
export const BODY_FONT = 'SimSun';
export const HEADING_FONT = 'SimHei';
const LATIN = 'Times New Roman';

const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });

export function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({ text, heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 });
}

export function title(text: string): Paragraph {
  return new Paragraph({ text, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER });
}

export function para(text: string, opts: { bold?: boolean; center?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    children: [new TextRun({ text, bold: opts.bold })],
  });
}

/** The page's width between the margins, in twips (A4, 2.5 cm margins). */
const CONTENT_WIDTH = 11906 - 2 * 1418;

/** A table as its WordprocessingML text (`<w:tbl>…</w:tbl>`), put into the document by `pack`. */
export class XmlTable {
  constructor(readonly xml: string) {}
}

export type Block = Paragraph | XmlTable;

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold are what is matched
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data: escaped, and without the characters XML 1.0 cannot hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BORDER = 'w:val="single" w:color="auto" w:sz="4"';
const BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} ${BORDER}/>`).join('')}</w:tblBorders>`;

/**
 * A bordered table the page's width, its first row the header (repeated on every page); `weights`
 * share the width out between the columns (equal by default). Table text is 10.5 pt (五号), from
 * the TableText style; each cell carries its column's width, as Word sizes cells without one to
 * their content whatever the grid says.
 */
export function table(header: string[], rows: (string | number | null)[][], weights: number[] = header.map(() => 1)): XmlTable {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((CONTENT_WIDTH * w) / total));
  const open = widths.map(
    (w) => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r>`,
  );
  const cell = (v: string | number | null, i: number, bold: boolean) =>
    `${open[i]}${bold ? '<w:rPr><w:b/><w:bCs/></w:rPr>' : ''}<w:t xml:space="preserve">${v == null ? '' : xmlText(String(v))}</w:t></w:r></w:p></w:tc>`;
  const out: string[] = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${CONTENT_WIDTH}"/>${BORDERS}</w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    `<w:tr><w:trPr><w:tblHeader/></w:trPr>${header.map((h, i) => cell(h, i, true)).join('')}</w:tr>`,
  ];
  for (const r of rows) out.push(`<w:tr>${r.map((v, i) => cell(v, i, false)).join('')}</w:tr>`);
  out.push('</w:tbl>');
  return new XmlTable(out.join(''));
}

/** A number as a report shows it: at most two decimals, no trailing zeros. */
export const num = (n: number | null): string => (n == null ? '' : String(Math.round(n * 100) / 100));
export const percent = (r: number | null): string => (r == null ? '—' : `${Math.round(r * 1000) / 10}%`);

/** A document laid out by the docx package, with a marker paragraph where each table goes. */
export interface DocxParts {
  doc: Document;
  marker: string;
  tables: string[];
}

export function document(lang: 'zh' | 'en', titleText: string, children: Block[]): DocxParts {
  // A marker no text of the report can make: it changes with every document.
  const marker = `JIEDUI-TABLE-${Array.from(crypto.getRandomValues(new Uint32Array(2)), (x) => x.toString(36)).join('')}-`;
  const tables: string[] = [];
  const blocks = children.map((c) => (c instanceof XmlTable ? new Paragraph({ text: `${marker}${tables.push(c.xml) - 1}` }) : c));
  const doc = new Document({
    title: titleText,
    creator: 'Jiedui',
    styles: {
      default: {
        document: { run: { font: font(BODY_FONT), size: 24, language: { value: lang === 'zh' ? 'zh-CN' : 'en-US', eastAsia: 'zh-CN' } } },
        title: { run: { font: font(HEADING_FONT), size: 36, bold: true } },
        heading1: { run: { font: font(HEADING_FONT), size: 30, bold: true }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { run: { font: font(HEADING_FONT), size: 26, bold: true }, paragraph: { spacing: { before: 160, after: 80 } } },
      },
      paragraphStyles: [{ id: 'TableText', name: 'Table Text', basedOn: 'Normal', run: { size: 21 } }],
    },
    sections: [
      {
        // A4 portrait, 2.5 cm margins (twips)
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } },
        children: blocks,
      },
    ],
  });
  return { doc, marker, tables };
}

/**
 * The document's bytes (a .docx package): the docx package writes it with its marker paragraphs,
 * each is replaced by its table's text, and the package writes it again with that document.xml.
 */
export async function pack(parts: DocxParts): Promise<Uint8Array> {
  const first = await Packer.toArrayBuffer(parts.doc);
  if (parts.tables.length === 0) return new Uint8Array(first);
  // fflate, not JSZip: pure and bundles for the Worker as for the page (JSZip's Node streams do not).
  const xml = strFromU8(unzipSync(new Uint8Array(first), { filter: (f) => f.name === 'word/document.xml' })['word/document.xml']);
  let placed = 0;
  const at = new RegExp(`<w:p><w:r><w:t xml:space="preserve">${parts.marker}(\\d+)</w:t></w:r></w:p>`, 'g');
  const body = xml.replace(at, (_all, i: string) => (placed++, parts.tables[Number(i)]));
  if (placed !== parts.tables.length) throw new Error(`pack: ${placed} of ${parts.tables.length} tables placed`);
  return new Uint8Array(await Packer.toArrayBuffer(parts.doc, false, [{ path: 'word/document.xml', data: body }]));
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
