/** File mode's entry: loaded with a dynamic import, so ExcelJS stays out of the task pane's bundle. */
import type { Lang } from '../../core/types';
import { FilePort } from './file-port';

/** The page's language, as the pane sets it on <html lang>. */
const pageLang = (): Lang => (document.documentElement.lang.startsWith('en') ? 'en' : 'zh');

/** Whatever the file's name, its bytes say what it is: an .xls or .ods is named and the fix said. */
export async function openFile(file: File): Promise<FilePort> {
  return FilePort.open(await file.arrayBuffer(), file.name, pageLang());
}

export async function newFromTemplate(lang: Lang): Promise<FilePort> {
  return FilePort.fromTemplate(lang);
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

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return text(o.result);
    return '';
  }
  return String(v);
};

const letters = (c: number): string => {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** The header is the first row with a value (the template's row 1). Null for a cell not in the workbook. */
export function rowAround(port: FilePort, sheetName: string, cell: string, span = 3): RowView | null {
  const ws = port.wb.getWorksheet(sheetName);
  const m = /^([A-Z]{1,3})(\d+)$/.exec(cell);
  if (!ws || !m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  let headRow = 1;
  for (let r = 1; r <= Math.min(ws.rowCount, 30); r++) {
    if (ws.getRow(r).cellCount > 0 && ws.getRow(r).actualCellCount > 0) {
      headRow = r;
      break;
    }
  }
  const first = Math.max(1, col - span);
  const last = col + span;
  const cols: string[] = [];
  const header: string[] = [];
  const cells: string[] = [];
  for (let c = first; c <= last; c++) {
    cols.push(letters(c));
    header.push(text(ws.getCell(headRow, c).value));
    cells.push(text(ws.getCell(row, c).value));
  }
  return { sheetName, row, headRow, cols, header, cells, at: col - first };
}

export async function download(port: FilePort, opts: DownloadOptions = {}): Promise<string> {
  const bytes = opts.marks ? new Uint8Array((await port.wb.xlsx.writeBuffer()) as ArrayBuffer) : await port.toBytes();
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
