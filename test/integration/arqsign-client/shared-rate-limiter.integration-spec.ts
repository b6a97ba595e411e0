import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { RateLimitWaitError } from '../../../src/arqsign-client/rate-limiter';
import { parseRateLimits, PostgresRateLimiter } from '../../../src/arqsign-client/shared-rate-limiter';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/** Two "instances" (two DataSources, two limiters) on one real PostgreSQL share one budget. */
describe('PostgresRateLimiter (real PostgreSQL)', () => {
  let database: TestDatabase;
  let a: DataSource;
  let b: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await new DataSource(dataSourceOptions(database.url)).initialize();
    await a.runMigrations();
    b = await new DataSource(dataSourceOptions(database.url)).initialize();
  });
  afterAll(async () => {
    await a?.destroy();
    await b?.destroy();
    await database?.drop();
  });
  beforeEach(() => a.query('TRUNCATE signing.arqsign_rate_grant; UPDATE signing.arqsign_rate_state SET paused_until = NULL'));

  it('grants 5 of a 5-per-minute window across two instances racing for 16 calls, and tells the others how long to wait', async () => {
    const windows = [{ limit: 5, windowMs: 60_000 }];
    const limiters = [new PostgresRateLimiter(a, windows, 0), new PostgresRateLimiter(b, windows, 0)];
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => limiters[i % 2].acquire().then(
        () => 'granted',
        (error: unknown) => (error instanceof RateLimitWaitError && error.retryAfterMs > 50_000 && error.retryAfterMs <= 60_000 ? 'wait' : String(error)),
      )),
    );
    expect(outcomes.filter((o) => o === 'granted')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'wait')).toHaveLength(11);
    expect((await limiters[1].budget()).windows).toEqual([{ limit: 5, windowMs: 60_000, remaining: 0 }]);
  });

  it('waits for the slot when it is within the allowed wait, and honours a pause set by another instance', async () => {
    const windows = [{ limit: 2, windowMs: 700 }];
    const limiter = new PostgresRateLimiter(a, windows, 5_000);
    const started = Date.now();
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(650); // the third waited for the window to slide

    new PostgresRateLimiter(b, windows, 0).pauseUntil(Date.now() + 60_000);
    let paused: unknown;
    for (let i = 0; i < 50 && !(paused instanceof RateLimitWaitError); i++) {
      paused = await new PostgresRateLimiter(a, [{ limit: 100, windowMs: 1_000 }], 0).acquire().then(() => 'granted', (e: unknown) => e);
      if (paused === 'granted') await new Promise((r) => setTimeout(r, 20));
    }
    expect(paused).toBeInstanceOf(RateLimitWaitError);
  });

  it('reads windows and plan presets from ARQSIGN_RATE_LIMITS', () => {
    expect(parseRateLimits(undefined)).toEqual({ perSecond: 4 });
    expect(parseRateLimits('2/min')).toEqual({ perSecond: 4, perMinute: 2 });
    expect(parseRateLimits('3/s, 80/min, 80/h')).toEqual({ perSecond: 3, perMinute: 80, perHour: 80 });
    expect(parseRateLimits('Empresarial')).toEqual({ perSecond: 4, perMinute: 160, perHour: 200 });
    expect(() => parseRateLimits('80 per minute')).toThrow(/not a rate like 4\/s/);
  });
});
