import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { ApiErrorBody } from '../../shared/http/api-error.body';
import { toWebhookProvisionResponse, toWebhookStatusResponse, WebhookProvisionResponse, WebhookStatusResponse } from './dto/webhook-config.response';
import { WebhookConfigStatusService } from './webhook-config-status.service';
import { WebhookProvisioner } from './webhook-provisioner.service';

const FORBIDDEN = '`AUTH.FORBIDDEN`: this API client is not in ADMIN_CLIENTS';
const ARQSIGN_FAILED = 'ArqSIGN failed or answered unexpectedly (`ARQSIGN.UNAUTHORIZED`: check ARQSIGN_APP_KEY / ARQSIGN_SUBSCRIPTION_KEY; `ARQSIGN.UNCERTAIN`, `ARQSIGN.UNEXPECTED_RESPONSE`)';
const ARQSIGN_UNAVAILABLE = 'ArqSIGN is unreachable or rate limited (`ARQSIGN.UNAVAILABLE`, `ARQSIGN.RATE_LIMITED`); try again later';

/**
 * `/v1/admin/arqsign/webhooks`: the tracking and conclusion webhook configurations in ArqSIGN.
 * Admin only (AdminOnlyMiddleware). No response ever carries an HMAC secret.
 */
@ApiTags('admin')
@ApiKeyProtected()
@ApiForbiddenResponse({ type: ApiErrorBody, description: FORBIDDEN })
@Controller('v1/admin/arqsign/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly status: WebhookConfigStatusService,
    private readonly provisioner: WebhookProvisioner,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getArqsignWebhookState',
    summary: 'State of the webhook configurations in ArqSIGN',
    description:
      'Reads ArqSIGN\'s webhook configurations and reports ours: active, inactive, inactive by failures (ArqSIGN deactivated it after the ' +
      'receiver answered 401/403/404), inactive triggers (14 failed attempts), missing; whether it points at PUBLIC_BASE_URL/webhooks/arqsign, ' +
      'whether its HMAC secret is stored (`secretKnown`; the secret is never returned) and, in `problems`, what to do. Also updates the ' +
      'gauge `arqsign_webhook_config_active{name,kind}`.',
  })
  @ApiOkResponse({ type: WebhookStatusResponse })
  @ApiBadGatewayResponse({ type: ApiErrorBody, description: ARQSIGN_FAILED })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: ARQSIGN_UNAVAILABLE })
  async state(): Promise<WebhookStatusResponse> {
    return toWebhookStatusResponse(await this.status.check());
  }

  @Post('provision')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'provisionArqsignWebhooks',
    summary: 'Create or find the tracking and conclusion configurations, and re-activate them',
    description:
      'Idempotent. For each configuration: find it by name (`arqsign-bridge tracking (<host/path of PUBLIC_BASE_URL>)`, `… conclusion (…)`); ' +
      'create it when missing (tracking: triggers 1–7, process + signers, no documents; conclusion: trigger 8, process + signers + documents ' +
      'and signature records as links + shared link; both `aguardarRetorno` true, URL PUBLIC_BASE_URL/webhooks/arqsign); re-activate it when ' +
      'inactive, inactive by failures or with inactive triggers; store its id and HMAC secret (from the create answer or ArqSIGN\'s list). ' +
      'Answers the state afterwards with what was done (`action`). Works whether or not the receiver is reachable yet.',
  })
  @ApiOkResponse({ type: WebhookProvisionResponse })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description:
      '`ARQSIGN_WEBHOOKS.URL_MISMATCH`: a configuration with our name points at another URL; ArqSIGN\'s API cannot change it, so it is left ' +
      'alone (fix or rename it in ArqSIGN\'s web app, then provision again). `details.configurations` reports both configurations. ' +
      '`ARQSIGN_WEBHOOKS.PROVISIONING_IN_PROGRESS`: another provisioning held the lock for too long',
  })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBody, description: '`ARQSIGN.VALIDATION`: ArqSIGN refused the configuration (e.g. the account already has 25 configurations); `details.arqsignMessages` says why' })
  @ApiBadGatewayResponse({ type: ApiErrorBody, description: ARQSIGN_FAILED })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: ARQSIGN_UNAVAILABLE })
  async provision(): Promise<WebhookProvisionResponse> {
    return toWebhookProvisionResponse(await this.provisioner.provision());
  }
}
