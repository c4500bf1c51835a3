/**
 * Retrying a request that may have failed on the way: offline, a server error, 429, or the
 * worker's 409 `busy`. A sync batch keeps its batch_id across retries, and the worker answers a
 * replayed batch_id with its stored answer, so a retry never applies rows twice. Answers that a
 * retry cannot change (401 revoked token, 423 term locked, 400/413/422) are not retried.
 * The clock and the sleep are injected, so tests run the schedule without waiting.
 */
import { HttpError } from './http';

export interface BackoffOptions {
  /** First delay in ms. */
  baseMs?: number;
  /** Upper bound of one delay in ms. */
  maxMs?: number;
  /** Tries in all, the first included. */
  attempts?: number;
  /** 0..1: the share of each delay that is random, so many panes do not retry in step. */
  jitter?: number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each wait: the attempt that failed (1-based), the wait, the error. */
  onRetry?: (attempt: number, delayMs: number, error: HttpError) => void;
}

export const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 30_000, attempts: 6, jitter: 0.25 };

export function isRetryable(e: unknown): e is HttpError {
  if (!(e instanceof HttpError)) return false;
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500 || (e.status === 409 && e.code === 'busy');
}

/** The delay before retry number `attempt` (1-based): base·2^(attempt-1), capped, with jitter. */
export function backoffDelay(
  attempt: number,
  o: { baseMs: number; maxMs: number; jitter: number },
  random: () => number = Math.random,
): number {
  const raw = Math.min(o.maxMs, o.baseMs * 2 ** (attempt - 1));
  return Math.round(raw * (1 - o.jitter) + raw * o.jitter * random());
}

export class AbortedError extends Error {
  constructor() {
    super('cancelled');
  }
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(fn: () => Promise<T>, opts: BackoffOptions = {}): Promise<T> {
  const o = { ...DEFAULT_BACKOFF, ...opts };
  const sleep = opts.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= o.attempts) throw e;
      // The server's Retry-After (429) is a floor: retrying sooner only fails again.
      const delay = Math.max(backoffDelay(attempt, o, opts.random), (e.retryAfterSec ?? 0) * 1000);
      opts.onRetry?.(attempt, delay, e);
      await sleep(delay, opts.signal);
    }
  }
}
