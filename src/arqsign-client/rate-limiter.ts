import { SIGNING_DEFAULTS } from '../signing.module-definition';

/**
 * Client-side rate limiter for ArqSIGN's per-account limits (docs/arqsign.md#rate-limits: 4/s for every plan, and
 * per-minute/per-hour windows that depend on the plan).
 *
 * A sliding-window log per window: at most `limit` grants in ANY interval of `windowMs`. That is
 * stricter than fixed windows, so it stays under ArqSIGN's limits however ArqSIGN counts them
 * (undocumented, docs/arqsign-gaps.md#gap-11). Waiters are served in FIFO order; one timer runs only while someone waits.
 * It limits one process only: several instances sharing an account must split the budget.
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Default 4 (every plan). */
  perSecond?: number;
  /** Plan-dependent (80, 160, 240); unset = not enforced. */
  perMinute?: number;
  /** Plan-dependent (80 … 2 400); unset = not enforced. */
  perHour?: number;
  /**
   * Longest a call waits for a slot; when the next slot is further away the call fails at once
   * with `ArqsignRateLimitedError` (`retryAfterMs` set). Default 30 000 ms.
   */
  maxWaitMs?: number;
  /**
   * Added to every window so that network jitter (a request that leaves on time but arrives
   * late) cannot squeeze one extra request into ArqSIGN's window. Default 100 ms.
   */
  marginMs?: number;
}

export function windowsFromOptions(options: RateLimitOptions = {}): RateWindow[] {
  const margin = Math.max(0, options.marginMs ?? 100);
  const windows: RateWindow[] = [{ limit: options.perSecond ?? SIGNING_DEFAULTS.arqsignRatePerSecond, windowMs: 1_000 + margin }];
  if (options.perMinute !== undefined) windows.push({ limit: options.perMinute, windowMs: 60_000 + margin });
  if (options.perHour !== undefined) windows.push({ limit: options.perHour, windowMs: 3_600_000 + margin });
  for (const w of windows) {
    if (!Number.isFinite(w.limit) || w.limit < 1) throw new RangeError(`Invalid rate limit ${w.limit} per ${w.windowMs} ms`);
  }
  return windows;
}

/** Raised when a slot is further away than the caller may wait (or the limiter was closed). */
export class RateLimitWaitError extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly closed = false,
  ) {
    super(closed ? 'Rate limiter closed' : `No request slot within the allowed wait (next in ${retryAfterMs} ms)`);
    this.name = 'RateLimitWaitError';
  }
}

interface Waiter {
  deadline: number;
  resolve(): void;
  reject(error: Error): void;
}

export class SlidingWindowRateLimiter {
  private readonly logs: number[][];
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly windows: RateWindow[],
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.logs = windows.map(() => []);
  }

  /** Resolves when a request may be sent (the grant is recorded at that moment). */
  acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new RateLimitWaitError(0, true));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ deadline: this.now() + this.maxWaitMs, resolve, reject });
      this.drain();
    });
  }

  /** Blocks every grant until `timestamp` (used after a 429 with `Retry-After`). */
  pauseUntil(timestamp: number): void {
    if (timestamp <= this.pausedUntil) return;
    this.pausedUntil = timestamp;
    this.drain();
  }

  /** Milliseconds until the next grant would be possible (0 = now). */
  nextSlotInMs(): number {
    return Math.max(0, this.nextFreeAt(this.now()) - this.now());
  }

  /** Rejects every waiter and stops the timer. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    for (const waiter of this.queue.splice(0)) waiter.reject(new RateLimitWaitError(0, true));
  }

  private drain(): void {
    this.clearTimer();
    while (this.queue.length > 0) {
      const now = this.now();
      const freeAt = this.nextFreeAt(now);
      const head = this.queue[0];
      if (freeAt <= now) {
        this.queue.shift();
        this.record(now);
        head.resolve();
        continue;
      }
      if (freeAt > head.deadline) {
        this.queue.shift();
        head.reject(new RateLimitWaitError(freeAt - now));
        continue;
      }
      this.timer = setTimeout(() => this.drain(), freeAt - now);
      return;
    }
  }

  private nextFreeAt(now: number): number {
    let at = Math.max(now, this.pausedUntil);
    this.windows.forEach((window, i) => {
      const log = this.logs[i];
      while (log.length > 0 && log[0] <= now - window.windowMs) log.shift();
      if (log.length >= window.limit) at = Math.max(at, log[log.length - window.limit] + window.windowMs);
    });
    return at;
  }

  private record(now: number): void {
    for (const log of this.logs) log.push(now);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
