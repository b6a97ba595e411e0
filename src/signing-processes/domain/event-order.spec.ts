import { afterTerminal, orderOfExpiry, orderOfResend } from './event-order';
import { ProcessStatus } from './process-status';

const t = (iso: string) => new Date(iso);

describe('event order (monotonic processes)', () => {
  const renewed = { status: ProcessStatus.IN_PROGRESS, expiredAt: null, lastResentAt: t('2026-01-10T12:00:00.400Z') };

  it('an expiry whose deadline is a whole second before the last resend is stale; the same second cannot be told; later is current', () => {
    expect(orderOfExpiry(renewed, t('2026-01-10T11:59:59Z')).kind).toBe('stale');
    expect(orderOfExpiry(renewed, t('2026-01-10T12:00:00Z')).kind).toBe('undecidable');
    expect(orderOfExpiry(renewed, t('2026-02-09T12:00:00Z')).kind).toBe('current');
    expect(orderOfExpiry({ ...renewed, lastResentAt: null }, t('2020-01-01T00:00:00Z')).kind).toBe('current');
    expect(orderOfExpiry(renewed, null).kind).toBe('undecidable');
  });

  it('a resend before the recorded expiry, or before the last resend, is stale', () => {
    const expired = { status: ProcessStatus.EXPIRED, expiredAt: t('2026-01-10T12:00:00Z'), lastResentAt: null };
    expect(orderOfResend(expired, t('2026-01-10T11:00:00Z')).kind).toBe('stale');
    expect(orderOfResend(expired, t('2026-01-10T13:00:00Z')).kind).toBe('current');
    expect(orderOfResend(expired, null).kind).toBe('undecidable');
    expect(orderOfResend(renewed, t('2026-01-09T12:00:00Z')).kind).toBe('stale');
    expect(orderOfResend(renewed, t('2026-01-11T12:00:00Z')).kind).toBe('current');
  });

  it('anything after a terminal status is stale', () => {
    expect(afterTerminal({ status: ProcessStatus.COMPLETED }).kind).toBe('stale');
    expect(afterTerminal({ status: ProcessStatus.EXPIRED }).kind).toBe('current');
  });
});
