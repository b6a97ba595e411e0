/**
 * What kind of failure an error is. The HTTP layer maps kinds to status codes (one place:
 * ApiErrorFilter), so services and listeners never deal in HTTP.
 */
export type ErrorKind =
  | 'invalid_input' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unprocessable' // 422
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'upstream_failed' // 502
  | 'unavailable'; // 503

/**
 * Base class of every expected error. `code` is stable (`MODULE.UPPER_SNAKE`) and documented;
 * `message` is safe to show a client; `details` carries structured, non-secret context.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;

  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}

/** A request that fails validation at the edge; `details` names every field. */
export class RequestValidationError extends DomainError {
  readonly code = 'REQUEST.VALIDATION_FAILED';
  readonly kind = 'invalid_input';

  constructor(readonly fields: FieldError[]) {
    super(fields.length ? `Invalid request: ${fields.map((f) => `${f.field} ${f.messages[0]}`).join('; ')}` : 'Invalid request', fields);
  }
}
