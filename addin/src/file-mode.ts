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

export async function download(port: FilePort): Promise<void> {
  const bytes = await port.toBytes();
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = port.fileName.replace(/(\.xlsx)?$/i, '.xlsx');
  document.body.append(a);
  a.click();
  a.remove();
  port.unsaved = 0;
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function newBlank(fileName: string): Promise<FilePort> {
  return FilePort.blank(fileName);
}
