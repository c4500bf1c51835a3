/**
 * What the .docx reports share: the Chinese fonts declared as East Asian fonts (宋体 SimSun body,
 * 黑体 SimHei headings, so Word, WPS and LibreOffice lay them out in Chinese), A4 pages, plain
 * bordered tables, and packing to bytes. The `docx` package's browser build: no `node:` API, so the
 * same code runs in the CLI, the task pane and workerd.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';

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

const cell = (text: string, header: boolean, width: number) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    // The size comes from the TableText style: one run property less per cell (the tables are most of the document).
    children: [new Paragraph({ style: 'TableText', children: [header ? new TextRun({ text, bold: true }) : new TextRun(text)] })],
  });

/**
 * A bordered table the page's width, its first row the header (repeated on every page); `weights`
 * share the width out between the columns (equal by default). Table text is 10.5 pt (五号).
 */
export function table(header: string[], rows: (string | number | null)[][], weights: number[] = header.map(() => 1)): Table {
  const show = (v: string | number | null) => (v == null ? '' : String(v));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((CONTENT_WIDTH * w) / total));
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, widths[i])) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(show(v), false, widths[i])) })),
    ],
  });
}

/** A number as a report shows it: at most two decimals, no trailing zeros. */
export const num = (n: number | null): string => (n == null ? '' : String(Math.round(n * 100) / 100));
export const percent = (r: number | null): string => (r == null ? '—' : `${Math.round(r * 1000) / 10}%`);

export function document(lang: 'zh' | 'en', titleText: string, children: ISectionOptions['children']): Document {
  return new Document({
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
        children,
      },
    ],
  });
}

/** The document's bytes (a .docx package). */
export async function pack(doc: Document): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
