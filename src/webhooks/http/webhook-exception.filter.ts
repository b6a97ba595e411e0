import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import type { Request, Response } from 'express';
import { serializeError } from '../../observability/safe-error.serializer';
import { ApiErrorFilter, closeIfBodyUnread } from '../../shared/http/api-error.filter';
import { releaseBody } from './webhook-request';

/** Statuses ArqSIGN punishes by deactivating the webhook at once (docs/arqsign.md#delivery-retries-and-deactivation). */
const DEACTIVATING = new Set([401, 403, 404]);

/**
 * Error responses of `POST /webhooks/arqsign`, whatever the host app's filters do: the standard
 * error body, with only these statuses: 400 (bad signature, foreign account, unreadable
 * request), 413 (over the cap), 415 (content encoding), 405, and 503 (database unavailable, or
 * the in-flight budget full). A 401, 403 or 404 — which would make ArqSIGN deactivate the
 * webhook — is never sent, nor any other 5xx: those become 400 `WEBHOOK.NOT_ACCEPTED` (and are
 * logged as errors; ArqSIGN retries a 400 like any failure). See docs/hostile-input.md.
 */
@Catch()
export class WebhookExceptionFilter implements ExceptionFilter {
  private readonly logger = new SigningLogger('WebhookReceiver');
  private readonly errors = new ApiErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.render(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Also used outside Nest's pipeline (the malformed-JSON fallback of the controller). */
  render(exception: unknown, request: Request, response: Response): void {
    releaseBody(request);
    const body = this.errors.toBody(exception, request);
    if (DEACTIVATING.has(body.statusCode) || (body.statusCode >= 500 && body.statusCode !== 503)) {
      this.logger.error({ err: serializeError(exception), status: body.statusCode, code: body.code }, 'Webhook receiver would have answered a forbidden status');
      body.statusCode = 400;
      if (body.code === 'INTERNAL.ERROR' || body.code === 'HTTP.NOT_FOUND') {
        body.code = 'WEBHOOK.NOT_ACCEPTED';
        body.message = 'The delivery was not accepted; retry later';
      }
    }
    if (body.statusCode === 400) this.logger.warn({ code: body.code }, `Webhook delivery rejected: ${body.message}`);
    if (response.headersSent) return;
    if (!response.getHeader('X-Request-Id')) response.setHeader('X-Request-Id', body.correlationId);
    closeIfBodyUnread(request, response);
    this.errors.logUnloggedRequest(request, body);
    response.status(body.statusCode).json(body);
  }
}
