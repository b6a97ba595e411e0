import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { DomainError } from '../../shared/errors/domain-error';
import { BodyTooLargeError, CorruptEncodingError, isDecompressionError, MalformedBodyError, UnsupportedEncodingError } from '../../shared/http/body-parser-errors';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import type { StreamedBody, StreamedBodySummary } from '../body/streamed-body';
import { STREAM_BODIES_OVER_BYTES, WebhookBodyUploads } from '../body/webhook-body-uploads';
import { WebhookInboxUnavailableError, WebhookReceiverBusyError } from '../webhooks.errors';
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
 * - A body over STREAM_BODIES_OVER_BYTES is streamed into the database instead of held
 *   (docs/large-bodies.md).
 *
 * The standalone app (bootstrap.ts) and a host app (module-body-readers.ts) mount
 * `WebhookBodyReader.handler` for the route before anything else reads bodies; this middleware
 * is the same reader inside Nest's pipeline, for a body nothing read yet.
 */
@Injectable()
export class WebhookBodyReader {
  /** One in-flight budget for the app, whichever way the reader is mounted. */
  readonly handler: RequestHandler;

  constructor(@Inject(SIGNING_MODULE_OPTIONS) options: ResolvedSigningOptions, uploads: WebhookBodyUploads) {
    this.handler = webhookBodyParser(options.webhooks.maxBodyBytes, new InFlightBudget(options.webhooks.inFlightBudgetBytes), uploads);
  }
}

@Injectable()
export class WebhookBodyMiddleware implements NestMiddleware {
  constructor(
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
    private readonly reader: WebhookBodyReader,
  ) {}

  use(req: WebhookRequest, res: Response, next: NextFunction): void {
    if (req.streamedBody) return next();
    if (Buffer.isBuffer(req.rawBody)) {
      if (req.rawBody.length <= this.options.webhooks.maxBodyBytes) return next();
      releaseBody(req);
      return next(tooLarge(this.options.webhooks.maxBodyBytes));
    }
    this.reader.handler(req, res, next);
  }
}

/**
 * An express middleware reading any body as raw bytes into `req.rawBody` (cap → 413
 * `REQUEST.TOO_LARGE`; budget full → 503 `WEBHOOK.RECEIVER_BUSY`), leaving `req.body` undefined.
 * With `uploads`, a body over STREAM_BODIES_OVER_BYTES is not held: it is streamed into the
 * database as it arrives, hashed on the way (`req.streamedBody`; docs/large-bodies.md).
 */
export function webhookBodyParser(maxBodyBytes: number, budget: InFlightBudget, uploads?: WebhookBodyUploads): RequestHandler {
  return (req, res, next) => {
    const request = req as WebhookRequest;
    // Already read: with its raw bytes (fine), or parsed without them (the guard then reports a
    // misconfiguration instead of a bad signature).
    if (Buffer.isBuffer(request.rawBody) || request.streamedBody || req.body !== undefined) return next();
    readRawBody(req, res, maxBodyBytes, budget, uploads).then(
      (body) => {
        if (Buffer.isBuffer(body)) request.rawBody = body;
        else request.streamedBody = body;
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
 * response is done (the body is held until the delivery is stored). A streamed body's
 * transaction is rolled back then unless the delivery was stored (committed) meanwhile.
 */
function readRawBody(req: Request, res: Response, maxBodyBytes: number, budget: InFlightBudget, uploads?: WebhookBodyUploads): Promise<Buffer | StreamedBodySummary> {
  return new Promise<Buffer | StreamedBodySummary>((resolve, reject) => {
    let taken = 0;
    let settled = false;
    let streamed: StreamedBody | undefined;
    res.once('close', () => {
      budget.give(taken);
      void streamed?.upload.abort();
    });
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
    const streams = (bytes: number) => uploads !== undefined && bytes > STREAM_BODIES_OVER_BYTES;

    // A declared length is read into one buffer of that size (no copy at the end), unless streamed.
    const whole = declared !== undefined && !streams(declared) ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    // Streaming: pieces are written one after the other; the source pauses while one is written.
    let writing: Promise<void> | undefined;

    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      cleanup();
      void streamed?.upload.abort();
      if (source !== req) {
        req.unpipe(source as unknown as NodeJS.WritableStream);
        source.destroy();
      }
      req.resume(); // the rest of the body is read off and dropped
      reject(error);
    };
    const write = (piece: Buffer) => {
      source.pause();
      writing = (writing ?? startStreaming()).then(() => streamed!.push(piece));
      const current = writing;
      current.then(
        () => {
          if (writing === current && !settled) source.resume();
        },
        (error: unknown) => fail(error instanceof DomainError ? error : new WebhookInboxUnavailableError()),
      );
    };
    const startStreaming = async () => {
      const started = await uploads!.start().catch(() => {
        throw new WebhookInboxUnavailableError();
      });
      if (!started) throw new WebhookReceiverBusyError();
      if (settled) return void started.upload.abort();
      streamed = started;
      for (const chunk of chunks.splice(0)) await streamed.push(chunk);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > maxBodyBytes) return fail(tooLarge(maxBodyBytes));
      if (whole) {
        if (received + chunk.length > whole.length) return fail(new MalformedBodyError('The body is longer than its Content-Length'));
        chunk.copy(whole, received);
      } else if (writing || streams(declared ?? received + chunk.length)) {
        if (declared !== undefined && received + chunk.length > declared) return fail(new MalformedBodyError('The body is longer than its Content-Length'));
        // The budget counts a streamed body too (while it is read), so unsigned bodies stay bounded.
        if (declared === undefined && !take(chunk.length)) return fail(new WebhookReceiverBusyError());
        write(chunk);
      } else {
        if (!take(chunk.length)) return fail(new WebhookReceiverBusyError());
        chunks.push(chunk);
      }
      received += chunk.length;
    };
    const onEnd = () => {
      if (settled) return;
      if (writing) {
        writing.then(() => streamed!.finish()).then(
          (summary) => {
            if (settled) return;
            settled = true;
            cleanup();
            resolve(summary);
          },
          (error: unknown) => fail(error instanceof DomainError ? error : new WebhookInboxUnavailableError()),
        );
        return;
      }
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
