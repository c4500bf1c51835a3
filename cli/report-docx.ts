/**
 * `jiedui report FILE.xlsx -o REPORT.docx [--lang zh|en] [--today YYYY-MM-DD]`: the term report to
 * sign and stamp, as a Word document in the workbook's language (or --lang). Exit codes as
 * validate's: 0 written, 2 an unreadable file or bad usage.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { checkWorkbook } from '../core/check';
import { reportModel } from '../core/report/model';
import type { Lang } from '../core/types';
import { reportDocx } from '../report/docx';
import { langOption, todayOption, UsageError, type Args } from './args';
import { checkWritable, FileError, readInputStreaming, refuseNotOurs } from './files';
import type { Io } from './run';

const WHAT = { zh: '要生成报告的 .xlsx 文件', en: 'FILE.xlsx to report on' };

export async function reportCommand(a: Args, io: Io, ctx: { lang?: Lang }): Promise<number> {
  if (a.positional.length !== 1) throw new UsageError('expected_one', { what: WHAT, count: a.positional.length });
  const out = a.options.get('-o');
  if (!out) throw new UsageError('out_required_docx');
  const file = a.positional[0];
  const asked = langOption(a);
  const today = todayOption(a);
  await checkWritable(out);
  const input = await readInputStreaming(file);
  const { read, issues } = checkWorkbook(input, { today });
  refuseNotOurs(read, file);
  const lang = asked ?? read.lang;
  ctx.lang = lang;
  const bytes = await reportDocx(reportModel(read, issues, { today, lang }));
  // Whole or not at all: a temporary file in the same folder, renamed over the target.
  const tmp = join(dirname(resolve(out)), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, out);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw new FileError('out_not_writable', { path: out, why: (e as Error)?.message ?? String(e) });
  }
  io.out(`${out}\n`);
  return 0;
}
