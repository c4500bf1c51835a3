/**
 * Workbooks as WPS Office saves them, crafted from one of ours (no WPS runs here): what is known of
 * how WPS's .xlsx differs from Excel's, each from a public account of WPS files.
 *  - List validation in the x14 extension: `<extLst><ext uri="{CCE6A557-…}"><x14:dataValidations>`
 *    with `<x14:formula1><xm:f>` and `<xm:sqref>` instead of the main `<dataValidations>` (WPS, like
 *    Excel 2010 on, writes a list that points at another sheet there; readers that look only at the
 *    main element lose them: xlsx-populate #278, PhpSpreadsheet #1432, ExcelJS #1184). One list here
 *    points at another sheet's range, the others are inline.
 *  - Cell images: `xl/cellimages.xml` (`etc:cellImages`, WPS's own namespace) with its rels and
 *    media, a workbook relationship of WPS's type, and the cell holding the formula
 *    `_xlfn.DISPIMG("ID_…",1)` with the cached text `=DISPIMG("ID_…",1)` (Excel shows #NAME?).
 *  - Dates under WPS's Chinese date format `yyyy"年"m"月"d"日";@` (a numFmt of the file) and
 *    under the built-in 14 and the built-in East Asian 31 (yyyy"年"m"月"d"日), which the file does not
 *    define: Chinese Excel and WPS write the East Asian ids (27–31, 36, 50–54, 57, 58) undefined.
 *  - Every sheet's `<dimension>` left at A1 whatever the sheet holds.
 *  - docProps/custom.xml with WPS's KSOProductBuildVer and ICV properties.
 */
import JSZip from 'jszip';
// The CLI's reader of a file on disk, for the tests that compare what WPS's and Excel's files read
// as (the one import to follow when issue 19 moves it: xlsx/node-files.ts there).
export { streamToInput as readXlsxFile } from '../xlsx/node-files';

const X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';
const XM = 'http://schemas.microsoft.com/office/excel/2006/main';
const DV_URI = '{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}';
/** WPS's Chinese long date, as its styles.xml holds it. */
export const WPS_DATE = 'yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@';
export const DISPIMG_ID = 'ID_5F1A2B3C4D5E4F60A1B2C3D4E5F60718';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface WpsOptions {
  /** The sheet, cell and list the one cross-sheet list points at (`'考核标准'!$A$2:$A$9`). */
  crossSheetList?: { sheetPart: string; sqref: string; ref: string };
  /** The cell of the sheet part that holds the DISPIMG formula (a cell the fill does not own). */
  imageCell?: { sheetPart: string; cell: string };
}

/** A sheet's XML with its main `<dataValidations>` moved into the x14 extension, and how many lists moved. */
export function toX14Validations(xml: string, cross?: { sqref: string; ref: string }): { xml: string; count: number } {
  const block = /<dataValidations\b[^>]*>([\s\S]*?)<\/dataValidations>/.exec(xml);
  if (!block) return { xml, count: 0 };
  const items = [...block[1].matchAll(/<dataValidation\b([^>]*)>([\s\S]*?)<\/dataValidation>/g)].map((m) => {
    const attrs = m[1].replace(/ sqref="[^"]*"/, '');
    const sqref = /sqref="([^"]*)"/.exec(m[1])![1];
    const f1 = /<formula1>([\s\S]*?)<\/formula1>/.exec(m[2])?.[1] ?? '';
    const f = cross && cross.sqref === sqref ? cross.ref : f1;
    return `<x14:dataValidation${attrs}><x14:formula1><xm:f>${f}</xm:f></x14:formula1><xm:sqref>${sqref}</xm:sqref></x14:dataValidation>`;
  });
  const ext = `<extLst><ext uri="${DV_URI}" xmlns:x14="${X14}"><x14:dataValidations count="${items.length}" xmlns:xm="${XM}">${items.join('')}</x14:dataValidations></ext></extLst>`;
  const without = xml.replace(block[0], '');
  // extLst is the worksheet's last child (CT_Worksheet).
  return { xml: without.replace(/<\/worksheet>\s*$/, `${ext}</worksheet>`), count: items.length };
}

/** The x14 list validations of a sheet's XML: sqref → formula. */
export function x14Lists(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(
    /<x14:dataValidation\b[^>]*>[\s\S]*?<xm:f>([\s\S]*?)<\/xm:f>[\s\S]*?<xm:sqref>([^<]*)<\/xm:sqref>[\s\S]*?<\/x14:dataValidation>/g,
  ))
    out.set(m[2], m[1]);
  return out;
}

