/**
 * A sync that could not reach the server (offline, or the server not answering) waits and goes by
 * itself: on the browser's `online` event, and on a timer that backs off (15 s up to 5 min), it runs
 * the sync again. What an earlier attempt had already sent waits in the outbox (sync-engine.ts
 * Outbox) and goes first, as it was; a sync that never left is simply made again. One wait at a
 * time; a retry that finds the pane busy waits for the next tick; a retry that fails for the
 * network again waits again (the sync panel calls `wait` from its failure path).
 */
export interface WaitingDeps {
  retry(): Promise<void>;
  /** The pane is running another action: try at the next tick. */
  busy(): boolean;
  /** Adds a listener for the browser coming back online; returns its remover. */
  onOnline(f: () => void): () => void;
  setTimer(f: () => void, ms: number): unknown;
  clearTimer(h: unknown): void;
}

export const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000];

export class WaitingSync {
  private timer: unknown = null;
  private off: (() => void) | null = null;
  private attempts = 0;
  private on = false;

  constructor(
    private readonly d: WaitingDeps,
    private readonly delays = RETRY_DELAYS_MS,
  ) {}

  get waiting(): boolean {
    return this.on;
  }

  /** Starts waiting (nothing more if already waiting). */
  wait(): void {
    if (this.on) return;
    this.on = true;
    this.off = this.d.onOnline(() => this.fire());
    this.schedule();
  }

  /** The server answered (whatever it said): the next wait starts from the shortest delay. */
  answered(): void {
    this.attempts = 0;
    this.stop();
  }

  stop(): void {
    this.on = false;
    if (this.timer !== null) this.d.clearTimer(this.timer);
    this.timer = null;
    this.off?.();
    this.off = null;
  }

  private schedule(): void {
    if (this.timer !== null) this.d.clearTimer(this.timer);
    this.timer = this.d.setTimer(() => this.fire(), this.delays[Math.min(this.attempts, this.delays.length - 1)]);
    this.attempts++;
  }

  private fire(): void {
    if (!this.on) return;
    if (this.d.busy()) {
      this.schedule();
      return;
    }
    this.stop();
    void this.d.retry().catch((e) => console.error(e));
  }
}

/** The browser's own: window events and timers. */
export function browserWaiting(retry: () => Promise<void>, busy: () => boolean): WaitingSync {
  return new WaitingSync({
    retry,
    busy,
    onOnline: (f) => {
      window.addEventListener('online', f);
      return () => window.removeEventListener('online', f);
    },
    setTimer: (f, ms) => setTimeout(f, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
}
