/**
 * The term report built in the browser and handed to the person as a .docx download. Loaded with a
 * dynamic import, so the `docx` library stays out of the task pane's main chunk.
 */
import type { ReportModel } from '../../core/report/model';
import { reportDocx } from '../../report/docx';
import { DOCX_TYPE } from '../../report/docx-common';

/** The file name: school code and term, e.g. `GH01-2026-2027-1-学期报告.docx`. */
export function reportFileName(m: ReportModel): string {
  const base = [m.school.code, m.term]
    .filter(Boolean)
    .join('-')
    .replace(/[\\/:*?"<>|]/g, '_');
  return `${base || 'report'}-${m.lang === 'zh' ? '学期报告' : 'term-report'}.docx`;
}

export async function downloadReport(m: ReportModel): Promise<string> {
  const bytes = await reportDocx(m);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: DOCX_TYPE }));
  const a = document.createElement('a');
  a.href = url;
  a.download = reportFileName(m);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}
