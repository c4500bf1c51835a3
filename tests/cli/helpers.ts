import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../bin/jiedui.mjs');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a child process, as a user would through `npx jiedui`. Bounded: a child still
 * running after `timeoutMs` is killed and answers code -1, with what it printed.
 */
export function jiedui(args: string[], cwd: string, timeoutMs = 90_000): Promise<RunResult> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 << 20, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err && err.killed) return res({ code: -1, stdout, stderr: `${stderr}\n[killed after ${timeoutMs} ms]` });
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        res({ code, stdout, stderr });
      },
    );
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jiedui-cli-'));
}