/** `src` (an .xlsx of ours) as WPS would have saved it; see the file's head for what changes. */
export async function asWps(src: Buffer, opts: WpsOptions = {}): Promise<Buffer> {
  const zip = await JSZip.loadAsync(src);
  const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  for (const n of sheets) {
    let xml = await zip.file(n)!.async('string');
    const cross = opts.crossSheetList?.sheetPart === n ? opts.crossSheetList : undefined;
    xml = toX14Validations(xml, cross).xml;
    // WPS leaves a sheet's dimension at A1 whatever it holds (dify #1039: openpyxl's read-only mode,
    // which trusts it, read one cell): a reader must go by the rows, not by this.
    xml = xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1"/>');
    if (opts.imageCell?.sheetPart === n) {
      const cell = opts.imageCell.cell;
      const img = `<c r="${cell}" t="str"><f>_xlfn.DISPIMG("${DISPIMG_ID}",1)</f><v>=DISPIMG("${DISPIMG_ID}",1)</v></c>`;
      const at = new RegExp(`<c r="${cell}"(?:[^>]*/>|[^>]*>[\\s\\S]*?</c>)`);
      if (!at.test(xml)) throw new Error(`asWps: ${n} has no cell ${cell}`);
      xml = xml.replace(at, img);
    }
    zip.file(n, xml);
  }

  // Dates as WPS formats a Chinese date: its own format `yyyy"年"m"月"d"日";@` (defined in the file,
  // id 176), the built-in 14 (rows ending 0, 2, 4) and the built-in East Asian 31 (yyyy"年"m"月"d"日",
  // rows ending 6, 8), neither defined in the file.
  let styles = await zip.file('xl/styles.xml')!.async('string');
  const xfs = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(styles)!;
  const dateFmt = /<numFmt numFmtId="(\d+)" formatCode="yyyy-mm-dd"\/>/.exec(styles)?.[1];
  if (dateFmt) {
    styles = styles.replace(
      `<numFmt numFmtId="${dateFmt}" formatCode="yyyy-mm-dd"/>`,
      `<numFmt numFmtId="${dateFmt}" formatCode="${WPS_DATE}"/>`,
    );
    const list = [...xfs[2].matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
    const dateXf = list.findIndex((x) => x.includes(`numFmtId="${dateFmt}"`));
    list.push(list[dateXf].replace(`numFmtId="${dateFmt}"`, 'numFmtId="14"'));
    list.push(list[dateXf].replace(`numFmtId="${dateFmt}"`, 'numFmtId="31"'));
    styles = styles.replace(xfs[0], `<cellXfs count="${list.length}">${list.join('')}</cellXfs>`);
    zip.file('xl/styles.xml', styles);
    const [copy14, copy31] = [list.length - 2, list.length - 1];
    for (const n of sheets) {
      const xml = await zip.file(n)!.async('string');
      zip.file(
        n,
        xml
          .replace(new RegExp(`<c r="([A-Z]+)(\\d*[024])" s="${dateXf}"`, 'g'), `<c r="$1$2" s="${copy14}"`)
          .replace(new RegExp(`<c r="([A-Z]+)(\\d*[68])" s="${dateXf}"`, 'g'), `<c r="$1$2" s="${copy31}"`),
      );
    }
  }

  // Cell images: WPS's part, its rels and media, the workbook's relationship and the content types.
  zip.file(
    'xl/cellimages.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="${DISPIMG_ID}" descr="签到表"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage></etc:cellImages>`,
  );
  zip.file(
    'xl/_rels/cellimages.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>`,
  );
  zip.file('xl/media/image1.png', PNG);
  const wbRels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    wbRels.replace(
      '</Relationships>',
      '<Relationship Id="rIdWpsImg" Type="http://www.wps.cn/officeDocument/2020/cellImage" Target="cellimages.xml"/></Relationships>',
    ),
  );
  let types = await zip.file('[Content_Types].xml')!.async('string');
  if (!/Extension="png"/.test(types)) types = types.replace('<Default ', '<Default Extension="png" ContentType="image/png"/><Default ');
  types = types.replace(
    '</Types>',
    '<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
  );
  zip.file('[Content_Types].xml', types);

  // WPS's custom properties.
  zip.file(
    'docProps/custom.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ICV"><vt:lpwstr>3A8D2C1B5E6F4A7B9C0D1E2F3A4B5C6D_13</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16388</vt:lpwstr></property></Properties>`,
  );
  const rels = await zip.file('_rels/.rels')!.async('string');
  zip.file(
    '_rels/.rels',
    rels.replace(
      '</Relationships>',
      '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
