/**
 * A check's marks written into a copy of the package (the download "with marks"): each marked cell
 * gets a copy of its style with the mark's fill (styles appended, never changed), and a note with
 * its issue unless it has a note of its own; the notes go into the sheet's comments part and its
 * VML drawing (created, or appended to when the sheet has notes already). Nothing else changes: the
 * cells keep their values and formulas, every other part is copied as stored.
 */
import { bySheet } from './fill-rows';
import { PackagePatch, REL_NS } from './package-patch';
import { editAt, patchSheetXml, xmlText, type CellEdit } from './sheet-patch';

export interface CellMark {
  sheetName: string;
  /** A1 address. */
  cell: string;
  /** The fill colour as ARGB ("FFFFC7CE"). */
  argb: string;
  /** The note's text. */
  note: string;
}

const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
const AUTHOR = '结对 Jiedui';
const VML_HEAD =
  '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
  '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="__MAP__"/></o:shapelayout>' +
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';
/** Elements that come after legacyDrawing in a worksheet (CT_Worksheet's order). */
const AFTER_LEGACY = ['legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/** `B12` (or `$B$12`) as 1-based row and column; null when it is not a single cell. */
function parseA1(cell: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(cell.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

function shape(id: number, row: number, col: number): string {
  // row and col 0-based, as VML counts
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:160pt;height:70pt;z-index:${id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${row}, 2, ${col + 4}, 15, ${row + 4}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
  );
}

/** Inserts `el` where legacyDrawing goes in a worksheet part with prefix `p`. */
function insertLegacyDrawing(xml: string, p: string, el: string): string {
  let at = -1;
  for (const name of AFTER_LEGACY) {
    const m = new RegExp(`<${p}${name}\\b`).exec(xml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) at = xml.lastIndexOf(`</${p}worksheet>`);
  return xml.slice(0, at) + el + xml.slice(at);
}

interface Note {
  ref: string;
  /** 0-based, as VML counts. */
  row: number;
  col: number;
  text: string;
}

/** The edits filling each marked cell (the first mark of a cell), and the notes of the cells without a note of their own. */
function markCells(
  patch: PackagePatch,
  list: CellMark[],
  noted: Set<string>,
): { edits: Map<number, Map<number, CellEdit>>; notes: Note[] } {
  const edits = new Map<number, Map<number, CellEdit>>();
  const notes: Note[] = [];
  const seen = new Set<string>();
  for (const m of list) {
    const a = parseA1(m.cell);
    const ref = m.cell.replace(/\$/g, '').toUpperCase();
    if (!a || seen.has(ref)) continue;
    seen.add(ref);
    editAt(edits, a.row).set(a.col, { kind: 'style', style: (s) => patch.styles.filled(s, m.argb) });
    if (!noted.has(ref)) notes.push({ ref, row: a.row - 1, col: a.col - 1, text: m.note });
  }
  return { edits, notes };
}

/** A comments part with `commentXml` (authorId __A__) appended, its author added after the ones it has. */
function appendComments(comments: string, commentXml: string): string {
  const cp = /<([\w.-]+:)?comments\b/.exec(comments)?.[1] ?? '';
  const authors = [...comments.matchAll(new RegExp(`<${cp}author\\b`, 'g'))].length;
  const next = comments.includes(`</${cp}authors>`)
    ? comments.replace(`</${cp}authors>`, `<${cp}author>${AUTHOR}</${cp}author></${cp}authors>`)
    : comments.replace(/<(?:[\w.-]+:)?authors\s*\/>/, `<${cp}authors><${cp}author>${AUTHOR}</${cp}author></${cp}authors>`);
  const prefixed = cp ? commentXml.replace(/<(\/?)(comment|text|r|t)\b/g, `<$1${cp}$2`) : commentXml;
  return next.includes(`</${cp}commentList>`)
    ? next.replace(`</${cp}commentList>`, `${prefixed.replace(/__A__/g, String(authors))}</${cp}commentList>`)
    : next.replace(
        /<(?:[\w.-]+:)?commentList\s*\/>/,
        `<${cp}commentList>${prefixed.replace(/__A__/g, String(authors))}</${cp}commentList>`,
      );
}

/** The notes put in the sheet's comments part (`commentsPart`, holding `comments`), or in one made for them. */
async function writeComments(
  patch: PackagePatch,
  part: string,
  sheet: { commentsPart?: string; comments: string },
  notes: Note[],
): Promise<void> {
  const commentXml = notes
    .map((n) => `<comment ref="${n.ref}" authorId="__A__"><text><r><t xml:space="preserve">${xmlText(n.text)}</t></r></text></comment>`)
    .join('');
  if (sheet.commentsPart) {
    patch.set(sheet.commentsPart, appendComments(sheet.comments, commentXml));
    return;
  }
  const cp = patch.freeName(patch.dir, 'comments');
  patch.set(
    cp,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>${AUTHOR}</author></authors><commentList>${commentXml.replace(/__A__/g, '0')}</commentList></comments>`,
  );
  await patch.addOverride(cp, CT_COMMENTS);
  await patch.addRel(part, `${REL_NS}/comments`, cp);
}

/** Ids of the VML drawings made and their shapes, unique across the workbook's sheets. */
interface VmlIds {
  map: number;
  shape: number;
}

/**
 * The notes' shapes put in the sheet's VML drawing (`vmlPart`), or in one made for them; the
 * sheet's XML, with a legacyDrawing pointing at a drawing made.
 */
async function writeShapes(
  patch: PackagePatch,
  part: string,
  vmlPart: string | undefined,
  notes: Note[],
  sheetXml: string,
  ids: VmlIds,
): Promise<string> {
  if (vmlPart) {
    const vml = (await patch.text(vmlPart)) ?? '';
    let max = 0;
    for (const m of vml.matchAll(/_x0000_s(\d+)/g)) max = Math.max(max, +m[1]);
    const shapes = notes.map((n, i) => shape(max + 1 + i, n.row, n.col)).join('');
    patch.set(vmlPart, vml.replace(/<\/xml>\s*$/, `${shapes}</xml>`));
    return sheetXml;
  }
  const vp = patch.freeName(`${patch.dir}drawings/`, 'vmlDrawing', '.vml');
  const map = ids.map++;
  const shapes = notes.map((n) => shape(ids.shape++, n.row, n.col)).join('');
  patch.set(vp, `${VML_HEAD.replace('__MAP__', String(map))}${shapes}</xml>`);
  await patch.addDefault('vml', CT_VML);
  const rid = await patch.addRel(part, `${REL_NS}/vmlDrawing`, vp);
  const p = /<([A-Za-z_][\w.-]*:)?worksheet\b/.exec(sheetXml)?.[1] ?? '';
  const root = /<(?:[\w.-]+:)?worksheet\b[^>]*>/.exec(sheetXml)?.[0] ?? '';
  const rp = [...root.matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)].find((m) => m[2] === REL_NS)?.[1];
  const el = rp ? `<${p}legacyDrawing ${rp}:id="${rid}"/>` : `<${p}legacyDrawing xmlns:r="${REL_NS}" r:id="${rid}"/>`;
  return insertLegacyDrawing(sheetXml, p, el);
}

/** One sheet's marks: its cells filled, the notes in its comments and its VML drawing. */
async function markSheet(patch: PackagePatch, part: string, list: CellMark[], ids: VmlIds): Promise<void> {
  const rels = await patch.rels(part);
  const commentsPart = rels.find((r) => /\/comments$/.test(r.type) && patch.has(r.target))?.target;
  const vmlPart = rels.find((r) => /\/vmlDrawing$/.test(r.type) && patch.has(r.target))?.target;
  const comments = commentsPart ? ((await patch.text(commentsPart)) ?? '') : '';
  const noted = new Set([...comments.matchAll(/<(?:[\w.-]+:)?comment\b[^>]*\sref="([^"]+)"/g)].map((m) => m[1].toUpperCase()));
  const { edits, notes } = markCells(patch, list, noted);
  const sheetXml = patchSheetXml((await patch.text(part))!, { edits, date1904: patch.wb.date1904, styleOf: (s) => s });
  if (notes.length === 0) {
    patch.set(part, sheetXml);
    return;
  }
  await writeComments(patch, part, { commentsPart, comments }, notes);
  patch.set(part, await writeShapes(patch, part, vmlPart, notes, sheetXml, ids));
}

export async function writeMarks(patch: PackagePatch, marks: CellMark[]): Promise<void> {
  const ids: VmlIds = { map: 1000, shape: 1000 * 1024 };
  for (const [sheetName, list] of bySheet(marks)) {
    const part = await patch.sheetPart(sheetName);
    if (part) await markSheet(patch, part, list, ids);
  }
}
