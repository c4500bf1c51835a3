/**
 * A sheet the product owns whole (the very hidden sync state, the bureau's Totals), written as a
 * patch: an existing one has its cells replaced in place (its part keeps everything outside
 * sheetData, the sheet keeps its place and state), a new one is added as the last sheet. Values are
 * written as they are: text as inline text (an ISO day stays text, as the state needs it), numbers
 * and booleans as such. Every other part of the package is untouched.
 */
import type { CellValue } from '../core/types';
import { columnLetter } from './ranges';
import { MAIN_NS, PackagePatch, REL_NS } from './package-patch';
import { xmlText } from './sheet-patch';

export interface OwnedSheet {
  name: string;
  rows: CellValue[][];
  /** Very hidden: Excel does not list it under Unhide (the sync state). */
  veryHidden?: boolean;
  /** The first row in bold (a report's headers). */
  boldHeader?: boolean;
}

function cell(p: string, ref: string, v: CellValue, s: string | undefined): string {
  const sa = s !== undefined ? ` s="${s}"` : '';
  if (typeof v === 'boolean') return `<${p}c r="${ref}"${sa} t="b"><${p}v>${v ? 1 : 0}</${p}v></${p}c>`;
  if (typeof v === 'number' && Number.isFinite(v)) return `<${p}c r="${ref}"${sa}><${p}v>${v}</${p}v></${p}c>`;
  const text = String(v);
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<${p}c r="${ref}"${sa} t="inlineStr"><${p}is><${p}t${space}>${xmlText(text)}</${p}t></${p}is></${p}c>`;
}

/** The rows as sheetData's content; `p` the part's prefix. */
function rowsXml(p: string, rows: CellValue[][], headerStyle: string | undefined): { xml: string; right: number } {
  const out: string[] = [];
  let right = 0;
  rows.forEach((r, i) => {
    const cells: string[] = [];
    r.forEach((v, j) => {
      if (v === null || v === undefined || v === '') return;
      cells.push(cell(p, `${columnLetter(j + 1)}${i + 1}`, v, i === 0 ? headerStyle : undefined));
      right = Math.max(right, j + 1);
    });
    if (cells.length) out.push(`<${p}row r="${i + 1}">${cells.join('')}</${p}row>`);
  });
  return { xml: out.join(''), right };
}

export async function writeOwnedSheet(patch: PackagePatch, sheet: OwnedSheet): Promise<void> {
  const bold = sheet.boldHeader ? patch.styles.bold(undefined) : undefined;
  const part = await patch.sheetPart(sheet.name);
  if (!part) {
    const { xml, right } = rowsXml('', sheet.rows, bold);
    const dim = right > 0 ? `<dimension ref="A1:${columnLetter(right)}${sheet.rows.length}"/>` : '';
    const skeleton = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${dim}<sheetData>${xml}</sheetData></worksheet>`;
    await patch.addSheet(sheet.name, skeleton, sheet.veryHidden ? 'veryHidden' : undefined);
    return;
  }
  const old = (await patch.text(part))!;
  const sd = /<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(\/?)>/.exec(old);
  if (!sd) throw new Error(`the sheet "${sheet.name}" has no sheetData`);
  const p = sd[1] ?? '';
  const { xml, right } = rowsXml(p, sheet.rows, bold);
  const close = `</${p}sheetData>`;
  const end = sd[2] ? sd.index + sd[0].length : old.indexOf(close, sd.index) + close.length;
  const open = sd[2] ? `${sd[0].slice(0, -2).trimEnd()}>` : sd[0];
  let next = old.slice(0, sd.index) + open + xml + close + old.slice(end);
  const ref = right > 0 ? `A1:${columnLetter(right)}${sheet.rows.length}` : 'A1';
  next = next.replace(/(<(?:[\w.-]+:)?dimension\b[^>]*?\sref=")[^"]*"/, `$1${ref}"`);
  patch.set(part, next);
}
