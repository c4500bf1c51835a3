/**
 * A patch of a package: the parts it changes (set whole, as text) and adds, over a zip whose every
 * other part is copied as stored, byte for byte. The fill (fill-package.ts), the page's sheets of
 * its own (owned-sheet.ts: the sync state, the Totals) and the check's marks (marks-package.ts)
 * each make their edits here; write() gives the new package. Pure (the CLI and the page).
 */
import { attr, eachTag, relsPathOf, resolveTarget, resolveWorkbook, type WorkbookParts } from './parts';
import { readDateStyles } from './stream';
import { Styles } from './styles-patch';
import { xmlText } from './sheet-patch';
import type { ZipFile } from './zip';
import { ZipWriter, type ZipSink } from './zip-write';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
export const esc = (s: string) => xmlText(s).replace(/"/g, '&quot;');

/** `target` as a relationship target from `from`'s folder ("../tables/table1.xml"). */
export function relativeTarget(from: string, target: string): string {
  const a = from.split('/').slice(0, -1);
  const b = target.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i].toLowerCase() === b[i].toLowerCase()) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export class PackagePatch {
  private readonly changed = new Map<string, string>();
  private readonly added = new Map<string, string>();
  private readonly taken = new Set<string>();
  private sheetId = -1;

  private constructor(
    readonly zip: ZipFile,
    readonly wb: WorkbookParts,
    readonly styles: Styles,
  ) {}

  static async of(zip: ZipFile): Promise<PackagePatch> {
    const wb = await resolveWorkbook(zip);
    const styles = new Styles(wb.styles, wb.styles ? await zip.text(wb.styles) : null, await readDateStyles(zip, wb.styles));
    return new PackagePatch(zip, wb, styles);
  }

  /** The workbook part's folder ("xl/"). */
  get dir(): string {
    return this.wb.workbookPart.slice(0, this.wb.workbookPart.lastIndexOf('/') + 1);
  }

  has(part: string): boolean {
    return this.added.has(part) || this.zip.has(part);
  }

  /** A part as it stands in the patch: changed, added or as stored; null when there is none. */
  async text(part: string): Promise<string | null> {
    return this.changed.get(part) ?? this.added.get(part) ?? (this.zip.has(part) ? this.zip.text(part) : null);
  }

  /** Sets a part's text: a part of the zip is changed, any other added. */
  set(part: string, xml: string): void {
    if (this.zip.has(part)) this.changed.set(part, xml);
    else this.added.set(part, xml);
  }

  /** A part name in neither the zip nor the patch: `${dir}${stem}N${ext}`. */
  freeName(dir: string, stem: string, ext = '.xml'): string {
    for (let n = 1; ; n++) {
      const name = `${dir}${stem}${n}${ext}`;
      if (!this.zip.find(name) && !this.added.has(name) && !this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }

  /** The relationships part of `part` as it stands, its path as stored. */
  private async relsOf(part: string): Promise<{ path: string; xml: string }> {
    const want = relsPathOf(part);
    const path = this.zip.find(want) ?? want;
    const xml =
      (await this.text(path)) ??
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"></Relationships>`;
    return { path, xml };
  }

  /** Adds a relationship from `from` to the part `target`; returns its id. */
  async addRel(from: string, type: string, target: string): Promise<string> {
    const { path, xml } = await this.relsOf(from);
    const ids = new Set([...xml.matchAll(/\sId="([^"]*)"/g)].map((m) => m[1]));
    let rid = 'rIdJ1';
    for (let n = 1; ids.has(rid); n++) rid = `rIdJ${n}`;
    const rel = (p: string) =>
      `<${p}Relationship Id="${rid}" Type="${type}" Target="${esc(relativeTarget(from, target))}"/></${p}Relationships>`;
    let next = xml.replace(/<\/((?:[\w.-]+:)?)Relationships>\s*$/, (_m, p: string) => rel(p));
    if (next === xml)
      next = xml.replace(
        /<((?:[\w.-]+:)?)Relationships\b([^>]*)\/>\s*$/,
        (_m, p: string, a: string) => `<${p}Relationships${a.trimEnd()}>${rel(p)}`,
      );
    this.set(path, next);
    return rid;
  }

  /** The relationships of `from` as they stand: id, type and target part. */
  async rels(from: string): Promise<{ id: string; type: string; target: string }[]> {
    const { xml } = await this.relsOf(from);
    const out: { id: string; type: string; target: string }[] = [];
    eachTag(xml, (name, a) => {
      if (name === 'Relationship' && a.TargetMode !== 'External' && a.Target) {
        const t = resolveTarget(from, a.Target);
        out.push({ id: a.Id, type: a.Type ?? '', target: this.zip.find(t) ?? t });
      }
    });
    return out;
  }

  private async types(): Promise<{ path: string; xml: string; p: string }> {
    const path = this.zip.find('[Content_Types].xml') ?? '[Content_Types].xml';
    const xml = (await this.text(path)) ?? '';
    return { path, xml, p: /<([\w.-]+:)?Types\b/.exec(xml)?.[1] ?? '' };
  }

  /** Declares a part's content type (an Override). */
  async addOverride(part: string, contentType: string): Promise<void> {
    const { path, xml, p } = await this.types();
    this.set(path, xml.replace(`</${p}Types>`, `<${p}Override PartName="/${esc(part)}" ContentType="${contentType}"/></${p}Types>`));
  }

  /** Declares the content type of an extension (a Default), unless it is declared already. */
  async addDefault(ext: string, contentType: string): Promise<void> {
    const { path, xml, p } = await this.types();
    if (new RegExp(`<(?:[\\w.-]+:)?Default\\b[^>]*\\sExtension="${ext}"`, 'i').test(xml)) return;
    this.set(path, xml.replace(`</${p}Types>`, `<${p}Default Extension="${ext}" ContentType="${contentType}"/></${p}Types>`));
  }

  /**
   * Adds a worksheet part holding `xml` as the last sheet, named `name` (very hidden when asked):
   * the part, its content type, the workbook's relationship and its entry in the workbook.
   */
  async addSheet(name: string, xml: string, state?: 'hidden' | 'veryHidden'): Promise<string> {
    const part = this.freeName(`${this.dir}worksheets/`, 'sheet');
    this.set(part, xml);
    await this.addOverride(part, CT_WORKSHEET);
    const rid = await this.addRel(this.wb.workbookPart, `${REL_NS}/worksheet`, part);
    let wbXml = (await this.text(this.wb.workbookPart))!;
    if (this.sheetId < 0)
      this.sheetId = Math.max(0, ...[...wbXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*\ssheetId="(\d+)"/g)].map((m) => +m[1]));
    const wp = /<([\w.-]+:)?workbook\b/.exec(wbXml)?.[1] ?? '';
    const rootTag = /<(?:[\w.-]+:)?workbook\b[^>]*>/.exec(wbXml)?.[0] ?? '';
    const relPrefix = [...rootTag.matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)].find((m) => m[2] === REL_NS)?.[1];
    const ridAttr = relPrefix ? `${relPrefix}:id="${rid}"` : `xmlns:r="${REL_NS}" r:id="${rid}"`;
    const entry = `<${wp}sheet name="${esc(name)}" sheetId="${++this.sheetId}"${state ? ` state="${state}"` : ''} ${ridAttr}/>`;
    if (wbXml.includes(`</${wp}sheets>`)) wbXml = wbXml.replace(`</${wp}sheets>`, `${entry}</${wp}sheets>`);
    else wbXml = wbXml.replace(new RegExp(`<${wp}sheets\\b[^>]*/>`), `<${wp}sheets>${entry}</${wp}sheets>`);
    this.set(this.wb.workbookPart, wbXml);
    return part;
  }

  /** The worksheet part of the sheet named `name` as the workbook stands (sheets added included). */
  async sheetPart(name: string): Promise<string | null> {
    const wbXml = (await this.text(this.wb.workbookPart))!;
    let rid: string | undefined;
    eachTag(wbXml, (tag, a) => {
      if (tag === 'sheet' && a.name === name && rid === undefined) rid = attr(a, 'id');
    });
    if (rid === undefined) return null;
    const rel = (await this.rels(this.wb.workbookPart)).find((r) => r.id === rid);
    return rel && this.has(rel.target) ? rel.target : null;
  }

  /** The new package: changed parts deflated in their place, others copied as stored, added ones last. */
  async write(sink: ZipSink): Promise<void> {
    const out = new ZipWriter(sink, this.zip.codec);
    const st = this.styles.result();
    if (st && this.styles.part) this.changed.set(this.styles.part, st);
    for (const e of this.zip.entries.values()) {
      const c = this.changed.get(e.name);
      if (c !== undefined) await out.add(e.name, c, e);
      else await out.copy(this.zip, e);
    }
    for (const [name, xml] of this.added) await out.add(name, xml);
    await out.finish();
  }

  /** The parts this patch changes or adds (for tests and reports). */
  parts(): string[] {
    const st = this.styles.result();
    return [...this.changed.keys(), ...this.added.keys(), ...(st && this.styles.part ? [this.styles.part] : [])];
  }
}
