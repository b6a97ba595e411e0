import { DomainError, type ErrorKind } from '../shared/errors/domain-error';

/**
 * Typed errors of the ArqSIGN client. Callers never see raw HTTP errors: every failure is one of
 * these, with a stable `code`. Messages carry ArqSIGN's own texts (safe to show to users) and
 * never contain keys, headers or document contents (see `sanitizeMessage`).
 */

export const ArqsignErrorCode = {
  VALIDATION: 'ARQSIGN.VALIDATION',
  UNAUTHORIZED: 'ARQSIGN.UNAUTHORIZED',
  INSUFFICIENT_CREDITS: 'ARQSIGN.INSUFFICIENT_CREDITS',
  NOT_FOUND: 'ARQSIGN.NOT_FOUND',
  ALREADY_FINISHED: 'ARQSIGN.ALREADY_FINISHED',
  RATE_LIMITED: 'ARQSIGN.RATE_LIMITED',
  UNAVAILABLE: 'ARQSIGN.UNAVAILABLE',
  UNCERTAIN: 'ARQSIGN.UNCERTAIN',
  UNEXPECTED_RESPONSE: 'ARQSIGN.UNEXPECTED_RESPONSE',
} as const;

export type ArqsignErrorCode = (typeof ArqsignErrorCode)[keyof typeof ArqsignErrorCode];

export interface ArqsignErrorDetails {
  /** Client method name, e.g. `sendProcess`. */
  endpoint: string;
  /** ArqSIGN's own messages, verbatim (sanitized). */
  messages?: string[];
  /** ArqSIGN's HTTP status, when an answer was received. */
  httpStatus?: number;
  /** How long to wait before trying again, when known (429 `Retry-After`, local limiter). */
  retryAfterMs?: number;
  /** Short technical reason (`timeout`, `ECONNRESET`, `circuit-open`…), never a secret. */
  reason?: string;
  /** Attempts made (HTTP requests sent or tried). */
  attempts?: number;
}

/**
 * Base of every ArqSIGN client error. A `DomainError`, so the API error filter maps it by `kind`
 * (ArqSIGN failures → 502/503, request problems ArqSIGN reported → 422/409) and exposes only
 * `message` and `details` (endpoint, ArqSIGN's messages, status, retry hint): all non-secret.
 */
export abstract class ArqsignError extends DomainError {
  abstract override readonly code: ArqsignErrorCode;
  /** Whether calling again later may succeed without changing the request. */
  abstract readonly retryable: boolean;
  readonly endpoint: string;
  readonly messages: string[];
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
  readonly reason?: string;
  readonly attempts?: number;

  constructor(summary: string, details: ArqsignErrorDetails) {
    const messages = details.messages ?? [];
    super(formatMessage(summary, details.endpoint, details.httpStatus, messages), {
      endpoint: details.endpoint,
      arqsignMessages: messages,
      arqsignStatus: details.httpStatus,
      retryAfterMs: details.retryAfterMs,
    });
    this.endpoint = details.endpoint;
    this.messages = messages;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.reason = details.reason;
    this.attempts = details.attempts;
  }

