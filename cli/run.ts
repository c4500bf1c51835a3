import { checkWorkbook } from '../core/check';
import { DEMO_PROGRAM, DEMO_ROWS } from '../core/demo';
import { fillAll } from '../core/fill';
import { formatIssue } from '../core/messages';
import { readWorkbook } from '../core/read';
import type { Lang } from '../core/types';
import { applyFill } from '../xlsx/apply';
import { buildTemplate } from '../xlsx/build-template';
import { workbookToInput } from '../xlsx/to-input';
import { langOption, parseArgs, todayOption, UsageError, type Args } from './args';
import { FileError, loadWorkbook, readInputStreaming } from './files';
import { toJsonReport, toTextReport } from './report';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export const USAGE = `Usage:
  jiedui template [--lang zh|en] -o FILE.xlsx     write the shared template
  jiedui validate FILE.xlsx [--json] [--lang zh|en] [--today YYYY-MM-DD]
                                                  check a workbook: exit 0 no errors, 1 errors, 2 unreadable
  jiedui fill FILE.xlsx -o OUT.xlsx [--plan] [--match] [--today YYYY-MM-DD]
                                                  write ids, assessment results, the summary
                                                  (--plan: a term plan into an empty Schedule;
                                                   --match: mentors for unpaired new teachers)
  jiedui demo [--lang zh|en] -o FILE.xlsx         write the demo workbook
`;

function outPath(a: Args): string {
  const o = a.options.get('-o');
  if (!o) throw new UsageError('-o FILE.xlsx is required');
  return o;
}

function onePositional(a: Args, what: string): string {
  if (a.positional.length !== 1) throw new UsageError(`expected one ${what}, got ${a.positional.length}`);
  return a.positional[0];
}

async function template(a: Args, io: Io): Promise<number> {
  if (a.positional.length > 0) throw new UsageError(`unexpected argument ${a.positional[0]}`);
  const file = outPath(a);
  await buildTemplate(langOption(a) ?? 'zh').xlsx.writeFile(file);
  io.out(`${file}\n`);
  return 0;
}

async function demo(a: Args, io: Io): Promise<number> {
  if (a.positional.length > 0) throw new UsageError(`unexpected argument ${a.positional[0]}`);
  const file = outPath(a);
  // The demo's rows are written as people type them, in Chinese; the template's headers follow them.
  await buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM }).xlsx.writeFile(file);
  io.out(`${file}\n`);
  return 0;
}

async function validate(a: Args, io: Io): Promise<number> {
  const file = onePositional(a, 'FILE.xlsx to validate');
  const lang = langOption(a);
  const today = todayOption(a);
  const input = await readInputStreaming(file);
  const { read, issues } = checkWorkbook(input, { today });
  const shown: Lang = lang ?? read.lang;
  const report = toJsonReport(file, read, issues, shown);
  io.out(a.flags.has('--json') ? JSON.stringify(report, null, 2) + '\n' : toTextReport(report, shown));
  return report.summary.errors > 0 ? 1 : 0;
}

async function fill(a: Args, io: Io): Promise<number> {
  const file = onePositional(a, 'FILE.xlsx to fill');
  const out = outPath(a);
  const today = todayOption(a);
  const wb = await loadWorkbook(file);
  const input = workbookToInput(wb);
  const lang = langOption(a) ?? readWorkbook(input).lang;
  const result = fillAll(input, { today, plan: a.flags.has('--plan'), match: a.flags.has('--match') });
  applyFill(wb, result);
  await wb.xlsx.writeFile(out);
  const zh = lang === 'zh';
  io.out(zh ? `${out}：写入 ${result.writes.length} 个单元格\n` : `${out}: ${result.writes.length} cell(s) written\n`);
  for (const ns of result.newSheets) io.out(zh ? `  新建工作表「${ns.name}」\n` : `  new sheet “${ns.name}”\n`);
  for (const s of result.suggestions ?? []) {
    io.out(zh ? `  结对：${s.mentorId} ${s.mentorName ?? ''} → ${s.menteeId} ${s.menteeName ?? ''}\n` : `  paired: ${s.mentorId} ${s.mentorName ?? ''} → ${s.menteeId} ${s.menteeName ?? ''}\n`);
  }
  for (const r of result.refused) io.out(`  ${formatIssue(r, lang)}\n`);
  return 0;
}

const COMMANDS: Record<string, (a: Args, io: Io) => Promise<number>> = { template, validate, fill, demo };

export async function run(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  const command = COMMANDS[cmd];
  if (!command) {
    io.err(`jiedui: unknown command "${cmd}"\n${USAGE}`);
    return 2;
  }
  try {
    const args = parseArgs(rest);
    if (args.flags.has('--help') || args.flags.has('-h')) {
      io.out(USAGE);
      return 0;
    }
    return await command(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`jiedui ${cmd}: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof FileError) {
      io.err(`jiedui ${cmd}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
