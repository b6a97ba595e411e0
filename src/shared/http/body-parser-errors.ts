import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

export class MalformedBodyError extends DomainError {
  readonly code = 'REQUEST.MALFORMED_BODY';
  readonly kind = 'invalid_input';
}

export class BodyTooLargeError extends DomainError {
  readonly code = 'REQUEST.TOO_LARGE';
  readonly kind = 'payload_too_large';
}

/**
 * Express error middleware placed right after the body parsers: turns their errors (which carry
 * a `type`) into domain errors with stable codes, before Nest maps them to a bare 400 message.
 */
export function translateBodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: unknown })?.type;
  if (type === 'entity.too.large') return next(new BodyTooLargeError('Request body too large'));
  if (type === 'entity.parse.failed') return next(new MalformedBodyError('Request body is not valid JSON'));
  if (typeof type === 'string' && (error as { status?: number }).status === 400) return next(new MalformedBodyError('Request body could not be read'));
  next(error);
}
