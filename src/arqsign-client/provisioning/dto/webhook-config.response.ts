import { ApiProperty } from '@nestjs/swagger';
import type { ProvisionAction, ProvisionedConfigReport, ProvisionReport } from '../webhook-provisioner.service';
import type { WebhookConfigReport, WebhookConfigState, WebhookStatusReport } from '../webhook-config-status.service';
import { WEBHOOK_KINDS, type WebhookKind } from '../webhook-definitions';

const STATES: WebhookConfigState[] = ['ACTIVE', 'INACTIVE', 'INACTIVE_BY_FAILURES', 'MISSING', 'UNKNOWN'];
const ACTIONS: ProvisionAction[] = ['CREATED', 'ADOPTED', 'REACTIVATED', 'UNCHANGED', 'URL_MISMATCH'];

export class WebhookTriggerResponse {
  @ApiProperty({ example: 3, description: 'ArqSIGN trigger id (1 sent, 2 delivery failure, 3 signed by one signer, 4 refused, 5 cancelled, 6 expired, 7 resent, 8 concluded)' })
  id: number;

  @ApiProperty({ example: 'Processo assinado por algum signatário', nullable: true, type: String, description: "ArqSIGN's name of the trigger" })
  name: string | null;

  @ApiProperty({ example: true, description: 'false = ArqSIGN inactivated the trigger after 14 failed delivery attempts' })
  active: boolean;
}

export class WebhookReturnDataResponse {
  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'dadosRetorno.processo' }) process: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'dadosRetorno.signatarios' }) signers: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, example: false, description: 'dadosRetorno.documentos' }) documents: boolean | null;
  @ApiProperty({ nullable: true, type: Number, example: null, description: 'dadosRetorno.documentosTipo: 1 Base64, 2 link' }) documentsType: number | null;
  @ApiProperty({ nullable: true, type: Boolean, example: false, description: 'dadosRetorno.linkDocumentoCompartilhado' }) sharedDocumentLink: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, example: false, description: 'dadosRetorno.registrosAssinatura' }) signatureRecords: boolean | null;
  @ApiProperty({ nullable: true, type: Number, example: null, description: 'dadosRetorno.registrosAssinaturaTipo: 1 Base64, 2 link' }) signatureRecordsType: number | null;
}

/** One ArqSIGN webhook configuration's state. Never carries its HMAC secret. */
export class WebhookConfigResponse {
  @ApiProperty({ enum: WEBHOOK_KINDS, example: 'tracking', description: 'tracking: triggers 1–7, process + signers; conclusion: trigger 8, documents and signature records as links' })
  kind: WebhookKind;

  @ApiProperty({ example: 'arqsign-bridge tracking (erp.example.com)', description: 'Name in ArqSIGN (unique per account; carries PUBLIC_BASE_URL\'s host and path)' })
  name: string;

  @ApiProperty({ nullable: true, type: String, example: '7d9e8f10-5555-4c6d-8e7f-000000000501', description: 'ArqSIGN configuration id (= IdWebhook of its deliveries); null when missing' })
  arqsignId: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'https://erp.example.com/webhooks/arqsign', description: 'urlPublicar in ArqSIGN' })
  url: string | null;

  @ApiProperty({ example: 'https://erp.example.com/webhooks/arqsign', description: 'PUBLIC_BASE_URL/webhooks/arqsign' })
  expectedUrl: string;

  @ApiProperty({ example: true })
  urlMatches: boolean;

  @ApiProperty({ enum: STATES, example: 'ACTIVE', description: 'ACTIVE, INACTIVE (deactivated by someone), INACTIVE_BY_FAILURES (ArqSIGN deactivated it after a 401/403/404), MISSING (not in ArqSIGN), UNKNOWN' })
  status: WebhookConfigState;

  @ApiProperty({ nullable: true, type: Number, example: 1, description: "ArqSIGN's status: 1 Ativo, 2 Inativo, 3 Inativo por falhas" })
  statusId: number | null;

  @ApiProperty({ type: [WebhookTriggerResponse] })
  triggers: WebhookTriggerResponse[];

  @ApiProperty({ type: [Number], example: [], description: 'Ids of the triggers ArqSIGN inactivated after recurring failures' })
  inactiveTriggers: number[];

  @ApiProperty({ nullable: true, type: Boolean, example: true, description: 'aguardaRetorno: a listener timeout counts as a failure and is retried' })
  waitForResponse: boolean | null;

  @ApiProperty({ nullable: true, type: WebhookReturnDataResponse })
  returnData: WebhookReturnDataResponse | null;

  @ApiProperty({ example: true, description: 'We hold the HMAC secret ArqSIGN signs its deliveries with (the secret itself is never returned)' })
  secretKnown: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2025-03-10T14:22:05.000Z' })
  lastProvisionedAt: string | null;

  @ApiProperty({ example: true, description: 'Active, every trigger active, pointing at expectedUrl, secret known, definition as expected' })
  healthy: boolean;

  @ApiProperty({ type: [String], example: [], description: 'Why it is not healthy and what to do' })
  problems: string[];
}

