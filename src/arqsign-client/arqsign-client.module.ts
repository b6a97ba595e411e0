import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsService } from '../observability/metrics.service';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
import { ArqsignClient } from './arqsign-client.port';
import { HttpArqsignClient } from './http-arqsign.client';
import { TypeOrmWebhookConfigStore } from './provisioning/typeorm-webhook-config.store';
import { WebhookConfigStatusService } from './provisioning/webhook-config-status.service';
import { WebhookConfigEntity } from './provisioning/webhook-config.entity';
import { WebhookConfigStore } from './provisioning/webhook-config.store';
import { WebhookProvisioner } from './provisioning/webhook-provisioner.service';

/**
 * Provides `ArqsignClient` (inject the abstract class) as the resilient HTTP client, configured
 * from the module options, with its metrics on the module's registry. Webhook provisioning
 * lives here too: `WebhookProvisioner` (create/find/re-activate the tracking and conclusion
 * configurations), `WebhookConfigStatusService` (their state in ArqSIGN; reconciliation's health
 * check) and `WebhookConfigStore` (the stored ids and HMAC secrets; `hmacSecrets()` for the receiver).
 */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookConfigEntity])],
  providers: [
    {
      provide: ArqsignClient,
      useFactory: (options: ResolvedSigningOptions, metrics: MetricsService) =>
        new HttpArqsignClient({
          baseUrl: options.arqsign.baseUrl,
          appKey: options.arqsign.appKey,
          subscriptionKey: options.arqsign.subscriptionKey,
          timeoutMs: options.arqsign.timeoutMs,
          registry: metrics.registry,
          logger: new SigningLogger('ArqsignClient'),
        }),
      inject: [SIGNING_MODULE_OPTIONS, MetricsService],
    },
    { provide: WebhookConfigStore, useClass: TypeOrmWebhookConfigStore },
    WebhookConfigStatusService,
    WebhookProvisioner,
  ],
  exports: [ArqsignClient, WebhookConfigStore, WebhookConfigStatusService, WebhookProvisioner],
})
export class ArqsignClientModule implements OnApplicationShutdown {
  constructor(@Inject(ArqsignClient) private readonly client: ArqsignClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
