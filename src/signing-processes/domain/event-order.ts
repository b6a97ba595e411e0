import { ProcessStatus, TERMINAL_STATUSES } from './process-status';

/**
 * Monotonic processes (docs/event-order.md): ArqSIGN retries a failed webhook for days, so an
 * "expired" or "resent" may arrive after something newer. These rules say, from the dates the
 * event carries and what the process already knows, whether the event is current, stale (older
 * than what we know: it must neither move the process nor trigger a reaction), or undecidable
 * (no date to compare: re-read the process from ArqSIGN instead of guessing).
 */
export type EventOrder = { kind: 'current' } | { kind: 'stale'; reason: string } | { kind: 'undecidable'; reason: string };

/** What the process knows that ordering needs. */
export interface KnownOrder {
  status: ProcessStatus;
  /** The deadline of the expiry we recorded (EXPIRED processes). */
  expiredAt: Date | null;
  /** The latest resend (ours, automatic, or observed) in the history. */
  lastResentAt: Date | null;
}

const CURRENT: EventOrder = { kind: 'current' };
const SECOND = 1000;

/**
 * ArqSIGN's dates have whole seconds (the true instant is up to 1 s later), ours have
 * milliseconds: `a` (ArqSIGN) is certainly before `b` only when a whole second separates them.
 */
function certainlyBefore(a: Date, b: Date): boolean {
  return a.getTime() + SECOND <= b.getTime();
}

/** Any event reaching a process in a terminal status comes after its end. */
export function afterTerminal(known: Pick<KnownOrder, 'status'>): EventOrder {
  return TERMINAL_STATUSES.includes(known.status) ? { kind: 'stale', reason: `the process is already ${known.status} (terminal)` } : CURRENT;
}

/**
 * An expiry (trigger 6) with deadline `deadline`. A resend renews the deadline, so an expiry whose
 * deadline is not after the last resend is from before it.
 */
export function orderOfExpiry(known: KnownOrder, deadline: Date | null): EventOrder {
  if (!known.lastResentAt) return CURRENT;
  if (!deadline) {
    return known.status === ProcessStatus.EXPIRED ? CURRENT : { kind: 'undecidable', reason: 'an expiry without a deadline for a process resent since' };
  }
  if (certainlyBefore(deadline, known.lastResentAt)) {
    return { kind: 'stale', reason: `expiry deadline ${deadline.toISOString()} is not after the last resend ${known.lastResentAt.toISOString()}` };
  }
  if (deadline.getTime() < known.lastResentAt.getTime()) return { kind: 'undecidable', reason: 'an expiry in the same second as the last resend' };
  return CURRENT;
}

/**
 * A resend (trigger 7) made at `resentAt` (not an echo of one of ours). Older than the expiry we
 * recorded, or not newer than the last resend we know: stale.
 */
export function orderOfResend(known: KnownOrder, resentAt: Date | null): EventOrder {
  if (!resentAt) {
    return known.status === ProcessStatus.EXPIRED ? { kind: 'undecidable', reason: 'a resend without a date for an EXPIRED process' } : CURRENT;
  }
  if (known.status === ProcessStatus.EXPIRED && known.expiredAt) {
    if (certainlyBefore(resentAt, known.expiredAt)) return { kind: 'stale', reason: `resend ${resentAt.toISOString()} is before the expiry ${known.expiredAt.toISOString()}` };
    if (resentAt.getTime() < known.expiredAt.getTime()) return { kind: 'undecidable', reason: 'a resend in the same second as the expiry' };
  }
  if (known.lastResentAt) {
    if (certainlyBefore(resentAt, known.lastResentAt)) return { kind: 'stale', reason: `resend ${resentAt.toISOString()} is not after the last resend ${known.lastResentAt.toISOString()}` };
    if (resentAt.getTime() < known.lastResentAt.getTime()) return { kind: 'undecidable', reason: 'a resend in the same second as the last resend' };
  }
  return CURRENT;
}
