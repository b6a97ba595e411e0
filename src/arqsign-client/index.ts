/** The public surface of the ArqSIGN client module (docs/architecture.md#public-surfaces); nothing else is imported from outside. */
export { ArqsignClient } from './arqsign-client.port';
export { HttpArqsignClient } from './http-arqsign.client';
export type { ArqsignClientOptions, ArqsignClientLogger, ArqsignBreakerOptions } from './http-arqsign.client';
export type { RetryOptions } from './retry-policy';
export type { RateLimitOptions } from './rate-limiter';
export { parseRateLimits, PostgresRateLimiter, RATE_LIMIT_PRESETS, type RequestSlots } from './shared-rate-limiter';
export * from './arqsign-client.errors';
export * from './arqsign.types';
export {
  LenientRecord,
  getKey,
  hasKey,
  isRecord,
  normalizeLabel,
  parseBoolean,
  parseDate,
  parseInteger,
  parseNumber,
  parseString,
  type DateParseOptions,
  type JsonRecord,
} from './lenient';
export { parseProcessStatus, parseSignerAction, parseUserStatus, mapSignatureData } from './response-mappers';
// Webhook registration at ArqSIGN (docs/architecture.md#public-surfaces): the stored configuration and secrets,
// its status report and the provisioner, plus the table the module owns.
export { WebhookConfigStore, acceptedSecrets, type StoredWebhookConfig } from './provisioning/webhook-config.store';
export { WebhookConfigStatusService, type WebhookConfigReport, type WebhookConfigState } from './provisioning/webhook-config-status.service';
export { WebhookProvisioner } from './provisioning/webhook-provisioner.service';
export { AdminWebhooksController } from './provisioning/admin-webhooks.controller';
export { WebhookConfigEntity } from './provisioning/webhook-config.entity';
