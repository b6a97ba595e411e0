import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsService } from '../observability/metrics.service';
import { ProcessTransactionHooks } from '../signing-processes';
import { SigningProcessesModule } from '../signing-processes/signing-processes.module';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
import { DeliveryJob } from './delivery/delivery.job';
import { OutboundHttp } from './delivery/outbound-http';
import { OutboundPolicy } from './delivery/outbound-policy';
import { NotificationMetrics } from './notifications.metrics';
import { NOTIFICATION_SETTINGS, NotificationSettings, resolveNotificationSettings } from './notifications.settings';
import { NotificationsStore } from './notifications.store';
import { recordMessages } from './outbox';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/**
 * Outbound webhooks (docs/outbound-webhooks.md): clients register endpoints over
 * `/v1/webhook-endpoints` (WebhookEndpointsController, mounted by SigningModule); every process
 * change with a domain event becomes a message in the outbox, in the change's own transaction,
 * delivered signed (Standard Webhooks) by durable jobs with retries.
 */
@Module({
  imports: [JobsModule, EventsModule, SigningProcessesModule],
  providers: [
    { provide: NOTIFICATION_SETTINGS, useFactory: (options: ResolvedSigningOptions) => resolveNotificationSettings(options.outboundWebhooks), inject: [SIGNING_MODULE_OPTIONS] },
    {
      provide: OutboundPolicy,
      useFactory: (settings: NotificationSettings, options: ResolvedSigningOptions) => new OutboundPolicy({ allowHttpHosts: settings.allowHttpHosts, allowedHosts: settings.allowedHosts, sandbox: options.sandbox }),
      inject: [NOTIFICATION_SETTINGS, SIGNING_MODULE_OPTIONS],
    },
    {
      provide: OutboundHttp,
      useFactory: (settings: NotificationSettings, policy: OutboundPolicy) =>
        new OutboundHttp({ policy, connectTimeoutMs: settings.connectTimeoutMs, responseTimeoutMs: settings.responseTimeoutMs, resolve: settings.resolve }),
      inject: [NOTIFICATION_SETTINGS, OutboundPolicy],
    },
    {
      provide: NotificationMetrics,
      useFactory: (metrics: MetricsService, store: NotificationsStore) => new NotificationMetrics(metrics.registry, () => store.backlog()),
      inject: [MetricsService, NotificationsStore],
    },
    NotificationsStore,
    DeliveryJob,
    WebhookEndpointsService,
  ],
  exports: [WebhookEndpointsService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly hooks: ProcessTransactionHooks,
    private readonly store: NotificationsStore,
    @Inject(DeliveryJob) private readonly deliveries: DeliveryJob,
  ) {}

  onModuleInit(): void {
    // The outbox: messages commit with the change they report (docs/outbound-webhooks.md#durability).
    this.hooks.register(async (transaction, change) => {
      await recordMessages(transaction, change, this.store, (manager, deliveryId) => this.deliveries.enqueue(deliveryId, { manager }));
    });
  }
}
