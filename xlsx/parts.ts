/**
 * One way to find a workbook's parts, for every reader and the fill's writer: the package's
 * relationships from _rels/.rels to the workbook, its sheets, shared strings, styles and each
 * sheet's tables. Targets may be relative ("worksheets/sheet1.xml", "../xl/x.xml") or absolute
 * ("/xl/tables/table1.xml", as openpyxl writes), percent-encoded, and in any case (part names are
 * case-insensitive); elements may carry any namespace prefix (<x:workbook>, ns0:). Pure (the CLI and the page).
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MAX_SHEETS } from './limits';
import { bothLangs, PackageError } from './package-text';
import { refuseByParts } from './sniff';
import type { ZipFile } from './zip';

type PlainOptions = { xmlns: false; position: false };
/** A parser without namespace processing: element names come as written, prefix and all. */
export const newParser = () => new SaxesParser<PlainOptions>({ xmlns: false, position: false });

export const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Parses a small XML part whole, calling back on each opening tag (by its local name). */
export function eachTag(xml: string, onOpen: (name: string, attrs: Record<string, string>) => void, part = ''): void {
  const p = newParser();
  p.on('opentag', (n: SaxesTagPlain) => onOpen(localName(n.name), n.attributes));
  try {
    p.write(xml).close();
  } catch (e) {
    throw new PackageError('bad_xml', { part, why: (e as Error).message });
  }
}

/** An attribute by its local name, whatever its prefix (r:id, ns1:id). */
export function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (attrs[name] !== undefined) return attrs[name];
  for (const k of Object.keys(attrs)) if (localName(k) === name) return attrs[k];
  return undefined;
}

export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A relationship's target as a part name: relative to the part's folder, or absolute. */
export function resolveTarget(from: string, target: string): string {
  const t = decode(target.replace(/\\/g, '/'));
  const parts = t.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export interface Rel {
  id: string;
  type: string;
  target: string;
}

/** The part's relationships (internal ones), targets resolved to part names present in the zip. */
export async function readRels(zip: ZipFile, part: string): Promise<Rel[]> {
  const path = zip.find(relsPathOf(part));
  const xml = path ? await zip.text(path) : null;
  const out: Rel[] = [];
  if (xml === null) return out;
  eachTag(
    xml,
    (name, a) => {
      if (name === 'Relationship' && a.TargetMode !== 'External' && a.Target) {
        const target = resolveTarget(part, a.Target);
        out.push({ id: a.Id, type: a.Type ?? '', target: zip.find(target) ?? target });
      }
    },
    path!,
  );
  return out;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
export const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;
export const REL_TABLE = /\/table$/;

export interface SheetRef {
  name: string;
  /** The worksheet part; null for a chart sheet, dialog sheet or a sheet whose part is missing. */
  part: string | null;
  rid: string;
}

export interface WorkbookParts {
  workbookPart: string;
  workbookXml: string;
  sheets: SheetRef[];
  sharedStrings?: string;
  styles?: string;
  date1904: boolean;
  rels: Rel[];
}

/**
 * The workbook's parts, checked: another program's document renamed .xlsx is named as such, a zip
 * without a workbook is refused, and a sheet pointing at the workbook itself or at a part another
 * sheet already is (a loop or a repeat, which would have a reader go round or read it again and
 * again) is refused.
 */
export async function resolveWorkbook(zip: ZipFile): Promise<WorkbookParts> {
  const other = refuseByParts(zip.entries.keys());
  if (other) throw other;
  const root = (await readRels(zip, '')).find((r) => REL_OFFICE_DOCUMENT.test(r.type));
  const workbookPart = root?.target ?? zip.find('xl/workbook.xml') ?? 'xl/workbook.xml';
  const workbookXml = zip.has(workbookPart) ? await zip.text(workbookPart) : null;
  if (workbookXml === null) throw new PackageError('not_workbook', { part: workbookPart });
  const declared: { name: string; rid: string }[] = [];
  let date1904 = false;
  eachTag(
    workbookXml,
    (name, a) => {
      if (name === 'sheet') declared.push({ name: a.name ?? '', rid: attr(a, 'id') ?? '' });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
    workbookPart,
  );
  if (declared.length > MAX_SHEETS) throw new PackageError('too_many_sheets', { count: declared.length, limit: MAX_SHEETS });
  const rels = await readRels(zip, workbookPart);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const seen = new Set<string>([workbookPart]);
  const sheets: SheetRef[] = declared.map((s) => {
    const rel = byId.get(s.rid);
    if (!rel || !REL_WORKSHEET.test(rel.type) || !zip.has(rel.target)) return { ...s, part: null };
    if (seen.has(rel.target)) {
      throw new PackageError('part_loop', {
        sheet: s.name,
        part: rel.target,
        why: rel.target === workbookPart ? bothLangs('why_is_workbook') : bothLangs('why_read_twice'),
      });
    }
    seen.add(rel.target);
    return { ...s, part: rel.target };
  });
  return {
    workbookPart,
    workbookXml,
    sheets,
    sharedStrings: rels.find((r) => REL_SHARED_STRINGS.test(r.type) && zip.has(r.target))?.target,
    styles: rels.find((r) => REL_STYLES.test(r.type) && zip.has(r.target))?.target,
    date1904,
    rels,
  };
}
