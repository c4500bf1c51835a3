/**
 * File mode's entry: loaded with a dynamic import, so the package reader and writer (and fflate)
 * stay out of the task pane's bundle. No ExcelJS: the workbook is its package (file-port.ts).
 */
import type { Lang } from '../../core/types';
import { FilePort } from './file-port';

/** The page's language, as the pane sets it on <html lang>. */
const pageLang = (): Lang => (document.documentElement.lang.startsWith('en') ? 'en' : 'zh');

/** Whatever the file's name, its bytes say what it is: an .xls or .ods is named and the fix said. */
export async function openFile(file: File): Promise<FilePort> {
  return FilePort.open(await file.arrayBuffer(), file.name, pageLang());
}

/** The template's bytes as `jiedui template` writes them, built with the page (scripts/build-addin.mjs: templates/). */
export const templateUrl = (lang: Lang): string => new URL(`templates/jiedui-${lang}.xlsx`, document.baseURI).href;

export async function newFromTemplate(lang: Lang): Promise<FilePort> {
  const res = await fetch(templateUrl(lang));
  if (!res.ok) throw new Error(`${templateUrl(lang)}: HTTP ${res.status}`);
  return FilePort.open(await res.arrayBuffer(), lang === 'zh' ? '结对帮扶.xlsx' : 'jiedui.xlsx', lang);
}

/** What a download is a copy of: the name says so (`学校-已检查.xlsx`, `school-filled.xlsx`). */
export type CopyKind = 'checked' | 'filled' | null;

export interface DownloadOptions {
  /** Keep the marks in the file: each marked cell's fill colour and a note with its issue. */
  marks?: boolean;
  kind?: CopyKind;
  lang?: Lang;
}

const SUFFIX: Record<Lang, Record<'checked' | 'filled', string>> = {
  zh: { checked: '-已检查', filled: '-已填写' },
  en: { checked: '-checked', filled: '-filled' },
};

/** The download's name: the opened file's, with what was done to it (an earlier suffix replaced). */
export function downloadName(fileName: string, kind: CopyKind, lang: Lang): string {
  const base = fileName.replace(/\.xlsx$/i, '').replace(/-(已检查|已填写|checked|filled)$/, '');
  return `${base}${kind ? SUFFIX[lang][kind] : ''}.xlsx`;
}

/** The row around a cell as the pane shows it: the sheet's header and that row, a few columns either side. */
export interface RowView {
  sheetName: string;
  row: number;
  /** The header's row number. */
  headRow: number;
  /** Column letters shown, left to right. */
  cols: string[];
  header: string[];
  cells: string[];
  /** Index in `cols` of the cell the issue names. */
  at: number;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

const letters = (c: number): string => {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** The header is the first row with a value (the template's row 1). Null for a cell not in the workbook. */
export async function rowAround(port: FilePort, sheetName: string, cell: string, span = 3): Promise<RowView | null> {
  const sheet = (await port.readSheets()).sheets.find((s) => s.name === sheetName);
  const m = /^([A-Z]{1,3})(\d+)$/.exec(cell);
  if (!sheet || !m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  const values = sheet.values;
  let headRow = 1;
  for (let r = 1; r <= Math.min(values.length, 30); r++) {
    if ((values[r - 1] ?? []).some((v) => v !== null && v !== undefined && v !== '')) {
      headRow = r;
      break;
    }
  }
  const at = (r: number, c: number) => text(values[r - 1]?.[c - 1]);
  const first = Math.max(1, col - span);
  const last = col + span;
  const cols: string[] = [];
  const header: string[] = [];
  const cells: string[] = [];
  for (let c = first; c <= last; c++) {
    cols.push(letters(c));
    header.push(at(headRow, c));
    cells.push(at(row, c));
  }
  return { sheetName, row, headRow, cols, header, cells, at: col - first };
}

export async function download(port: FilePort, opts: DownloadOptions = {}): Promise<string> {
  const bytes = await port.toBytes({ marks: opts.marks });
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = downloadName(port.fileName, opts.kind ?? null, opts.lang ?? 'zh');
  document.body.append(a);
  a.click();
  a.remove();
  port.unsaved = 0;
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}

export async function newBlank(fileName: string): Promise<FilePort> {
  return FilePort.blank(fileName);
}
