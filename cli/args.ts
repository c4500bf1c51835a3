import type { Lang } from '../core/types';

export class UsageError extends Error {}

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
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      a.options.set(name === '--out' ? '-o' : name, v);
    } else if (FLAGS.has(name)) a.flags.add(name);
    else if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option ${name}`);
    else a.positional.push(name);
  }
  return a;
}

export function langOption(a: Args): Lang | undefined {
  const v = a.options.get('--lang');
  if (v === undefined) return undefined;
  if (v !== 'zh' && v !== 'en') throw new UsageError(`--lang must be zh or en, not "${v}"`);
  return v;
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
    throw new UsageError(`--today must be a date like 2026-09-01, not "${v}"`);
  }
  return v;
}
