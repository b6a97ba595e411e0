import { backoffDelayMs, classifyTransportError, parseRetryAfter, resolveRetryOptions } from './retry-policy';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-10T14:00:00Z');

  it.each([
    ['2', 2000],
    [' 0 ', 0],
    ['1.5', 1500],
    ['Mon, 10 Mar 2025 14:00:30 GMT', 30_000],
    ['Mon, 10 Mar 2025 13:59:00 GMT', 0], // a date in the past: go now
  ])('%j → %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([[null], [undefined], [''], ['-5'], ['soon'], ['1e3']])('%j → undefined', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('backoffDelayMs (exponential, equal jitter)', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('stays within [step/2, step] where step doubles per retry', () => {
    expect(backoffDelayMs(1, options, () => 0)).toBe(50);
    expect(backoffDelayMs(1, options, () => 1)).toBe(100);
    expect(backoffDelayMs(2, options, () => 0)).toBe(100);
    expect(backoffDelayMs(3, options, () => 1)).toBe(400);
  });

  it('is capped by maxDelayMs', () => {
    expect(backoffDelayMs(10, options, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, options, () => 0)).toBe(500);
  });

  it('spreads values with real randomness', () => {
    const values = new Set(Array.from({ length: 50 }, () => backoffDelayMs(4, { baseDelayMs: 1000, maxDelayMs: 60_000 })));
    expect(values.size).toBeGreaterThan(10);
    for (const v of values) expect(v).toBeGreaterThanOrEqual(4000);
  });

  it('resolves defaults and clamps nonsense', () => {
    expect(resolveRetryOptions()).toEqual({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 });
    expect(resolveRetryOptions({ maxAttempts: 0, baseDelayMs: -1 })).toMatchObject({ maxAttempts: 1, baseDelayMs: 0 });
  });
});

describe('classifyTransportError', () => {
  const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it.each([
    ['ECONNREFUSED', true],
    ['ENOTFOUND', true],
    ['UND_ERR_CONNECT_TIMEOUT', true],
    ['ECONNRESET', false],
    ['UND_ERR_SOCKET', false],
    ['EPIPE', false],
  ])('%s: notSent=%s', (code, notSent) => {
    expect(classifyTransportError(fetchFailed(code))).toEqual({ code, notSent });
  });

  it('reads AggregateError causes (every address refused → not sent)', () => {
    const aggregate = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]), {});
    expect(classifyTransportError(Object.assign(new TypeError('fetch failed'), { cause: aggregate }))).toEqual({ code: 'ECONNREFUSED', notSent: true });
  });

  it('treats an unknown failure as possibly sent', () => {
    expect(classifyTransportError(new Error('boom'))).toEqual({ code: 'network', notSent: false });
  });
});
