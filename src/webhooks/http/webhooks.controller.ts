import { All, Controller, HttpCode, HttpStatus, OnModuleInit, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ApiErrorBody } from '../../shared/http/api-error.body';
import { MalformedBodyError } from '../../shared/http/body-parser-errors';
import { correlationIdOf } from '../../observability/correlation-id';
import { DeliveryState } from '../inbox/webhook-delivery.entity';
import { WebhookReceiver } from '../inbox/webhook-receiver.service';
import { WebhookSignatureVerifier } from '../signature/webhook-secrets';
import { WebhookMetrics } from '../webhook-metrics';
import { HmacSignatureGuard, verifyRequest } from './hmac-signature.guard';
import { WebhookExceptionFilter } from './webhook-exception.filter';
import { releaseBody, storableHeaders, WEBHOOK_PATH, WebhookRequest } from './webhook-request';

export class WebhookAckResponse {
  @ApiProperty({ example: true })
  received: true;

  @ApiProperty({ example: '1f0e4c9a-2b7d-4f5e-8a61-0c3d2e1f4a5b', description: 'The inbox id of this delivery' })
  deliveryId: string;

  @ApiProperty({ enum: [DeliveryState.RECEIVED, DeliveryState.DUPLICATE, DeliveryState.QUARANTINED], description: 'How it was stored' })
  state: DeliveryState;
}

/**
 * `POST /webhooks/arqsign` (docs/behaviour.md#webhook-receiver; also any sub-path, e.g. one per configuration).
 * Not behind API keys: the HMAC is the authentication. Answers exactly 200 once the delivery is
 * durably stored; all work happens afterwards in jobs.
 *
 * Framework detail: the standalone app mounts the raw `webhookBodyParser` for this path before its
 * JSON parser (bootstrap.ts). In a host app whose JSON parser runs first, a body that is not JSON
 * never reaches this handler; the express error handler registered in `onModuleInit` (before
 * Nest's own, only for this path) takes such a request, checks its HMAC the same way and stores it
 * QUARANTINED (200) or rejects it (400).
 */
@ApiTags('webhooks')
@UseFilters(WebhookExceptionFilter)
@Controller(WEBHOOK_PATH)
export class WebhooksController implements OnModuleInit {
  constructor(
    private readonly receiver: WebhookReceiver,
    private readonly verifier: WebhookSignatureVerifier,
    private readonly metrics: WebhookMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    adapter.use(`/${WEBHOOK_PATH}`, (error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST' || !isMalformedJson(error) || !Buffer.isBuffer((req as WebhookRequest).rawBody)) return next(error);
      this.receiveMalformed(req as WebhookRequest, res).catch((failure: unknown) => new WebhookExceptionFilter().render(failure, req, res));
    });
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @UseGuards(HmacSignatureGuard)
  @ApiOperation({
    operationId: 'receiveArqsignWebhook',
    summary: 'ArqSIGN webhook receiver (tracking and conclusion)',
    description:
      'Called by ArqSIGN, not by API clients (no API key). `HMAC` = Base64(HMAC-SHA256(raw body, secret)) must match one of the known ' +
      'secrets (provisioned, or ARQSIGN_WEBHOOK_SECRETS). Answers 200 only after the raw delivery is durably stored in the inbox; ' +
      'it is then interpreted and applied by a job. Redeliveries of the same event are stored as DUPLICATE; a correctly signed body ' +
      'that cannot be interpreted is stored as QUARANTINED (still 200, retrying would not help). Never answers 401, 403 or 404 ' +
      '(ArqSIGN would deactivate the webhook).',
  })
  @ApiHeader({ name: 'HMAC', required: true, description: 'Base64 of HMAC-SHA256(raw body bytes, webhook secret)' })
  @ApiBody({
    description: 'The ArqSIGN tracking or conclusion payload: PascalCase or camelCase keys, read case-insensitively',
    schema: { type: 'object', additionalProperties: true, example: { Evento: 'ProcessoConcluido', IdEvento: 8, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000101', IdConta: '0a1b2c3d-0000-4000-8000-000000000001', IdWebhook: '7d9e8f10-5555-4c6d-8e7f-000000000502', DataHoraAtual: '11/03/2025 09:10:44' } },
  })
  @ApiOkResponse({ type: WebhookAckResponse, description: 'Stored (RECEIVED, DUPLICATE or QUARANTINED)' })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: '`WEBHOOK.SIGNATURE_INVALID`: missing or wrong HMAC; `WEBHOOK.FOREIGN_ACCOUNT`: `IdConta` names another account (ARQSIGN_ACCOUNT_ID); `REQUEST.CORRUPT_ENCODING`, `REQUEST.MALFORMED_BODY`: the body could not be read. Nothing is stored' })
  @ApiPayloadTooLargeResponse({ type: ApiErrorBody, description: '`REQUEST.TOO_LARGE`: body over WEBHOOK_MAX_BODY_MB' })
  @ApiUnsupportedMediaTypeResponse({ type: ApiErrorBody, description: '`REQUEST.UNSUPPORTED_ENCODING`: a Content-Encoding other than identity, gzip, deflate or br' })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: '`WEBHOOK.INBOX_UNAVAILABLE`: the database is unavailable; `WEBHOOK.RECEIVER_BUSY` (with `Retry-After`): WEBHOOK_INFLIGHT_BUDGET_MB of bodies already in flight. ArqSIGN retries later' })
  async receive(@Req() request: WebhookRequest): Promise<WebhookAckResponse> {
    const stored = await this.receiver.receive({
      rawBody: request.rawBody,
      streamed: request.streamedBody,
      signature: request.webhookSignature!,
      headers: storableHeaders(request.headers),
      parsed: parsedJson(request),
    });
    releaseBody(request);
    return { received: true, deliveryId: stored.id, state: stored.state };
  }

  /** The same receiver on any sub-path (e.g. one per configuration); documented once, above. */
  @Post('*path')
  @HttpCode(HttpStatus.OK)
  @UseGuards(HmacSignatureGuard)
  @ApiExcludeEndpoint()
  receiveOnSubPath(@Req() request: WebhookRequest): Promise<WebhookAckResponse> {
    return this.receive(request);
  }

  /** Other methods: 405 (a 404 would deactivate the webhook if ArqSIGN ever used one). */
  @All(['', '*path'])
  @ApiExcludeEndpoint()
  @HttpCode(HttpStatus.METHOD_NOT_ALLOWED)
  otherMethods(@Req() request: Request, @Res({ passthrough: true }) response: Response): ApiErrorBody {
    response.setHeader('Allow', 'POST');
    return { statusCode: 405, code: 'HTTP.METHOD_NOT_ALLOWED', message: 'Use POST', correlationId: correlationIdOf(request) };
  }

  private async receiveMalformed(request: WebhookRequest, response: Response): Promise<void> {
    const signature = await verifyRequest(this.verifier, this.metrics, request);
    const stored = await this.receiver.receive({ rawBody: request.rawBody!, signature, headers: storableHeaders(request.headers), parsed: undefined });
    releaseBody(request);
    const ack: WebhookAckResponse = { received: true, deliveryId: stored.id, state: stored.state };
    response.status(HttpStatus.OK).json(ack);
  }
}

/** The body an app-wide JSON parser produced from the same raw bytes, if any (saves a parse). */
function parsedJson(request: WebhookRequest): unknown {
  const body: unknown = request.body;
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object') return undefined;
  return request.is('application/json') || request.is('+json') ? body : undefined;
}

function isMalformedJson(error: unknown): boolean {
  return error instanceof MalformedBodyError || (error as { type?: unknown })?.type === 'entity.parse.failed';
}
