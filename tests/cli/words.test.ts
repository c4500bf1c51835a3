import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { editDistance, nearestCommand } from '../../cli/version';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const version = (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

describe('jiedui --version and a mistyped command', () => {
  it('prints the package version for --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await jiedui([flag], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`jiedui ${version}\n`);
    }
  });

  it('suggests the nearest command, in the language of --lang, exit 2', async () => {
    const en = await jiedui(['valdate', 'x.xlsx'], dir);
    expect(en.code).toBe(2);
    expect(en.stderr.split('\n')[0]).toBe('jiedui: unknown command "valdate"; did you mean validate?');
    const zh = await jiedui(['tempalte', '--lang', 'zh'], dir);
    expect(zh.code).toBe(2);
    expect(zh.stderr.split('\n')[0]).toBe('jiedui: 未知命令“tempalte”；你是不是想输入 template？');
    const far = await jiedui(['frobnicate'], dir);
    expect(far.code).toBe(2);
    expect(far.stderr.split('\n')[0]).toBe('jiedui: unknown command "frobnicate"');
  });

  it('finds the nearest command by edits, not by a guess', () => {
    expect(editDistance('valdate', 'validate')).toBe(1);
    expect(editDistance('flil', 'fill')).toBe(1);
    const cmds = ['template', 'validate', 'fill', 'demo', 'help'];
    expect(nearestCommand('valdate', cmds)).toBe('validate');
    expect(nearestCommand('VALIDATE', cmds)).toBe('validate');
    expect(nearestCommand('flil', cmds)).toBe('fill');
    expect(nearestCommand('dmeo', cmds)).toBe('demo');
    expect(nearestCommand('temp', cmds)).toBe('template');
    expect(nearestCommand('xyz', cmds)).toBeNull();
    expect(nearestCommand('constructor', cmds)).toBeNull();
  });
});

describe('jiedui fill --match shows each pairing mentor → mentee, with names and why', () => {
  beforeAll(async () => {
    expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  }, 60_000);

  it('in Chinese and in English', async () => {
    const zh = await jiedui(['fill', 'demo.xlsx', '-o', 'out.xlsx', '--match', '--today', '2026-11-20'], dir);
    expect(zh.code).toBe(0);
    const lines = zh.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  结对：'));
    expect(lines[at]).toMatch(/^ {2}结对：\S+（T004） → \S+（T010）$/);
    expect(lines[at + 1]).toMatch(/^ {4}理由：.*导师带徒 \d\/\d 人（含本次推荐）.*可任导师：/);
    const en = await jiedui(['fill', 'demo.xlsx', '-o', 'out-en.xlsx', '--match', '--today', '2026-11-20', '--lang', 'en'], dir);
    const el = en.stdout.split('\n');
    const e = el.findIndex((l) => l.startsWith('  paired: '));
    expect(el[e]).toMatch(/^ {2}paired: \S+ \(T004\) → \S+ \(T010\)$/);
    expect(el[e + 1]).toMatch(/^ {4}why: .*mentor's load \d of \d \(with these suggestions\).*eligible as mentor: /);
  });
});
