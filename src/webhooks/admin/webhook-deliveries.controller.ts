import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, UsePipes } from '@nestjs/common';
import { ApiAcceptedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { RequestValidationError } from '../../shared/errors/domain-error';
import { ApiErrorBody } from '../../shared/http/api-error.body';
import { createValidationPipe } from '../../shared/http/validation';
import { ApiErrors } from '../../shared/http/api-error-responses';
import { WebhookDeliveryEntity } from '../inbox/webhook-delivery.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { ListWebhookDeliveriesQueryDto, WebhookDeliveryBodyResponse, WebhookDeliveryListResponse, WebhookDeliveryResponse } from './dto/webhook-delivery.dto';

/** `/v1/admin/webhook-deliveries`: the inbox, for operators (ADMIN_CLIENTS). */
@ApiTags('admin')
@ApiKeyProtected()
@ApiForbiddenResponse({ type: ApiErrorBody, description: '`AUTH.FORBIDDEN`: this API client is not in ADMIN_CLIENTS' })
@UsePipes(createValidationPipe())
@Controller('v1/admin/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get()
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'List webhook deliveries (the inbox), newest first', description: 'Filters combine with AND. The raw body is never listed. Follow `nextCursor` for older deliveries.' })
  @ApiOkResponse({ type: WebhookDeliveryListResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`: a bad filter, limit or cursor' })
  async list(@Query() query: ListWebhookDeliveriesQueryDto): Promise<WebhookDeliveryListResponse> {
    const page = await this.deliveries.list(query);
    return { items: page.items.map((row) => toResponse(row, page.outcomes.get(row.id) ?? null)), nextCursor: page.nextCursor };
  }

  @Get(':id/body')
  @ApiParam({ name: 'id', description: 'Delivery id' })
  @ApiOperation({ operationId: 'getWebhookDeliveryBody', summary: 'The raw body of a stored delivery, for reading', description: 'Secrets, download-link tokens and Base64 file contents are masked; the rest is shown as received (pretty-printed JSON).' })
  @ApiOkResponse({ type: WebhookDeliveryBodyResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`: not a UUID', 404: '`WEBHOOK_DELIVERY.NOT_FOUND`' })
  async body(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): Promise<WebhookDeliveryBodyResponse> {
    return this.deliveries.maskedBody(id);
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'id', description: 'Delivery id' })
  @ApiOperation({
    operationId: 'replayWebhookDelivery',
    summary: 'Process a stored delivery again',
    description: 'Puts it back to RECEIVED and enqueues its processing (e.g. a FAILED or QUARANTINED one after a fix, or a PARKED one now). Processing is idempotent: a fact already applied adds nothing.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse, description: 'Queued (state RECEIVED)' })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`: not a UUID', 404: '`WEBHOOK_DELIVERY.NOT_FOUND`', 409: '`WEBHOOK_DELIVERY.DUPLICATE`: replay its original (`details.duplicateOf`)' })
  async replay(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidId() })) id: string): Promise<WebhookDeliveryResponse> {
    const replayed = await this.deliveries.replay(id);
    return toResponse(replayed.row, replayed.outcome);
  }
}

/** The standard validation error body (`REQUEST.VALIDATION_FAILED`, field details). */
function invalidId(): RequestValidationError {
  return new RequestValidationError([{ field: 'id', problem: 'must be a UUID' }]);
}

export function toResponse(row: WebhookDeliveryEntity, outcome: object | null): WebhookDeliveryResponse {
  return {
    id: row.id,
    state: row.state,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    trigger: row.trigger,
    eventName: row.eventName,
    arqsignProcessId: row.arqsignProcessId,
    arqsignWebhookId: row.arqsignWebhookId,
    processId: row.processId,
    duplicateOf: row.duplicateOf,
    dedupKey: row.dedupKey,
    signature: { valid: row.signature.valid, matchedSecret: row.signature.matchedSecret, encoding: row.signature.encoding },
    bodySize: row.bodySize,
    attempts: row.attempts,
    error: row.error,
    result: row.result,
    outcome: outcome as Record<string, unknown> | null,
  };
}
