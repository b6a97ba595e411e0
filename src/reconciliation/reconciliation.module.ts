import { Module } from '@nestjs/common';
import { ArqsignClientModule } from '../arqsign-client/arqsign-client.module';
import { EventsModule } from '../events/events.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsService } from '../observability/metrics.service';
import { ObservabilityModule } from '../observability/observability.module';
import { SigningProcessesModule } from '../signing-processes/signing-processes.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
import { PipelineMetrics } from './pipeline-metrics';
import { PostgresReconciliationRepository } from './postgres-reconciliation.repository';
import { ReconciliationMetrics } from './reconciliation.metrics';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationScheduler } from './reconciliation.scheduler';
import { ReconciliationService } from './reconciliation.service';
import { RECONCILIATION_SETTINGS, ReconciliationSettings, resolveReconciliationSettings } from './reconciliation.settings';

/** A host may tune reconciliation by providing this token (partial settings). */
export const RECONCILIATION_SETTINGS_OVERRIDES = Symbol('RECONCILIATION_SETTINGS_OVERRIDES');

/**
 * Reconciliation and pipeline health (docs/behaviour.md#automatic-behaviour; issue 7): every RECONCILE_INTERVAL_S, once
 * across all instances, open processes with no news are synced from ArqSIGN (so lost webhooks
 * never leave them stuck), and each instance checks the webhook configurations (log alert +
 * `arqsign_webhook_config_active`). Also the inbox and job metrics read from PostgreSQL.
 * Imported by SigningModule; it has no controllers.
 */
@Module({
  imports: [ObservabilityModule, ArqsignClientModule, SigningProcessesModule, WebhooksModule, JobsModule, EventsModule],
  providers: [
    {
      provide: RECONCILIATION_SETTINGS,
      useFactory: (options: ResolvedSigningOptions, overrides?: Partial<ReconciliationSettings>) => resolveReconciliationSettings(options, overrides),
      inject: [SIGNING_MODULE_OPTIONS, { token: RECONCILIATION_SETTINGS_OVERRIDES, optional: true }],
    },
    { provide: ReconciliationMetrics, useFactory: (metrics: MetricsService) => new ReconciliationMetrics(metrics.registry), inject: [MetricsService] },
    { provide: ReconciliationRepository, useClass: PostgresReconciliationRepository },
    ReconciliationService,
    ReconciliationScheduler,
    PipelineMetrics,
  ],
  exports: [ReconciliationService, RECONCILIATION_SETTINGS],
})
export class ReconciliationModule {}
