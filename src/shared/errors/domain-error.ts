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

/** One failing field: its path (`signers[1].email`) and one problem a person can act on. */
export interface FieldError {
  field: string;
  problem: string;
}

/**
 * A request that fails validation at the edge; `details` lists one `{ field, problem }` per
 * failing field (the first problem found), with array indexes in brackets (docs/api-errors.md).
 */
export class RequestValidationError extends DomainError {
  readonly code = 'REQUEST.VALIDATION_FAILED';
  readonly kind = 'invalid_input';
  readonly fields: FieldError[];

  constructor(fields: FieldError[]) {
    const unique = onePerField(fields);
    super(unique.length ? `Invalid request: ${unique.map((f) => `${f.field} ${f.problem}`).join('; ')}` : 'Invalid request', unique);
    this.fields = unique;
  }
}

/** `signers.1.email` → `signers[1].email`: rules may name fields with dots, clients see brackets. */
export function fieldPath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]');
}

function onePerField(fields: FieldError[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const { field, problem } of fields) {
    const path = fieldPath(field);
    if (!byField.has(path)) byField.set(path, problem);
  }
  return [...byField].map(([field, problem]) => ({ field, problem }));
}
