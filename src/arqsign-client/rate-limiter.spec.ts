import { RateLimitWaitError, SlidingWindowRateLimiter, windowsFromOptions } from './rate-limiter';

/** Largest number of grants inside any interval [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('windowsFromOptions', () => {
  it('defaults to 4 per second (plus a jitter margin) and adds the plan windows when set', () => {
    expect(windowsFromOptions()).toEqual([{ limit: 4, windowMs: 1100 }]);
    expect(windowsFromOptions({ perSecond: 2, perMinute: 80, perHour: 200, marginMs: 0 })).toEqual([
      { limit: 2, windowMs: 1000 },
      { limit: 80, windowMs: 60_000 },
      { limit: 200, windowMs: 3_600_000 },
    ]);
    expect(() => windowsFromOptions({ perSecond: 0 })).toThrow(RangeError);
  });
});

describe('SlidingWindowRateLimiter', () => {
  let limiter: SlidingWindowRateLimiter | undefined;
  afterEach(() => limiter?.close());

  it('never grants more than the limit in any window, in FIFO order', async () => {
    limiter = new SlidingWindowRateLimiter([{ limit: 2, windowMs: 100 }], 5_000);
    const start = performance.now();
    const grants: Array<{ i: number; at: number }> = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => limiter!.acquire().then(() => grants.push({ i, at: performance.now() - start }))),
    );
    expect(grants.map((g) => g.i)).toEqual([0, 1, 2, 3, 4, 5]);
    // measured when the grant's callback runs, so allow for event-loop lag under load
    expect(maxInWindow(grants.map((g) => g.at), 75)).toBeLessThanOrEqual(2);
    expect(grants[5].at).toBeGreaterThanOrEqual(195); // the 5th/6th wait two windows
  });

  it('honours every window at once (the longest one decides)', async () => {
    limiter = new SlidingWindowRateLimiter([{ limit: 3, windowMs: 20 }, { limit: 3, windowMs: 150 }], 5_000);
    const start = performance.now();
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      await limiter.acquire();
      times.push(performance.now() - start);
    }
    expect(times[3]).toBeGreaterThanOrEqual(145);
  });

  it('fails at once, with the wait, when the next slot is beyond maxWaitMs', async () => {
    limiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 60_000 }], 50);
    await limiter.acquire();
    const started = performance.now();
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect((error as RateLimitWaitError).retryAfterMs).toBeGreaterThan(59_000);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('pauses every grant until a given time (after a 429)', async () => {
    limiter = new SlidingWindowRateLimiter([{ limit: 100, windowMs: 1000 }], 5_000);
    const start = performance.now();
    limiter.pauseUntil(Date.now() + 80);
    expect(limiter.nextSlotInMs()).toBeGreaterThan(50);
    await limiter.acquire();
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
  });

  it('close() rejects waiters and later calls', async () => {
    limiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 10_000 }], 20_000);
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toMatchObject({ closed: true });
    await expect(limiter.acquire()).rejects.toMatchObject({ closed: true });
  });
});
