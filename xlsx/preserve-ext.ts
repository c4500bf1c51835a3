/**
 * What ExcelJS drops on a round trip that schools rely on: a dropdown whose list is on another sheet
 * ('考核标准'!$A$2:$A$21). Excel keeps such a validation in the sheet's <extLst> as
 * x14:dataValidations, which ExcelJS neither reads nor writes. This copies that extension from each
 * sheet of the original file into the same sheet (by name) of the written one. The extension holds
 * only formulas and ranges, no link to another part, so a copy stands on its own.
 */
import JSZip from 'jszip';

/** The extension URI Excel gives x14:dataValidations. */
const DV_EXT_URI = '{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}';
const DV_EXT = /<ext\b[^>]*\buri="\{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF\}"[^>]*>[\s\S]*?<\/ext>/i;

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Sheet name -> the path of its worksheet part. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const rootRels = (await zip.file('_rels/.rels')?.async('string')) ?? '';
  const wbTarget = /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rootRels);
  const wbPath = (wbTarget ? attr(wbTarget[0], 'Target') ?? 'xl/workbook.xml' : 'xl/workbook.xml').replace(/^\//, '');
  const dir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const workbook = (await zip.file(wbPath)?.async('string')) ?? '';
  const rels = (await zip.file(`${dir}_rels/${wbPath.slice(dir.length)}.rels`)?.async('string')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : dir + target);
  }
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = /\s[A-Za-z0-9_]+:id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name !== undefined && part) out.set(unescapeXml(name), part.replace(/\/\.\//g, '/'));
  }
  return out;
}

/** Namespace prefixes used in `xml` but declared outside it: their declarations, from `root`. */
function missingNamespaces(xml: string, root: string): string {
  const used = new Set([...xml.matchAll(/<\/?([A-Za-z][\w.-]*):/g)].map((m) => m[1]));
  const decl: string[] = [];
  for (const p of used) {
    if (new RegExp(`xmlns:${p}="`).test(xml)) continue;
    const uri = new RegExp(`xmlns:${p}="([^"]*)"`).exec(root)?.[1];
    if (uri !== undefined) decl.push(`xmlns:${p}="${uri}"`);
  }
  return decl.join(' ');
}

/**
 * The written file with the original's cross-sheet dropdowns put back; the written file itself when
 * the original had none (the common case costs one look into each original sheet part).
 */
export async function preserveDataValidationExt(original: Uint8Array, written: Uint8Array): Promise<Uint8Array> {
  const src = await JSZip.loadAsync(original);
  const found = new Map<string, string>();
  for (const [name, part] of await sheetParts(src)) {
    const xml = await src.file(part)?.async('string');
    if (!xml || !xml.includes(DV_EXT_URI)) continue;
    const ext = DV_EXT.exec(xml)?.[0];
    if (!ext) continue;
    const root = /<(?:[A-Za-z][\w.-]*:)?worksheet\b[^>]*>/.exec(xml)?.[0] ?? '';
    const extra = missingNamespaces(ext, root);
    found.set(name, extra ? ext.replace(/^<ext\b/, `<ext ${extra}`) : ext);
  }
  if (found.size === 0) return written;
  const out = await JSZip.loadAsync(written);
  const parts = await sheetParts(out);
  let changed = false;
  for (const [name, ext] of found) {
    const part = parts.get(name);
    const xml = part ? await out.file(part)?.async('string') : undefined;
    if (!part || !xml || xml.includes(DV_EXT_URI) || !xml.includes('</worksheet>')) continue;
    const patched = xml.includes('</extLst>')
      ? xml.replace(/<\/extLst>(?![\s\S]*<\/extLst>)/, `${ext}</extLst>`)
      : xml.replace(/<\/worksheet>\s*$/, `<extLst>${ext}</extLst></worksheet>`);
    if (patched === xml) continue;
    out.file(part, patched);
    changed = true;
  }
  if (!changed) return written;
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
