import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UsePipes } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { ApiClientName } from '../../auth/api-client.decorator';
import { ApiErrors } from '../../shared/http/api-error-responses';
import { pageLimit } from '../../shared/http/cursor-page';
import { createValidationPipe } from '../../shared/http/validation';
import type { WebhookEndpoint } from '../endpoint';
import type { AttemptRow, DeliveryRow } from '../notifications.store';
import { WebhookEndpointsService } from '../webhook-endpoints.service';
import { OutboundMessage } from './outbound-message.schema';
import {
  MESSAGE_PAGE,
  CreateWebhookEndpointDto,
  ListMessagesQueryDto,
  MessageDeliveryDetailResponse,
  MessageDeliveryListResponse,
  MessageDeliveryResponse,
  PingResponse,
  RotateSecretDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointListResponse,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
} from './webhook-endpoint.dto';

const ID = ApiParam({ name: 'id', description: 'Endpoint id', example: '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
const MESSAGE_ID = ApiParam({ name: 'messageId', description: 'Message id (`webhook-id`)', example: 'msg_0b7c7e1e-8d1f-4c1e-9a57-6f3d2b1a0c9e' });
const NOT_FOUND = '`WEBHOOK_ENDPOINT.NOT_FOUND`: no such endpoint for this API client (another client\'s endpoint is not found either)';
const URL_REFUSED = '`WEBHOOK_ENDPOINT.URL_NOT_ALLOWED`: not https, credentials in the URL, or a private/loopback/link-local address';

/** `/v1/webhook-endpoints`: HTTP to WebhookEndpointsService, scoped to the calling client. */
@ApiTags('outbound webhooks')
@ApiKeyProtected()
@UsePipes(createValidationPipe())
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly service: WebhookEndpointsService) {}

  @Post()
  @ApiOperation({ operationId: 'createWebhookEndpoint', summary: 'Register an endpoint', description: 'Answers the signing secret, once. Messages of every later change of this client\'s processes are POSTed to it (see the `OutboundMessage` schema).' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`', 422: URL_REFUSED })
  async create(@ApiClientName() clientName: string, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretResponse> {
    return withSecret(await this.service.create(clientName, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: 'List this client\'s endpoints' })
  @ApiOkResponse({ type: WebhookEndpointListResponse })
  async list(@ApiClientName() clientName: string): Promise<WebhookEndpointListResponse> {
    return { items: (await this.service.list(clientName)).map(toResponse) };
  }

  @Get(':id')
  @ID
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'An endpoint' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async get(@ApiClientName() clientName: string, @Param('id') id: string): Promise<WebhookEndpointResponse> {
    return toResponse(await this.service.get(clientName, id));
  }

  @Patch(':id')
  @ID
  @ApiOperation({ operationId: 'updateWebhookEndpoint', summary: 'Change the URL, description or message types' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`', 404: NOT_FOUND, 422: URL_REFUSED })
  async update(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointResponse> {
    return toResponse(await this.service.update(clientName, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ID
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Delete an endpoint and its message log' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors({ 404: NOT_FOUND })
  async remove(@ApiClientName() clientName: string, @Param('id') id: string): Promise<void> {
    await this.service.remove(clientName, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ID
  @ApiOperation({ operationId: 'enableWebhookEndpoint', summary: 'Enable an endpoint', description: 'Also resumes the messages that waited while it was disabled.' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async enable(@ApiClientName() clientName: string, @Param('id') id: string): Promise<WebhookEndpointResponse> {
    return toResponse(await this.service.setEnabled(clientName, id, true));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ID
  @ApiOperation({ operationId: 'disableWebhookEndpoint', summary: 'Disable an endpoint', description: 'New messages are kept PENDING for it and sent once it is enabled again.' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async disable(@ApiClientName() clientName: string, @Param('id') id: string): Promise<WebhookEndpointResponse> {
    return toResponse(await this.service.setEnabled(clientName, id, false));
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ID
  @ApiOperation({ operationId: 'rotateWebhookEndpointSecret', summary: 'Rotate the signing secret', description: 'Answers the new secret, once. During the overlap (default 24 h) messages carry two signatures, one per secret.' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`', 404: NOT_FOUND })
  async rotate(@ApiClientName() clientName: string, @Param('id') id: string, @Body() body: RotateSecretDto): Promise<WebhookEndpointWithSecretResponse> {
    return withSecret(await this.service.rotateSecret(clientName, id, body?.overlapSeconds));
  }

  @Post(':id/ping')
  @HttpCode(200)
  @ID
  @ApiOperation({ operationId: 'pingWebhookEndpoint', summary: 'Send a signed `webhook.ping` message now', description: 'Answers how the endpoint responded; not retried, not in the message log.' })
  @ApiOkResponse({ type: PingResponse })
  @ApiErrors({ 404: NOT_FOUND })
  ping(@ApiClientName() clientName: string, @Param('id') id: string): Promise<PingResponse> {
    return this.service.ping(clientName, id);
  }

  @Get(':id/messages')
  @ID
  @ApiOperation({ operationId: 'listWebhookEndpointMessages', summary: 'The endpoint\'s message log, newest first' })
  @ApiOkResponse({ type: MessageDeliveryListResponse })
  @ApiErrors({ 400: '`REQUEST.VALIDATION_FAILED`', 404: NOT_FOUND })
  async messages(@ApiClientName() clientName: string, @Param('id') id: string, @Query() query: ListMessagesQueryDto): Promise<MessageDeliveryListResponse> {
    const rows = await this.service.messages(clientName, id, { state: query.state, limit: pageLimit(query.limit, MESSAGE_PAGE), before: query.before });
    return { items: rows.map(toDelivery) };
  }

  @Get(':id/messages/:messageId')
  @ID
  @MESSAGE_ID
  @ApiOperation({ operationId: 'getWebhookEndpointMessage', summary: 'One message of the log, with every attempt' })
  @ApiOkResponse({ type: MessageDeliveryDetailResponse })
  @ApiErrors({ 404: `${NOT_FOUND}; \`WEBHOOK_ENDPOINT.MESSAGE_NOT_FOUND\`` })
  async message(@ApiClientName() clientName: string, @Param('id') id: string, @Param('messageId') messageId: string): Promise<MessageDeliveryDetailResponse> {
    const { delivery, attempts } = await this.service.message(clientName, id, messageId);
    return { ...toDelivery(delivery), attemptLog: attempts.map(toAttempt), message: JSON.parse(delivery.body!) as OutboundMessage };
  }

  @Post(':id/messages/:messageId/replay')
  @HttpCode(202)
  @ID
  @MESSAGE_ID
  @ApiOperation({ operationId: 'replayWebhookEndpointMessage', summary: 'Send a message again', description: 'Any message of this client, also one the endpoint never had. Same id: receivers deduplicate on it.' })
  @ApiAcceptedResponse({ type: MessageDeliveryResponse })
  @ApiErrors({ 404: `${NOT_FOUND}; \`WEBHOOK_ENDPOINT.MESSAGE_NOT_FOUND\`` })
  async replay(@ApiClientName() clientName: string, @Param('id') id: string, @Param('messageId') messageId: string): Promise<MessageDeliveryResponse> {
    return toDelivery(await this.service.replay(clientName, id, messageId));
  }
}

function toResponse(endpoint: WebhookEndpoint): WebhookEndpointResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: endpoint.previousSecret && endpoint.previousSecretExpiresAt ? endpoint.previousSecretExpiresAt.toISOString() : null,
    consecutiveFailures: endpoint.consecutiveFailures,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

const withSecret = (endpoint: WebhookEndpoint): WebhookEndpointWithSecretResponse => ({ ...toResponse(endpoint), signingSecret: endpoint.secret });

function toDelivery(row: DeliveryRow): MessageDeliveryResponse {
  return {
    messageId: row.messageId,
    type: row.type,
    processId: row.processId,
    sequence: row.sequence,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt ? new Date(row.nextAttemptAt).toISOString() : null,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

const toAttempt = (a: AttemptRow) => ({ attemptedAt: new Date(a.attemptedAt).toISOString(), status: a.status, latencyMs: a.latencyMs, error: a.error, outcome: a.outcome });
