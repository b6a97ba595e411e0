import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiErrorFilter } from '../../shared/http/api-error.filter';
import { releaseBody } from './webhook-request';

/** Statuses ArqSIGN punishes by deactivating the webhook at once (API.md §4.7). */
const DEACTIVATING = new Set([401, 403, 404]);

/**
 * Error responses of `POST /webhooks/arqsign`, whatever the host app's filters do: the standard
 * error body, with only these statuses: 400 (bad signature, foreign account, unreadable
 * request), 413 (over the cap), 503 (inbox/database unavailable), 405/415 from the framework,
 * and 500 for anything unexpected. A 401, 403 or 404 — which would make ArqSIGN deactivate the
 * webhook — is never sent: 401/403 become 400, 404 becomes 500 (and is logged).
 */
@Catch()
export class WebhookExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebhookReceiver');
  private readonly errors = new ApiErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.render(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Also used outside Nest's pipeline (the malformed-JSON fallback of the controller). */
  render(exception: unknown, request: Request, response: Response): void {
    releaseBody(request);
    const body = this.errors.toBody(exception, request);
    if (DEACTIVATING.has(body.statusCode)) {
      this.logger.error({ err: exception, status: body.statusCode }, 'Webhook receiver would have answered a deactivating status');
      body.statusCode = body.statusCode === 404 ? 500 : 400;
    }
    if (body.statusCode === 400) this.logger.warn({ code: body.code }, `Webhook delivery rejected: ${body.message}`);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}
