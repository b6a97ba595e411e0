import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { windowsFromOptions } from './rate-limiter';
import { PostgresRateLimiter } from './shared-rate-limiter';
import { MetricsService } from '../observability/metrics.service';
import { ResolvedSigningOptions, SIGNING_DEFAULTS, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
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
      useFactory: (options: ResolvedSigningOptions, metrics: MetricsService, dataSource: DataSource) => {
        // One budget for every instance on this database (docs/rate-limits.md).
        const limiter = new PostgresRateLimiter(dataSource, windowsFromOptions(options.arqsign.rateLimits), options.arqsign.rateLimits.maxWaitMs ?? SIGNING_DEFAULTS.arqsignRateMaxWaitMs);
        registerBudgetGauge(metrics.registry, limiter);
        return new HttpArqsignClient({
          baseUrl: options.arqsign.baseUrl,
          appKey: options.arqsign.appKey,
          subscriptionKey: options.arqsign.subscriptionKey,
          timeoutMs: options.arqsign.timeoutMs,
          registry: metrics.registry,
          logger: new SigningLogger('ArqsignClient'),
          limiter,
        });
      },
      inject: [SIGNING_MODULE_OPTIONS, MetricsService, DataSource],
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

/** `arqsign_rate_budget_remaining{window}`: calls still allowed now in each window, read from the shared log at scrape time. */
function registerBudgetGauge(registry: Registry, limiter: PostgresRateLimiter): void {
  if (registry.getSingleMetric('arqsign_rate_budget_remaining')) registry.removeSingleMetric('arqsign_rate_budget_remaining');
  new Gauge({
    name: 'arqsign_rate_budget_remaining',
    help: 'ArqSIGN calls still allowed right now in each rate-limit window, shared by every instance on this database',
    labelNames: ['window'],
    registers: [registry],
    async collect() {
      try {
        const budget = await limiter.budget();
        for (const w of budget.windows) this.set({ window: windowLabel(w.windowMs) }, w.remaining);
      } catch {
        // database unavailable: the gauge keeps its last values
      }
    },
  });
}

const windowLabel = (ms: number) => (ms >= 3_600_000 ? 'hour' : ms >= 60_000 ? 'minute' : 'second');
