import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsService } from '../observability/metrics.service';
import { SigningProcessesModule } from '../signing-processes/signing-processes.module';
import { WebhookDeliveriesService } from './admin/webhook-deliveries.service';
import { ConclusionPayloadReader } from './conclusion-payload.reader';
import { HmacSignatureGuard } from './http/hmac-signature.guard';
import { WebhookBodyMiddleware, WebhookBodyReader } from './http/webhook-body.middleware';
import { WebhookBodyUploads } from './body/webhook-body-uploads';
import { WEBHOOK_PATH } from './http/webhook-request';
import { WEBHOOK_ENTITIES } from './inbox/entities';
import { InboxConclusionPayloadReader } from './inbox/inbox-conclusion-payload.reader';
import { InboxSignal } from './inbox/inbox-signal';
import { WebhookInbox } from './inbox/webhook-inbox.repository';
import { WebhookReceiver } from './inbox/webhook-receiver.service';
import { DeliveryProcessor } from './processing/delivery-processor';
import { InboxSweeper } from './processing/inbox-sweeper';
import { InboxWorker } from './processing/inbox-worker';
import { UnparkListener } from './processing/unpark.listener';
import { WebhookSignatureVerifier } from './signature/webhook-secrets';
import { WebhookMetrics } from './webhook-metrics';

/**
 * `POST /webhooks/arqsign` (docs/behaviour.md#webhook-receiver): HMAC-verified deliveries stored durably in the
 * inbox (`signing.webhook_delivery`, also the queue of their processing), turned in batches into durable `arqsign.*` events that
 * signing-processes applies (docs/architecture.md#events), and the admin routes of the inbox. Controllers (`WebhooksController`, `WebhookDeliveriesController`) are mounted by
 * SigningModule. Exports the `ConclusionPayloadReader` port (the inbox's conclusion payloads) for the archive.
 */
@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOK_ENTITIES), JobsModule, EventsModule, SigningProcessesModule, ArqsignClientModule],
  providers: [
    {
      provide: WebhookMetrics,
      useFactory: (metrics: MetricsService, inbox: WebhookInbox) => new WebhookMetrics(metrics.registry, () => inbox.countOpen()),
      inject: [MetricsService, WebhookInbox],
    },
    WebhookInbox,
    WebhookReceiver,
    WebhookSignatureVerifier,
    HmacSignatureGuard,
    WebhookBodyUploads,
    WebhookBodyReader,
    WebhookBodyMiddleware,
    InboxSignal,
    DeliveryProcessor,
    InboxWorker,
    UnparkListener,
    InboxSweeper,
    WebhookDeliveriesService,
    InboxConclusionPayloadReader,
    { provide: ConclusionPayloadReader, useExisting: InboxConclusionPayloadReader },
  ],
  exports: [WebhookBodyReader, WebhookReceiver, WebhookSignatureVerifier, WebhookMetrics, WebhookDeliveriesService, ConclusionPayloadReader],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookBodyMiddleware).forRoutes({ path: WEBHOOK_PATH, method: RequestMethod.POST }, { path: `${WEBHOOK_PATH}/*path`, method: RequestMethod.POST });
  }
}
