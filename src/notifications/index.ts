/**
 * The public surface of the notifications module (outbound webhooks, docs/outbound-webhooks.md): the
 * endpoint use cases, the message types clients can subscribe to, the settings and the controller
 * the composition root mounts. Everything else under src/notifications is internal.
 */
export { WebhookEndpointsService, type EndpointInput, type PingResult } from './webhook-endpoints.service';
export { WebhookEndpointsController } from './api/webhook-endpoints.controller';
export { MESSAGE_TYPES } from './message-types';
export { NOTIFICATION_SETTINGS, resolveNotificationSettings, type NotificationSettings, type OutboundWebhooksOptions } from './notifications.settings';
