/**
 * Optional per-account limiter with the "API Corporativo" windows of docs/arqsign.md#rate-limits:
 * 4 per second, 240 per minute, 400 per hour (simulator clock).
 */
export class RateLimiter {
  private readonly hits: number[] = [];
  private static readonly WINDOWS: [number, number][] = [
    [1_000, 4],
    [60_000, 240],
    [3_600_000, 400],
  ];

  constructor(private readonly nowMs: () => number) {}

  /** Records the call and returns the seconds to wait when a window is full (the call is then not counted). */
  hit(): number | null {
    const now = this.nowMs();
    while (this.hits.length && this.hits[0] <= now - 3_600_000) this.hits.shift();
    for (const [windowMs, limit] of RateLimiter.WINDOWS) {
      const inWindow = this.hits.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) return Math.max(1, Math.ceil((inWindow[0] + windowMs - now) / 1000));
    }
    this.hits.push(now);
    return null;
  }
}
