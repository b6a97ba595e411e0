/** Backoff, `Retry-After` and transport-error classification for the ArqSIGN client. */

export interface RetryOptions {
  /** Total HTTP attempts per call, first included. Default 3. */
  maxAttempts?: number;
  /** First backoff step. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff step. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client waits for inside a call; a longer one ends the call with
   * `ArqsignRateLimitedError` carrying `retryAfterMs`. Default 30 000 ms.
   */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 3)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 10_000),
    maxRetryAfterMs: Math.max(0, options.maxRetryAfterMs ?? 30_000),
  };
}

/**
 * Delay before retry number `retry` (1 = the first retry): exponential with "equal jitter", i.e. a
 * uniformly random value in [step/2, step] where step = min(maxDelay, base·2^(retry−1)).
 * Half of the step is guaranteed so retries really back off; the other half spreads clients apart.
 */
export function backoffDelayMs(
  retry: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds (`"2"`, `"1.5"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). A date in the past gives 0; garbage gives undefined.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // "-5", "1e3": not a delay and not a date
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Transport errors raised before any byte of the request can have reached the server: connection
 * refused, name resolution, unreachable network, connect timeout, TLS failures. Everything else
 * (reset, socket closed, response timeout) may have happened after ArqSIGN received the request.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface TransportFailure {
  /** Error code found on the error or its causes (`ECONNREFUSED`, `UND_ERR_SOCKET`…), or `network`. */
  code: string;
  /** True when the request certainly did not reach the server. */
  notSent: boolean;
}

/** Classifies an error thrown by `fetch` (undici wraps the socket error in `cause`). */
export function classifyTransportError(error: unknown): TransportFailure {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return { code, notSent: NOT_SENT_CODES.has(code) };
    const nested = (current as { errors?: unknown }).errors; // AggregateError (happy eyeballs)
    if (Array.isArray(nested) && nested.length > 0) {
      const all = nested.map(classifyTransportError);
      return { code: all[0].code, notSent: all.every((f) => f.notSent) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return { code: 'network', notSent: false };
}
