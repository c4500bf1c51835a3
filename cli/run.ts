import { checkWorkbook } from '../core/check';
import { DEMO_PROGRAM, DEMO_ROWS } from '../core/demo';
import { fillAll, suggestionPair, suggestionWhy } from '../core/fill';
import { formatIssue } from '../core/messages';
import { readWorkbook } from '../core/read';
import type { Lang } from '../core/types';
import { buildTemplate } from '../xlsx/build-template';
import { langAskedFor, langOption, parseArgs, todayOption, UsageError, type Args } from './args';
import { checkWritable, FileError, readInputStreaming, refuseNotOurs, writeFilled, writeWorkbook } from './files';
import { explainMerged } from './merges';
import { toJsonReport, toTextReport } from './report';
import { reportCommand } from './report-docx';
import { cliText, USAGE, type CliTextKey } from './text';
import { nearestCommand, packageVersion } from './version';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export { USAGE };

/** What a command knows of the language its messages should be in: --lang, else the workbook's once read. */
interface Ctx {
  lang?: Lang;
}

function outPath(a: Args): string {
  const o = a.options.get('-o');
  if (!o) throw new UsageError('out_required');
  return o;
}

function onePositional(a: Args, what: CliTextKey): string {
  if (a.positional.length !== 1)
    throw new UsageError('expected_one', { what: { zh: cliText(what, 'zh'), en: cliText(what, 'en') }, count: a.positional.length });
  return a.positional[0];
}

function noPositional(a: Args): void {
  if (a.positional.length > 0) throw new UsageError('unexpected_argument', { value: a.positional[0] });
}

async function template(a: Args, io: Io): Promise<number> {
  noPositional(a);
  const file = outPath(a);
  const lang = langOption(a) ?? 'zh';
  await checkWritable(file);
  await writeWorkbook(buildTemplate(lang), file);
  io.out(`${file}\n`);
  return 0;
}

async function demo(a: Args, io: Io): Promise<number> {
  noPositional(a);
  const file = outPath(a);
  langOption(a);
  await checkWritable(file);
  // The demo's rows are written as people type them, in Chinese; the template's headers follow them.
  await writeWorkbook(buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM }), file);
  io.out(`${file}\n`);
  return 0;
}

async function validate(a: Args, io: Io, ctx: Ctx): Promise<number> {
  const file = onePositional(a, 'what_validate');
  const lang = langOption(a);
  const today = todayOption(a);
  const input = await readInputStreaming(file);
  const { read, issues } = checkWorkbook(input, { today });
  const shown: Lang = lang ?? read.lang;
  ctx.lang = shown;
  const report = toJsonReport(file, read, explainMerged(issues, input), shown);
  io.out(a.flags.has('--json') ? JSON.stringify(report, null, 2) + '\n' : toTextReport(report, shown));
  return report.summary.errors > 0 ? 1 : 0;
}

/**
 * Fill as a patch of the package: the same streaming read as validate, the core's fill, then the
 * parts it writes into edited where it writes and every other part copied as stored. A workbook
 * without a Program sheet is not a Jiedui workbook: refused, nothing written.
 */
async function fill(a: Args, io: Io, ctx: Ctx): Promise<number> {
  const file = onePositional(a, 'what_fill');
  const out = outPath(a);
  const today = todayOption(a);
  const asked = langOption(a);
  await checkWritable(out);
  const input = await readInputStreaming(file);
  const read = readWorkbook(input);
  refuseNotOurs(read, file);
  const lang = asked ?? read.lang;
  ctx.lang = lang;
  const result = fillAll(input, { today, plan: a.flags.has('--plan'), match: a.flags.has('--match') });
  const applied = await writeFilled(file, out, result, input.sheets);
  io.out(`${cliText('written', lang, { path: out, count: applied.written })}\n`);
  for (const ns of result.newSheets) io.out(`${cliText('new_sheet', lang, { name: ns.name })}\n`);
  for (const s of result.suggestions ?? []) {
    io.out(
      `${cliText('paired', lang, { pair: suggestionPair(s, lang) })}\n${cliText('paired_why', lang, { why: suggestionWhy(s, lang) })}\n`,
    );
  }
  for (const r of [...result.refused, ...applied.refused]) io.out(`  ${formatIssue(r, lang)}\n`);
  return 0;
}

const COMMANDS: Record<string, (a: Args, io: Io, ctx: Ctx) => Promise<number>> = { template, validate, fill, demo, report: reportCommand };

export async function run(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  const ctx: Ctx = { lang: langAskedFor(rest) };
  const usage = () => USAGE[ctx.lang ?? 'en'];
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage());
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v' || cmd === '-V') {
    io.out(`jiedui ${packageVersion()}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!command) {
    const lang = ctx.lang ?? 'en';
    const near = nearestCommand(cmd, [...Object.keys(COMMANDS), 'help']);
    const hint = near ? cliText('did_you_mean', lang, { value: near }) : '';
    io.err(`jiedui: ${cliText('unknown_command', lang, { value: cmd })}${hint}\n${usage()}`);
    return 2;
  }
  try {
    const args = parseArgs(rest);
    if (args.flags.has('--help') || args.flags.has('-h')) {
      io.out(usage());
      return 0;
    }
    return await command(args, io, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`jiedui ${cmd}: ${e.text(ctx.lang ?? 'en')}\n${usage()}`);
      return 2;
    }
    if (e instanceof FileError) {
      io.err(`jiedui ${cmd}: ${e.text(ctx.lang ?? 'en')}\n`);
      return 2;
    }
    throw e;
  }
}
