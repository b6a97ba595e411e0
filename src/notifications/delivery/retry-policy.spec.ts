import { backoff, DEFAULT_RETRY, judge } from './retry-policy';

describe('judge (outbound retry rules)', () => {
  const created = new Date('2026-12-01T00:00:00Z');
  const now = new Date('2026-12-01T00:01:00Z');
  const status = (s: number) => ({ status: s, latencyMs: 5 });
  const mid = () => 0.5;

  it('2xx delivered, 410 gone', () => {
    expect(judge(status(200), 1, created, DEFAULT_RETRY, now)).toEqual({ kind: 'delivered' });
    expect(judge(status(299), 1, created, DEFAULT_RETRY, now)).toEqual({ kind: 'delivered' });
    expect(judge(status(410), 1, created, DEFAULT_RETRY, now)).toEqual({ kind: 'gone' });
  });

  it('429, 5xx, timeouts and network errors are retried with exponential backoff', () => {
    for (const outcome of [status(429), status(500), status(503), { status: null, latencyMs: 1, error: { kind: 'timeout' as const, message: 'x' } }]) {
      expect(judge(outcome, 20, created, DEFAULT_RETRY, now, mid)).toEqual({ kind: 'retry', at: expect.any(Date) });
    }
    expect(backoff(1, DEFAULT_RETRY, mid)).toBe(5_000);
    expect(backoff(2, DEFAULT_RETRY, mid)).toBe(10_000);
    expect(backoff(5, DEFAULT_RETRY, mid)).toBe(80_000);
    expect(backoff(30, DEFAULT_RETRY, mid)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('jitter stays within ±25 %', () => {
    expect(backoff(3, DEFAULT_RETRY, () => 0)).toBe(15_000);
    expect(backoff(3, DEFAULT_RETRY, () => 1)).toBe(25_000);
  });

  it('other 4xx (and blocked addresses) are retried a few times, then failed', () => {
    expect(judge(status(400), 4, created, DEFAULT_RETRY, now, mid).kind).toBe('retry');
    expect(judge(status(400), 5, created, DEFAULT_RETRY, now, mid).kind).toBe('failed');
    expect(judge({ status: null, latencyMs: 0, error: { kind: 'blocked', message: 'private' } }, 5, created, DEFAULT_RETRY, now, mid).kind).toBe('failed');
  });

  it('gives up once the next attempt would fall outside the window (~3 days)', () => {
    const late = new Date(created.getTime() + DEFAULT_RETRY.windowMs - 1000);
    expect(judge(status(503), 10, created, DEFAULT_RETRY, late, mid)).toEqual({ kind: 'failed', reason: expect.stringContaining('window') });
    // The whole schedule spans about three days: count the attempts it allows.
    let at = created.getTime();
    let attempts = 0;
    for (;;) {
      attempts++;
      const verdict = judge(status(503), attempts, created, DEFAULT_RETRY, new Date(at), mid);
      if (verdict.kind !== 'retry') break;
      at = verdict.at.getTime();
    }
    expect(at - created.getTime()).toBeGreaterThan(60 * 3600_000);
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(30);
  });
});
