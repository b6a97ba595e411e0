import type { DataSource } from 'typeorm';
import { RateLimitWaitError, type RateWindow } from './rate-limiter';
import { SIGNING_DEFAULTS } from '../signing.module-definition';

/** What the HTTP client needs of a limiter: the in-process one or the cluster-wide one below. */
export interface RequestSlots {
  /** Resolves when a request may be sent; rejects with `RateLimitWaitError` when the slot is further than the allowed wait. */
  acquire(): Promise<void>;
  /** Blocks every grant until `timestamp` (after a 429 with `Retry-After`). */
  pauseUntil(timestamp: number): void;
  close(): void;
}

export interface Budget {
  /** Per window: its limit, its length and the grants still available in it right now. */
  windows: { limit: number; windowMs: number; remaining: number }[];
}

/**
 * The rate limiter of every instance on one database (docs/rate-limits.md): grants are logged in
 * `signing.arqsign_rate_grant`; one transaction at a time (row lock on `arqsign_rate_state`)
 * decides from that log, with the database's clock, whether a call may go now or how long it must
 * wait. Sliding windows like the in-process limiter: at most `limit` grants in ANY `windowMs`.
 * A caller that would wait longer than `maxWaitMs` gets `RateLimitWaitError(retryAfterMs)` at once,
 * so work is rescheduled instead of holding a request open.
 */
export class PostgresRateLimiter implements RequestSlots {
  private closed = false;
  private readonly longest: number;
  private readonly timers = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly windows: RateWindow[],
    private readonly maxWaitMs: number,
  ) {
    this.longest = Math.max(...windows.map((w) => w.windowMs));
  }

  async acquire(): Promise<void> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      if (this.closed) throw new RateLimitWaitError(0, true);
      const waitMs = await this.tryGrant();
      if (waitMs === 0) return;
      if (Date.now() + waitMs > deadline) throw new RateLimitWaitError(waitMs);
      await this.sleep(waitMs);
    }
  }

  pauseUntil(timestamp: number): void {
    void this.dataSource
      .query(`UPDATE signing.arqsign_rate_state SET paused_until = GREATEST(COALESCE(paused_until, '-infinity'), to_timestamp($1 / 1000.0)) WHERE id = 1`, [timestamp])
      .catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    for (const wake of this.timers) wake();
  }

  /** What is left in each window now (the `arqsign_rate_budget_remaining` metric). */
  async budget(): Promise<Budget> {
    const { now, grants } = await this.read(this.dataSource);
    return { windows: this.windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs, remaining: Math.max(0, w.limit - grants.filter((g) => g > now - w.windowMs).length) })) };
  }

  /** 0 when a grant was recorded, else the milliseconds until one is possible. */
  private tryGrant(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [state] = (await manager.query(`SELECT (extract(epoch FROM paused_until) * 1000)::float8 AS paused FROM signing.arqsign_rate_state WHERE id = 1 FOR UPDATE`)) as { paused: number | null }[];
      const { now, grants } = await this.read(manager);
      let freeAt = Math.max(now, state?.paused ?? 0);
      for (const w of this.windows) {
        const inWindow = grants.filter((g) => g > now - w.windowMs); // newest first
        if (inWindow.length >= w.limit) freeAt = Math.max(freeAt, inWindow[w.limit - 1] + w.windowMs);
      }
      if (freeAt > now) return Math.ceil(freeAt - now);
      await manager.query(`INSERT INTO signing.arqsign_rate_grant (granted_at) VALUES (clock_timestamp())`);
      await manager.query(`DELETE FROM signing.arqsign_rate_grant WHERE granted_at < clock_timestamp() - make_interval(secs => $1)`, [this.longest / 1000]);
      return 0;
    });
  }

  private async read(runner: Pick<DataSource, 'query'>): Promise<{ now: number; grants: number[] }> {
    const rows = (await runner.query(
      `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now,
              COALESCE((SELECT array_agg((extract(epoch FROM granted_at) * 1000)::float8 ORDER BY granted_at DESC)
                          FROM signing.arqsign_rate_grant WHERE granted_at > clock_timestamp() - make_interval(secs => $1)), '{}') AS grants`,
      [this.longest / 1000],
    )) as { now: number; grants: number[] }[];
    return { now: Number(rows[0].now), grants: rows[0].grants.map(Number) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(wake);
    });
  }
}

/**
 * `ARQSIGN_RATE_LIMITS`: comma-separated `N/s`, `N/min`, `N/h` windows (e.g. `4/s,80/min,80/h`), or a
 * plan preset: `profissional`, `empresarial`, `corporativo`. Per second defaults to 4 (every plan).
 */
export const RATE_LIMIT_PRESETS: Record<string, string> = {
  profissional: '4/s,80/min,80/h',
  empresarial: '4/s,160/min,200/h',
  corporativo: '4/s,240/min,400/h',
};

export function parseRateLimits(text: string | undefined): { perSecond: number; perMinute?: number; perHour?: number } {
  const spec = RATE_LIMIT_PRESETS[(text ?? '').trim().toLowerCase()] ?? text ?? '';
  const out: { perSecond: number; perMinute?: number; perHour?: number } = { perSecond: SIGNING_DEFAULTS.arqsignRatePerSecond };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\d{1,6})\s*\/\s*(s|sec|min|m|h|hour)$/i.exec(part);
    if (!match || Number(match[1]) < 1) throw new RangeError(`"${part}" is not a rate like 4/s, 80/min or 80/h (or a preset: ${Object.keys(RATE_LIMIT_PRESETS).join(', ')})`);
    const unit = match[2].toLowerCase();
    if (unit === 's' || unit === 'sec') out.perSecond = Number(match[1]);
    else if (unit === 'min' || unit === 'm') out.perMinute = Number(match[1]);
    else out.perHour = Number(match[1]);
  }
  return out;
}
