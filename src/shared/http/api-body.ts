import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { isUtf8 } from 'node:buffer';
import { DomainError, ErrorKind } from '../errors/domain-error';
import { BodyTooLargeError, bodyReadError, UnsupportedMediaTypeError } from './body-parser-errors';

const MIB = 1024 * 1024;

/**
 * Body limits of the `/v1` API (docs/hostile-input.md): only the create route, whose documents
 * arrive as Base64 (100 MB of PDFs ≈ 134 MB), gets a large one; every other route reads at most
 * 1 MiB. A body over its route's limit is refused (413) as soon as its `Content-Length` says so,
 * before any byte is read.
 */
export const API_BODY_LIMITS = { create: 150 * MIB, other: 1 * MIB } as const;

/** JSON text that is not valid UTF-8: 400. */
export class InvalidTextEncodingError extends DomainError {
  readonly code = 'REQUEST.INVALID_TEXT';
  readonly kind: ErrorKind = 'invalid_input';
}

function isCreate(req: Request): boolean {
  // Mounted on /v1, where `req.path` is relative: match the whole path.
  return req.method === 'POST' && /^\/v1\/processes\/?$/.test(`${req.baseUrl}${req.path}`);
}

const rejectInvalidUtf8 = (_req: unknown, _res: unknown, buffer: Buffer, encoding: string | null) => {
  if ((encoding === null || /^utf-?8$/i.test(encoding)) && !isUtf8(buffer)) throw new InvalidTextEncodingError('Request body is not valid UTF-8');
};

const options = { verify: rejectInvalidUtf8 };
const readCreateJson = json({ ...options, limit: API_BODY_LIMITS.create });
const readOtherJson = json({ ...options, limit: API_BODY_LIMITS.other });

/**
 * The `/v1` body reader, mounted after the API-key check: JSON (UTF-8 only) within the route's
 * limit; multipart only on create (read there, by the files interceptor, with its own limits);
 * any other body type 415.
 */
export function apiBodyReader(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const done = (error?: unknown) => (error ? next(bodyReadError(error) ?? error) : next());
    if (!hasBody(req)) return next();
    if (req.is(['application/json', '+json'])) {
      // body-parser would read the whole announced body before answering 413: answer now.
      const limit = isCreate(req) ? API_BODY_LIMITS.create : API_BODY_LIMITS.other;
      if (Number(req.headers['content-length']) > limit) return next(new BodyTooLargeError(`Request body too large: this route accepts at most ${limit} bytes`));
      return (isCreate(req) ? readCreateJson : readOtherJson)(req, res, done);
    }
    if (isCreate(req) && req.is('multipart/form-data')) return next();
    return next(new UnsupportedMediaTypeError(isCreate(req) ? 'Send application/json or multipart/form-data' : 'Send application/json'));
  };
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}
