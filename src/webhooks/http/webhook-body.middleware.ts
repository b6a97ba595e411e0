import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, RequestHandler, Response } from 'express';
import { raw } from 'express';
import { BodyTooLargeError } from '../../shared/http/body-parser-errors';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { releaseBody, WebhookRequest } from './webhook-request';

/**
 * The receiver's body cap (`WEBHOOK_MAX_BODY_MB` → 413 `REQUEST.TOO_LARGE`) and raw bytes.
 *
 * - When an app-wide parser already read the body (the standalone app's JSON parser, with
 *   `rawBody: true`), only the size is checked against the webhook cap.
 * - Otherwise (a content type no parser took, or a host without body parsers) the body is read
 *   here as raw bytes, up to the cap, into `req.rawBody`; nothing is JSON-parsed here, so a
 *   correctly signed body that is not JSON still reaches the receiver (and is quarantined).
 *
 * Mounting `webhookBodyParser()` for the route *before* the app-wide JSON parser (see
 * `bootstrap.ts`) makes the cap apply while reading instead of after.
 */
@Injectable()
export class WebhookBodyMiddleware implements NestMiddleware {
  private readonly read: RequestHandler;

  constructor(@Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions) {
    this.read = webhookBodyParser(options.webhooks.maxBodyBytes);
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
 * `REQUEST.TOO_LARGE`), leaving `req.body` undefined. Mount it for the webhook route before
 * app-wide parsers; they skip a body already read.
 */
export function webhookBodyParser(maxBodyBytes: number): RequestHandler {
  const parse = raw({ type: () => true, limit: maxBodyBytes });
  return (req, res, next) => {
    const request = req as WebhookRequest;
    // Already read: with its raw bytes (fine), or parsed without them (the guard then reports a
    // misconfiguration instead of a bad signature).
    if (Buffer.isBuffer(request.rawBody) || req.body !== undefined) return next();
    parse(req, res, (error?: unknown) => {
      if (error) return next((error as { type?: string }).type === 'entity.too.large' ? tooLarge(maxBodyBytes) : error);
      request.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      req.body = undefined;
      next();
    });
  };
}

function tooLarge(maxBodyBytes: number): BodyTooLargeError {
  return new BodyTooLargeError(`Request body too large: the webhook receiver accepts at most ${maxBodyBytes} bytes (WEBHOOK_MAX_BODY_MB)`);
}