  /** A plain object for logs and API error bodies. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      endpoint: this.endpoint,
      messages: this.messages,
      httpStatus: this.httpStatus,
      retryAfterMs: this.retryAfterMs,
      reason: this.reason,
      attempts: this.attempts,
    };
  }
}

function formatMessage(summary: string, endpoint: string, status: number | undefined, messages: string[]): string {
  const head = `ArqSIGN ${endpoint}: ${summary}${status !== undefined ? ` (HTTP ${status})` : ''}`;
  return messages.length > 0 ? `${head}: ${messages.join('; ')}` : head;
}

/** 400/422 (and other 4xx): the request is wrong; ArqSIGN's messages say why. Not retryable. */
export class ArqsignValidationError extends ArqsignError {
  readonly code = ArqsignErrorCode.VALIDATION;
  readonly kind: ErrorKind = 'unprocessable';
  readonly retryable = false;
  constructor(details: ArqsignErrorDetails) {
    super('request rejected', details);
  }
}

/** 401/403: wrong or mismatched AppKey/SubscriptionKey, or the account is not active. */
export class ArqsignUnauthorizedError extends ArqsignError {
  readonly code = ArqsignErrorCode.UNAUTHORIZED;
  readonly kind: ErrorKind = 'upstream_failed';
  readonly retryable = false;
  constructor(details: ArqsignErrorDetails) {
    super('unauthorized (check AppKey/SubscriptionKey and account status)', details);
  }
}

/** `Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente`: buy credits, then retry. */
export class ArqsignInsufficientCreditsError extends ArqsignError {
  readonly code = ArqsignErrorCode.INSUFFICIENT_CREDITS;
  readonly kind: ErrorKind = 'unprocessable';
  readonly retryable = false;
  constructor(details: ArqsignErrorDetails) {
    super('insufficient credits', details);
  }
}

/** 404, a deleted process (`Documento excluído.`) or an unknown id in the path. */
export class ArqsignNotFoundError extends ArqsignError {
  readonly code = ArqsignErrorCode.NOT_FOUND;
  readonly kind: ErrorKind = 'upstream_failed';
  readonly retryable = false;
  /** True when ArqSIGN said the process was logically deleted. */
  readonly deleted: boolean;
  constructor(details: ArqsignErrorDetails & { deleted?: boolean }) {
    super(details.deleted ? 'process deleted' : 'not found', details);
    this.deleted = details.deleted ?? false;
  }
}

export type FinishedState = 'CONCLUDED' | 'CANCELLED';

/** Cancel/resend on a process that is already concluded (`Documento concluído.`) or cancelled. */
export class ArqsignAlreadyFinishedError extends ArqsignError {
  readonly code = ArqsignErrorCode.ALREADY_FINISHED;
  readonly kind: ErrorKind = 'conflict';
  readonly retryable = false;
  readonly state: FinishedState;
  constructor(details: ArqsignErrorDetails & { state: FinishedState }) {
    super(`process already ${details.state === 'CONCLUDED' ? 'concluded' : 'cancelled'}`, details);
    this.state = details.state;
  }
}

/** 429 after the allowed retries, or the local limiter could not grant a slot in time. */
export class ArqsignRateLimitedError extends ArqsignError {
  readonly code = ArqsignErrorCode.RATE_LIMITED;
  readonly kind: ErrorKind = 'unavailable';
  readonly retryable = true;
  constructor(details: ArqsignErrorDetails) {
    super('rate limited', details);
  }
}

/**
 * ArqSIGN could not be reached or failed (network error, timeout, 5xx, circuit open) and the
 * request certainly had no effect, or it was a read. Safe to try again later.
 */
export class ArqsignUnavailableError extends ArqsignError {
  readonly code = ArqsignErrorCode.UNAVAILABLE;
  readonly kind: ErrorKind = 'unavailable';
  readonly retryable = true;
  constructor(details: ArqsignErrorDetails) {
    super(`unavailable${details.reason ? ` (${details.reason})` : ''}`, details);
  }
}

/**
 * A call that is not safe to repeat (the v2 send, above all) may have reached ArqSIGN but gave no
 * usable answer (timeout, connection lost, 5xx). ArqSIGN may or may not have acted on it: do NOT
 * blindly repeat; resolve by webhook, a read, or an operator.
 */
export class ArqsignUncertainError extends ArqsignError {
  readonly code = ArqsignErrorCode.UNCERTAIN;
  readonly kind: ErrorKind = 'upstream_failed';
  readonly retryable = false;
  constructor(details: ArqsignErrorDetails) {
    super(`outcome unknown${details.reason ? ` (${details.reason})` : ''}`, details);
  }
}

/** A 2xx answer the client could not interpret (e.g. a read without the expected fields). */
export class ArqsignUnexpectedResponseError extends ArqsignError {
  readonly code = ArqsignErrorCode.UNEXPECTED_RESPONSE;
  readonly kind: ErrorKind = 'upstream_failed';
  readonly retryable = false;
  constructor(details: ArqsignErrorDetails) {
    super(`unexpected response${details.reason ? ` (${details.reason})` : ''}`, details);
  }
}

export function isArqsignError(error: unknown): error is ArqsignError {
  return error instanceof ArqsignError;
}
