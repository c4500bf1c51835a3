/**
 * The styles part, appended to only: a cell written over style N gets a copy of N with what it
 * needs (a date format, a bold font, a mark's fill colour) added at the end of cellXfs, fonts and
 * fills; no existing style is renumbered or changed, so every cell not written keeps its look.
 */
import type { CellValue } from '../core/types';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: CellValue) => typeof v === 'string' && ISO_DAY.test(v);
const P = '[\\w.-]+:';

/** The elements `name` inside `<list>` of `xml`: each whole, in order. */
function listItems(xml: string, list: string, name: string): string[] {
  const block = new RegExp(`<(${P})?${list}\\b[^>]*>([\\s\\S]*?)</\\1?${list}>`).exec(xml);
  if (!block) return [];
  return [...block[2].matchAll(new RegExp(`<(?:${P})?${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</(?:${P})?${name}>)`, 'g'))].map((m) => m[0]);
}

function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`\\s${name}="[^"]*"`);
  if (re.test(tag)) return tag.replace(re, ` ${name}="${value}"`);
  return tag.replace(new RegExp(`^<(${P})?xf\\b`), (m) => `${m} ${name}="${value}"`);
}

export class Styles {
  private readonly xfs: string[] = [];
  private readonly fonts: string[] = [];
  private count = 0;
  private fontCount = 0;
  private fillCount = 0;
  private readonly fmtId: number = 164;
  private readonly addedXfs: string[] = [];
  private readonly addedFonts: string[] = [];
  private readonly addedFills: string[] = [];
  private readonly derived = new Map<string, string>();
  private readonly fillIds = new Map<string, number>();
  private boldFonts = new Map<number, number>();
  private dateFmt = false;
  /** The prefix the styles part writes its elements with (<x:xf>). */
  private readonly p: string = '';

  constructor(
    readonly part: string | undefined,
    private readonly xml: string | null,
    private readonly dateStyles: boolean[],
  ) {
    if (!xml) return;
    this.p = new RegExp(`<(${P})?styleSheet\\b`).exec(xml)?.[1] ?? '';
    this.xfs = listItems(xml, 'cellXfs', 'xf');
    this.count = this.xfs.length;
    this.fonts = listItems(xml, 'fonts', 'font');
    this.fontCount = this.fonts.length;
    this.fillCount = listItems(xml, 'fills', 'fill').length;
    let max = 163;
    for (const m of xml.matchAll(/numFmtId="(\d+)"/g)) max = Math.max(max, +m[1]);
    this.fmtId = max + 1;
  }

  /** A copy of style `base` changed by `change`, made once per key. */
  private derive(key: string, base: number, change: (xf: string) => string): string {
    let s = this.derived.get(key);
    if (s === undefined) {
      const src = this.xfs[base] ?? `<${this.p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
      this.addedXfs.push(change(src));
      s = String(this.count++);
      this.derived.set(key, s);
    }
    return s;
  }

  private base(s: string | undefined): number {
    const b = s !== undefined ? parseInt(s, 10) : 0;
    return Number.isFinite(b) && b >= 0 ? b : 0;
  }

  /** The `s` of a cell written with `value` over style `base`: a date gets a date format. */
  styleOf(base: string | undefined, value: CellValue): string | undefined {
    if (!isDate(value) || !this.xml) return base;
    const b = this.base(base);
    if (this.dateStyles[b] === true) return base;
    this.dateFmt = true;
    return this.derive(`date:${b}`, b, (xf) => setAttr(setAttr(xf, 'numFmtId', String(this.fmtId)), 'applyNumberFormat', '1'));
  }

  /** Style `base` in bold (a report's header row). */
  bold(base: string | undefined): string | undefined {
    if (!this.xml || this.fonts.length === 0) return base;
    const b = this.base(base);
    const fontId = Number(/\sfontId="(\d+)"/.exec(this.xfs[b] ?? '')?.[1] ?? 0);
    let bold = this.boldFonts.get(fontId);
    if (bold === undefined) {
      const src = this.fonts[fontId] ?? this.fonts[0];
      const font = src.endsWith('/>')
        ? `${src.slice(0, -2).trimEnd()}><${this.p}b/></${this.p}font>`
        : src.replace(/^<[^>]*>/, (m) => `${m}<${this.p}b/>`);
      this.addedFonts.push(font);
      bold = this.fontCount++;
      this.boldFonts.set(fontId, bold);
    }
    const id = bold;
    return this.derive(`bold:${b}`, b, (xf) => setAttr(setAttr(xf, 'fontId', String(id)), 'applyFont', '1'));
  }

  /** Style `base` with a solid fill of colour `argb` (a check's mark). */
  filled(base: string | undefined, argb: string): string | undefined {
    if (!this.xml) return base;
    const b = this.base(base);
    let id = this.fillIds.get(argb);
    if (id === undefined) {
      this.addedFills.push(
        `<${this.p}fill><${this.p}patternFill patternType="solid"><${this.p}fgColor rgb="${argb}"/><${this.p}bgColor indexed="64"/></${this.p}patternFill></${this.p}fill>`,
      );
      id = this.fillCount++;
      this.fillIds.set(argb, id);
    }
    const fill = id;
    return this.derive(`fill:${argb}:${b}`, b, (xf) => setAttr(setAttr(xf, 'fillId', String(fill)), 'applyFill', '1'));
  }

  /** The styles part with what was added; null when nothing was. */
  result(): string | null {
    if (!this.xml || this.addedXfs.length === 0) return null;
    let xml = this.xml;
    const p = this.p;
    const append = (list: string, items: string[], count: number) => {
      if (items.length === 0) return;
      const close = `</${p}${list}>`;
      if (xml.includes(close)) {
        xml = xml.replace(close, `${items.join('')}${close}`);
        const re = new RegExp(`(<${p}${list}\\b[^>]*\\scount=")(\\d+)"`);
        xml = xml.replace(re, `$1${count}"`);
      } else {
        const self = new RegExp(`<${p}${list}\\b([^>]*?)\\s*/>`).exec(xml);
        if (self)
          xml = xml.replace(
            self[0],
            `<${p}${list}${self[1].replace(/\scount="\d+"/, '')} count="${count}">${items.join('')}</${p}${list}>`,
          );
      }
    };
    if (this.dateFmt) {
      const fmt = `<${p}numFmt numFmtId="${this.fmtId}" formatCode="yyyy-mm-dd"/>`;
      if (xml.includes(`</${p}numFmts>`)) {
        xml = xml
          .replace(`</${p}numFmts>`, `${fmt}</${p}numFmts>`)
          .replace(new RegExp(`(<${p}numFmts\\b[^>]*\\scount=")(\\d+)"`), (_m, a: string, n: string) => `${a}${+n + 1}"`);
      } else {
        const so = new RegExp(`<${p}styleSheet\\b[^>]*>`).exec(xml)!;
        xml = xml.slice(0, so.index + so[0].length) + `<${p}numFmts count="1">${fmt}</${p}numFmts>` + xml.slice(so.index + so[0].length);
      }
    }
    append('fonts', this.addedFonts, this.fontCount);
    append('fills', this.addedFills, this.fillCount);
    append('cellXfs', this.addedXfs, this.count);
    return xml;
  }
}
