import type { Lang } from '../core/types';
import { CliError } from './text';

/** Bad usage: exit 2 with the message and the usage text. */
export class UsageError extends CliError {}

export interface Args {
  positional: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

const VALUE_OPTIONS = new Set(['-o', '--out', '--lang', '--today']);
const FLAGS = new Set(['--json', '--plan', '--match', '--help', '-h']);

export function parseArgs(argv: string[]): Args {
  const a: Args = { positional: [], flags: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (VALUE_OPTIONS.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError('needs_value', { name });
      a.options.set(name === '--out' ? '-o' : name, v);
    } else if (FLAGS.has(name)) a.flags.add(name);
    else if (name.startsWith('-') && name !== '-') throw new UsageError('unknown_option', { name });
    else a.positional.push(name);
  }
  return a;
}

export function langOption(a: Args): Lang | undefined {
  const v = a.options.get('--lang');
  if (v === undefined) return undefined;
  if (v !== 'zh' && v !== 'en') throw new UsageError('bad_lang', { value: v });
  return v;
}

/**
 * The language asked for with --lang, looked for before the arguments are parsed, so that an error
 * in any of them is worded in it; undefined when not given or not zh/en.
 */
export function langAskedFor(argv: string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i] === '--lang' ? argv[i + 1] : argv[i].startsWith('--lang=') ? argv[i].slice(7) : undefined;
    if (v === 'zh' || v === 'en') return v;
  }
  return undefined;
}

/** `--today`, else the machine's local date: the core never reads the clock, the CLI does. */
export function todayOption(a: Args, now: Date = new Date()): string {
  const v = a.options.get('--today');
  if (v === undefined) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new UsageError('bad_today', { value: v });
  }
  return v;
}
