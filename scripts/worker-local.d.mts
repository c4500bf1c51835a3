/** Types of scripts/worker-local.mjs (see its header for what each does). */
import type { ChildProcess } from 'node:child_process';

export declare const DEMO_COUNTY: string;
export declare const DEMO_TERM: string;
export declare const DEMO_SCHOOLS: { code: string; name: string; county: string; town: string; level: string }[];
export declare function ensureDevVars(): string;
export declare function applyLocalMigrations(opts?: { persistTo?: string; log?: (line: string) => void; signal?: AbortSignal }): Promise<void>;
export declare function freePort(): Promise<number>;
export declare function portAvailable(port: number, host?: string): Promise<boolean>;
export declare function nextFreePort(after: number, host?: string): Promise<number>;
export declare function jieduiWorkerAt(port: number): Promise<boolean>;
export declare function portTakenError(port: number, host?: string): Error & { code: 'EADDRINUSE'; port: number };
export interface RunningWorker {
  url: string;
  port: number;
  adminToken: string;
  child: ChildProcess;
  stop(): Promise<void>;
}
export declare function startWorker(opts?: {
  port?: number;
  extraArgs?: string[];
  persistTo?: string;
  adminToken?: string;
  log?: (line: string) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
  checkPort?: boolean;
}): Promise<RunningWorker>;
export interface DemoSeed {
  url: string;
  admin: string;
  bureau: string;
  schools: { GH01: string; WT01: string; DS01: string };
}
export declare function seedDemo(opts?: { port?: number; url?: string; adminToken?: string; quiet?: boolean }): Promise<DemoSeed>;
