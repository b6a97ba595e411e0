import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorKind } from '../errors/domain-error';

export class MalformedBodyError extends DomainError {
  readonly code = 'REQUEST.MALFORMED_BODY';
  readonly kind = 'invalid_input';
}

export class BodyTooLargeError extends DomainError {
  readonly code = 'REQUEST.TOO_LARGE';
  readonly kind = 'payload_too_large';
}

/** `Content-Type` (or its charset) this route does not read: 415. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
  readonly kind: ErrorKind = 'unsupported_media_type';
}

/** `Content-Encoding` other than identity, gzip, deflate or br: 415. */
export class UnsupportedEncodingError extends DomainError {
  readonly code = 'REQUEST.UNSUPPORTED_ENCODING';
  readonly kind: ErrorKind = 'unsupported_media_type';
}

/** A compressed body that does not decompress: 400. */
export class CorruptEncodingError extends DomainError {
  readonly code = 'REQUEST.CORRUPT_ENCODING';
  readonly kind: ErrorKind = 'invalid_input';
}

/**
 * Turns a transport-level error while reading a body (body-parser's errors carry a `type`;
 * zlib's a `Z_…` code) into a domain error with a stable code, or undefined when it is not one.
 * Every such error is the client's: 4xx, never 5xx (docs/hostile-input.md).
 */
export function bodyReadError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
  if (type === 'entity.too.large') return new BodyTooLargeError('Request body too large');
  if (type === 'entity.parse.failed') return new MalformedBodyError('Request body is not valid JSON');
  if (type === 'encoding.unsupported') return new UnsupportedEncodingError('Unsupported Content-Encoding: use identity, gzip, deflate or br');
  if (type === 'charset.unsupported') return new UnsupportedMediaTypeError('Unsupported charset: send UTF-8');
  if (isDecompressionError(error)) return new CorruptEncodingError('The compressed body could not be decompressed');
  if (typeof type === 'string' || (typeof status === 'number' && status >= 400 && status < 500)) {
    if (status === 415) return new UnsupportedMediaTypeError('Unsupported request body');
    if (status === 413) return new BodyTooLargeError('Request body too large');
    return new MalformedBodyError('Request body could not be read');
  }
  return undefined;
}

/**
 * Express error middleware placed right after the body parsers: turns their errors into domain
 * errors with stable codes, before Nest would answer them with a bare 400 or a 500.
 */
export function translateBodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  next(bodyReadError(error) ?? error);
}

/** zlib's errors: `Z_DATA_ERROR`… for gzip/deflate, `ERR__ERROR_FORMAT_…` for brotli. */
export function isDecompressionError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR') || code.includes('BROTLI'));
}
