import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { DomainError } from '../../shared/errors/domain-error';
import { BodyTooLargeError, CorruptEncodingError, isDecompressionError, MalformedBodyError, UnsupportedEncodingError } from '../../shared/http/body-parser-errors';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { WebhookReceiverBusyError } from '../webhooks.errors';
import { InFlightBudget } from './in-flight-budget';
import { releaseBody, WebhookRequest } from './webhook-request';

/** Seconds ArqSIGN (or anyone) is asked to wait when the in-flight budget is full. */
export const BUSY_RETRY_AFTER_SECONDS = 10;

/**
 * The receiver's body reader (docs/hostile-input.md):
 *
 * - When an app-wide parser already read the body (a host app's JSON parser with
 *   `rawBody: true`), only the size is checked against the webhook cap.
 * - Otherwise the body is read here as raw bytes into `req.rawBody` (decompressed when
 *   `Content-Encoding` is gzip, deflate or br), at most WEBHOOK_MAX_BODY_MB (→ 413) and only while
 *   the shared in-flight budget has room (→ 503 + Retry-After). Nothing is JSON-parsed here.
 *
 * The standalone app mounts `webhookBodyParser()` for the route before anything else reads
 * bodies (bootstrap.ts).
 */
@Injectable()
export class WebhookBodyMiddleware implements NestMiddleware {
  private readonly read: RequestHandler;

  constructor(@Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions) {
    this.read = webhookBodyParser(options.webhooks.maxBodyBytes, new InFlightBudget(options.webhooks.inFlightBudgetBytes));
  }

  use(req: WebhookRequest, res: Response, next: NextFunction): void {
    if (Buffer.isBuffer(req.rawBody)) {
      if (req.rawBody.length <= this.options.webhooks.maxBodyBytes) return next();
      releaseBody(req);
      return next(tooLarge(this.options.webhooks.maxBodyBytes));
    }
    this.read(req, res, next);
  }
}

/**
 * An express middleware reading any body as raw bytes into `req.rawBody` (cap → 413
 * `REQUEST.TOO_LARGE`; budget full → 503 `WEBHOOK.RECEIVER_BUSY`), leaving `req.body` undefined.
 */
export function webhookBodyParser(maxBodyBytes: number, budget: InFlightBudget): RequestHandler {
  return (req, res, next) => {
    const request = req as WebhookRequest;
    // Already read: with its raw bytes (fine), or parsed without them (the guard then reports a
    // misconfiguration instead of a bad signature).
    if (Buffer.isBuffer(request.rawBody) || req.body !== undefined) return next();
    readRawBody(req, res, maxBodyBytes, budget).then(
      (body) => {
        request.rawBody = body;
        next();
      },
      (error: unknown) => {
        if (error instanceof WebhookReceiverBusyError) res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        next(error);
      },
    );
  };
}

/**
 * Reads the body within both limits. Bytes taken from the budget are given back when the
 * response is done (the body is held until the delivery is stored).
 */
function readRawBody(req: Request, res: Response, maxBodyBytes: number, budget: InFlightBudget): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    let taken = 0;
    let settled = false;
    res.once('close', () => budget.give(taken));
    const take = (bytes: number) => {
      if (!budget.tryTake(bytes)) return false;
      taken += bytes;
      return true;
    };

    const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    let source: Readable;
    try {
      source = decoderFor(encoding, req);
    } catch (error) {
      return reject(error);
    }
    const declared = encoding === 'identity' ? declaredLength(req) : undefined;
    if (declared !== undefined && declared > maxBodyBytes) return reject(tooLarge(maxBodyBytes));
    if (declared !== undefined && !take(declared)) return reject(new WebhookReceiverBusyError());

    // A declared length is read into one buffer of that size (no copy at the end).
    const whole = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;

    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (source !== req) {
        req.unpipe(source as unknown as NodeJS.WritableStream);
        source.destroy();
      }
      req.resume(); // the rest of the body is read off and dropped
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > maxBodyBytes) return fail(tooLarge(maxBodyBytes));
      if (whole) {
        if (received + chunk.length > whole.length) return fail(new MalformedBodyError('The body is longer than its Content-Length'));
        chunk.copy(whole, received);
      } else {
        if (!take(chunk.length)) return fail(new WebhookReceiverBusyError());
        chunks.push(chunk);
      }
      received += chunk.length;
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      if (whole) return resolve(received === whole.length ? whole : whole.subarray(0, received));
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onError = (error: unknown) => fail(isDecompressionError(error) ? new CorruptEncodingError('The compressed body could not be decompressed') : new MalformedBodyError('The request body could not be read'));
    const onAborted = () => fail(new MalformedBodyError('The request was aborted'));
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      req.off('aborted', onAborted);
      if (source !== req) source.on('error', () => undefined);
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.on('error', onError);
    req.once('aborted', onAborted);
  });
}

function decoderFor(encoding: string, req: Request): Readable {
  const decoder = encoding === 'identity' ? undefined
    : encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip()
    : encoding === 'deflate' ? createInflate()
    : encoding === 'br' ? createBrotliDecompress()
    : null;
  if (decoder === null) throw new UnsupportedEncodingError('Unsupported Content-Encoding: use identity, gzip, deflate or br');
  if (!decoder) return req;
  req.pipe(decoder);
  return decoder;
}

function declaredLength(req: Request): number | undefined {
  if (req.headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

function tooLarge(maxBodyBytes: number): BodyTooLargeError {
  return new BodyTooLargeError(`Request body too large: the webhook receiver accepts at most ${maxBodyBytes} bytes (WEBHOOK_MAX_BODY_MB)`);
}
