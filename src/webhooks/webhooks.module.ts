import { MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsService } from '../observability/metrics.service';
import { ProcessTransactionHooks } from '../signing-processes/application/process-transaction-hooks';
import { SigningProcessesModule } from '../signing-processes/signing-processes.module';
import { WebhookDeliveriesService } from './admin/webhook-deliveries.service';
import { ConclusionPayloadReader } from './conclusion-payload.reader';
import { HmacSignatureGuard } from './http/hmac-signature.guard';
import { WebhookBodyMiddleware } from './http/webhook-body.middleware';
import { WEBHOOK_PATH } from './http/webhook-request';
import { WEBHOOK_ENTITIES } from './inbox/entities';
import { InboxConclusionPayloadReader } from './inbox/inbox-conclusion-payload.reader';
import { WebhookInbox } from './inbox/webhook-inbox.repository';
import { WebhookReceiver } from './inbox/webhook-receiver.service';
import { changeContextHook } from './processing/change-context';
import { DeliveryProcessor } from './processing/delivery-processor';
import { ProcessLocks } from './processing/process-lock';
import { SendAdoption } from './processing/send-adoption';
import { InboxSweeper } from './processing/inbox-sweeper';
import { UnparkListener } from './processing/unpark.listener';
import { ReactionRunner } from './reactions/reaction-runner';
import { ReactionScheduler } from './reactions/reaction-scheduler';
import { WebhookSignatureVerifier } from './signature/webhook-secrets';
import { WebhookMetrics } from './webhook-metrics';

/**
 * `POST /webhooks/arqsign` (docs/behaviour.md#webhook-receiver, #automatic-behaviour): HMAC-verified deliveries stored durably in the
 * inbox (`signing.webhook_delivery`), applied to processes by pg-boss jobs, automatic reactions
 * (resend through the other channel, renew on expiry) as jobs too, and the admin routes of the
 * inbox. Controllers (`WebhooksController`, `WebhookDeliveriesController`) are mounted by
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
    WebhookBodyMiddleware,
    ProcessLocks,
    SendAdoption,
    DeliveryProcessor,
    ReactionRunner,
    ReactionScheduler,
    UnparkListener,
    InboxSweeper,
    WebhookDeliveriesService,
    InboxConclusionPayloadReader,
    { provide: ConclusionPayloadReader, useExisting: InboxConclusionPayloadReader },
  ],
  exports: [WebhookReceiver, WebhookSignatureVerifier, WebhookMetrics, WebhookDeliveriesService, ConclusionPayloadReader],
})
export class WebhooksModule implements NestModule, OnModuleInit {
  constructor(private readonly hooks: ProcessTransactionHooks) {}

  onModuleInit(): void {
    // A delivery becomes PROCESSED in the same transaction as the process change it causes.
    this.hooks.register(changeContextHook);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookBodyMiddleware).forRoutes({ path: WEBHOOK_PATH, method: RequestMethod.POST }, { path: `${WEBHOOK_PATH}/*path`, method: RequestMethod.POST });
  }
}
