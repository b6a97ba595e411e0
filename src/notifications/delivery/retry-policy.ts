import type { PostOutcome } from './outbound-http';
import { SIGNING_DEFAULTS } from '../../signing.module-definition';

/** Settings of the retry schedule (docs/outbound-webhooks.md#retries). */
export interface RetrySettings {
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** Longest delay between two attempts. */
  maxDelayMs: number;
  /** How long after the message was written attempts go on. */
  windowMs: number;
  /** Attempts at most for a 4xx other than 408/410/429. */
  maxClientErrorAttempts: number;
}

/** The schedule with the option defaults; the delay cap and the 4xx budget are not options. */
export const DEFAULT_RETRY: RetrySettings = {
  baseDelayMs: SIGNING_DEFAULTS.outboundWebhooks.retryBaseMs,
  maxDelayMs: 6 * 3600_000,
  windowMs: SIGNING_DEFAULTS.outboundWebhooks.retryWindowMs,
  maxClientErrorAttempts: 5,
};

/** What to do after one attempt. */
export type Verdict =
  | { kind: 'delivered' }
  /** 410 Gone: the receiver asks us to stop; the endpoint is disabled. */
  | { kind: 'gone' }
  | { kind: 'retry'; at: Date }
  | { kind: 'failed'; reason: string };

/**
 * One rule for every attempt: 2xx delivered; 410 disables the endpoint; 408/429/5xx, timeouts and
 * network errors retried with exponential backoff and jitter until `windowMs` after the message;
 * other statuses (4xx, 3xx — redirects are not followed) and blocked addresses retried up to
 * `maxClientErrorAttempts` times, then failed.
 */
export function judge(outcome: PostOutcome, attempts: number, messageCreatedAt: Date, settings: RetrySettings, now = new Date(), random = Math.random): Verdict {
  const status = outcome.status;
  if (status !== null && status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  const transient = status === null ? outcome.error?.kind !== 'blocked' : status === 408 || status === 429 || status >= 500;
  if (!transient && attempts >= settings.maxClientErrorAttempts) return { kind: 'failed', reason: `gave up after ${attempts} attempts: ${describe(outcome)}` };
  const at = new Date(now.getTime() + backoff(attempts, settings, random));
  if (at.getTime() > messageCreatedAt.getTime() + settings.windowMs) return { kind: 'failed', reason: `retry window exhausted after ${attempts} attempts: ${describe(outcome)}` };
  return { kind: 'retry', at };
}

/** Delay after the `attempts`-th failed attempt: base·2^(n-1), capped, with ±25 % jitter. */
export function backoff(attempts: number, settings: RetrySettings, random = Math.random): number {
  const raw = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(raw * (0.75 + random() * 0.5));
}

export function describe(outcome: PostOutcome): string {
  return outcome.status !== null ? `HTTP ${outcome.status}` : `${outcome.error?.kind ?? 'error'}: ${outcome.error?.message ?? 'unknown'}`;
}
