/** File mode's entry: loaded with a dynamic import, so ExcelJS stays out of the task pane's bundle. */
import type { Lang } from '../../core/types';
import { FilePort } from './file-port';

export async function openFile(file: File): Promise<FilePort> {
  if (!/\.xlsx$/i.test(file.name)) throw new Error(`${file.name}: expected an .xlsx file`);
  return FilePort.open(await file.arrayBuffer(), file.name);
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
