export interface SimRateWindow {
  windowMs: number;
  limit: number;
}

/** The "API Corporativo" windows of docs/arqsign.md#rate-limits: 4 per second, 240 per minute, 400 per hour. */
export const CORPORATIVO_WINDOWS: SimRateWindow[] = [
  { windowMs: 1_000, limit: 4 },
  { windowMs: 60_000, limit: 240 },
  { windowMs: 3_600_000, limit: 400 },
];

/** Optional per-account limiter (simulator clock); counts the calls it refused with 429. */
export class RateLimiter {
  private readonly hits: number[] = [];
  /** Calls answered 429 since start (GET /__sim/rate-limit). */
  rejected = 0;

  constructor(
    private readonly nowMs: () => number,
    private readonly windows: SimRateWindow[] = CORPORATIVO_WINDOWS,
  ) {}

  /** Records the call and returns the seconds to wait when a window is full (the call is then not counted). */
  hit(): number | null {
    const now = this.nowMs();
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    while (this.hits.length && this.hits[0] <= now - longest) this.hits.shift();
    for (const { windowMs, limit } of this.windows) {
      const inWindow = this.hits.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) {
        this.rejected += 1;
        return Math.max(1, Math.ceil((inWindow[inWindow.length - limit] + windowMs - now) / 1000));
      }
    }
    this.hits.push(now);
    return null;
  }
}