export class WebhookStatusResponse {
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-10T14:22:05.000Z', description: 'When ArqSIGN was read' })
  checkedAt: string;

  @ApiProperty({ example: true, description: 'Every configuration healthy' })
  healthy: boolean;

  @ApiProperty({ type: [WebhookConfigResponse] })
  configurations: WebhookConfigResponse[];
}

export class ProvisionedWebhookConfigResponse extends WebhookConfigResponse {
  @ApiProperty({ enum: ACTIONS, example: 'CREATED', description: 'CREATED, ADOPTED (existed, now stored as ours), REACTIVATED, UNCHANGED' })
  action: ProvisionAction;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'Our earlier configuration of this kind (another PUBLIC_BASE_URL), deactivated because this one replaces it' })
  supersededArqsignId: string | null;
}

export class WebhookProvisionResponse {
  @ApiProperty({ type: String, format: 'date-time', example: '2025-03-10T14:22:05.000Z', description: 'When ArqSIGN was read, after provisioning' })
  checkedAt: string;

  @ApiProperty({ example: true, description: 'Every configuration healthy' })
  healthy: boolean;

  @ApiProperty({ type: [ProvisionedWebhookConfigResponse] })
  configurations: ProvisionedWebhookConfigResponse[];
}

export function toWebhookConfigResponse(config: WebhookConfigReport): WebhookConfigResponse {
  return {
    kind: config.kind,
    name: config.name,
    arqsignId: config.arqsignId,
    url: config.url,
    expectedUrl: config.expectedUrl,
    urlMatches: config.urlMatches,
    status: config.status,
    statusId: config.statusId,
    triggers: config.triggers.map((t) => ({ id: t.id, name: t.name, active: t.active })),
    inactiveTriggers: [...config.inactiveTriggers],
    waitForResponse: config.waitForResponse,
    returnData: config.returnData ? { ...config.returnData } : null,
    secretKnown: config.secretKnown,
    lastProvisionedAt: config.lastProvisionedAt?.toISOString() ?? null,
    healthy: config.healthy,
    problems: [...config.problems],
  };
}

export function toWebhookStatusResponse(report: WebhookStatusReport): WebhookStatusResponse {
  return { checkedAt: report.checkedAt.toISOString(), healthy: report.healthy, configurations: report.configurations.map(toWebhookConfigResponse) };
}

export function toProvisionedConfigResponse(config: ProvisionedConfigReport): ProvisionedWebhookConfigResponse {
  return { ...toWebhookConfigResponse(config), action: config.action, supersededArqsignId: config.supersededArqsignId };
}

export function toWebhookProvisionResponse(report: ProvisionReport): WebhookProvisionResponse {
  return { checkedAt: report.checkedAt.toISOString(), healthy: report.healthy, configurations: report.configurations.map(toProvisionedConfigResponse) };
}
