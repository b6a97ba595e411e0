import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { SignatureCheck } from '../inbox/webhook-delivery.entity';
import { WebhookSignatureVerifier } from '../signature/webhook-secrets';
import { WebhookMetrics } from '../webhook-metrics';
import { WebhookRawBodyMissingError, WebhookSignatureInvalidError } from '../webhooks.errors';
import { WebhookRequest } from './webhook-request';

/**
 * Verifies the `HMAC` header over the raw body bytes before anything else reads the request
 * (a guard runs before pipes, so a bad signature is never masked by a parsing or validation
 * error). A mismatch is a 400 (WEBHOOK.SIGNATURE_INVALID) — never 401/403, which would make
 * ArqSIGN deactivate the webhook; the guard never returns false (Nest would answer 403).
 */
@Injectable()
export class HmacSignatureGuard implements CanActivate {
  constructor(
    private readonly verifier: WebhookSignatureVerifier,
    private readonly metrics: WebhookMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WebhookRequest>();
    request.webhookSignature = await verifyRequest(this.verifier, this.metrics, request);
    return true;
  }
}

/** The signature check of a request, shared by the guard and the malformed-JSON fallback. */
export async function verifyRequest(verifier: WebhookSignatureVerifier, metrics: WebhookMetrics, request: WebhookRequest): Promise<SignatureCheck> {
  let check: SignatureCheck | null;
  if (request.streamedBody) check = verifier.verifyDigests(request.streamedBody.digests, request.headers.hmac);
  else if (Buffer.isBuffer(request.rawBody)) check = await verifier.verify(request.rawBody, request.headers.hmac);
  else throw new WebhookRawBodyMissingError();
  if (!check) {
    metrics.requests.inc({ outcome: 'bad_signature' });
    throw new WebhookSignatureInvalidError();
  }
  return check;
}
