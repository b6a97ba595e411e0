import type { Request } from 'express';
import type { StreamedBodySummary } from '../body/streamed-body';
import type { SignatureCheck } from '../inbox/webhook-delivery.entity';

/** The receiver's path (docs/behaviour.md#webhook-receiver); sub-paths (`/webhooks/arqsign/tracking`) are accepted too. */
export const WEBHOOK_PATH = 'webhooks/arqsign';

export interface WebhookRequest extends Request {
  /** Set by Nest (`rawBody: true`) or by WebhookBodyMiddleware: the exact bytes received. */
  rawBody?: Buffer;
  /** Set instead of `rawBody` for a large body streamed into the database (docs/large-bodies.md). */
  streamedBody?: StreamedBodySummary;
  /** Set by HmacSignatureGuard. */
  webhookSignature?: SignatureCheck;
}

/** Request headers as stored with a delivery (credentials-like headers dropped). */
export function storableHeaders(headers: Request['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'authorization' || name === 'cookie' || name === 'x-api-key') continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/**
 * Drops the body from the request once it is no longer needed (stored, or rejected): frees
 * up to WEBHOOK_MAX_BODY_MB early, and keeps request loggers that walk `req` from walking a
 * large Buffer byte by byte.
 */
export function releaseBody(request: WebhookRequest): void {
  request.rawBody = undefined;
  request.streamedBody = undefined;
  request.body = undefined;
}
