/**
 * The public surface of the webhooks module (docs/architecture.md#public-surfaces): the port onto the inbox's
 * conclusion payloads, the inbox's tables, and the HTTP pieces the composition root mounts. What it
 * tells the other modules travels as durable `arqsign.*` events, whose contracts are in the kernel
 * (src/shared/events/arqsign-events.ts). Everything else under src/webhooks is internal.
 */
export { ConclusionPayloadReader, NoConclusionPayloadReader } from './conclusion-payload.reader';
export type { ConclusionPayload } from './conclusion-payload.reader';
export { WEBHOOK_ENTITIES } from './inbox/entities';
export { WebhooksController } from './http/webhooks.controller';
export { WebhookDeliveriesController } from './admin/webhook-deliveries.controller';
// The inbox's admin use cases; reconciliation's pipeline gauges read `health()`.
export { WebhookDeliveriesService } from './admin/webhook-deliveries.service';
export type { InboxHealth } from './inbox/inbox-health.query';
export { WEBHOOK_PATH } from './http/webhook-request';
export { webhookBodyParser, WebhookBodyReader } from './http/webhook-body.middleware';
export { InFlightBudget } from './http/in-flight-budget';
