import { isDatabaseUnavailable, isRefusedValue } from './database-errors';

describe('database error classification', () => {
  const pg = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  const wrapped = (driverError: Error) => Object.assign(new Error(driverError.message), { driverError });

  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['terminated by an administrator', wrapped(pg('57P01', 'terminating connection due to administrator command'))],
    ['not accepting connections', pg('55000', 'database "x" is not currently accepting connections')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('unavailable: %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('a refused value is not unavailability, and vice versa', () => {
    const nul = wrapped(pg('22021', 'invalid byte sequence for encoding "UTF8": 0x00'));
    expect([isRefusedValue(nul), isDatabaseUnavailable(nul)]).toEqual([true, false]);
    const unique = wrapped(pg('23505', 'duplicate key value violates unique constraint'));
    expect([isRefusedValue(unique), isDatabaseUnavailable(unique)]).toEqual([false, false]);
  });
});
