import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { WebhookConfigStatusService } from '../arqsign-client';
import { ReconciliationMetrics } from './reconciliation.metrics';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService, RunSummary } from './reconciliation.service';
import { RECONCILIATION_SETTINGS, RECONCILIATION_TASK, ReconciliationSettings } from './reconciliation.settings';

/** How often an instance asks whether a run is due (capped by the interval itself). */
const POLL_MS = 15_000;
/** The first look after start: soon, but not in the middle of the start-up. */
const FIRST_POLL_MS = 5_000;
/** The lease row of the webhook configuration check. */
const WEBHOOK_HEALTH_TASK = 'webhook-health';
/** Shutdown waits this long for a run in progress (it stops between two processes). */
const SHUTDOWN_WAIT_MS = 10_000;

/**
 * Runs reconciliation every RECONCILE_INTERVAL_S, once across all instances, and checks the
 * webhook configurations at the same interval, also once across all instances (its own lease).
 *
 * Why plain timers plus a lease row, not a pg-boss schedule: pg-boss schedules are cron
 * expressions with minute resolution, while the interval is any number of seconds (tests use 1);
 * the lease row in `signing.scheduled_task` (claimed with one conditional UPDATE on the database
 * clock) gives "at most one run per interval, cluster-wide" and survives a crash (the lease
 * expires). A session advisory lock would pin a pooled connection for the whole run and would
 * not space runs across instances. Nothing lives in memory but the timer.
 *
 * The webhook health check (`WebhookConfigStatusService.check()`: one list call to ArqSIGN; it
 * logs a warning per unhealthy configuration and sets `arqsign_webhook_config_active{name,kind}`)
 * runs on whichever instance claims its lease, so the alert is raised once per cluster; with
 * several instances, the gauge is current on the instance that last ran the check.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new SigningLogger('Reconciliation');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private running?: Promise<void>;
  private lastWebhookCheck = 0;

  constructor(
    private readonly service: ReconciliationService,
    private readonly repository: ReconciliationRepository,
    private readonly webhooks: WebhookConfigStatusService,
    private readonly metrics: ReconciliationMetrics,
    @Inject(RECONCILIATION_SETTINGS) private readonly settings: ReconciliationSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(Math.min(FIRST_POLL_MS, this.settings.intervalS * 1000));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.running) await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
  }

  /** One look: check the webhooks when due, run reconciliation when this instance gets the lease. */
  async tick(): Promise<void> {
    const intervalMs = this.settings.intervalS * 1000;
    if (this.settings.checkWebhooks && Date.now() - this.lastWebhookCheck >= intervalMs) {
      this.lastWebhookCheck = Date.now();
      // Once per interval across the cluster (one ArqSIGN call, one alert line), like the run.
      if (await this.repository.claimRun(WEBHOOK_HEALTH_TASK, this.owner, this.settings.intervalS, this.settings.leaseMs).catch(() => false)) {
        await this.checkWebhooks();
        await this.repository.finishRun(WEBHOOK_HEALTH_TASK, this.owner, {}).catch(() => undefined);
      }
    }
    if (this.stopping) return;
    let claimed = false;
    try {
      claimed = await this.repository.claimRun(RECONCILIATION_TASK, this.owner, this.settings.intervalS, this.settings.leaseMs);
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'Could not claim the reconciliation run (database unavailable?)');
      return;
    }
    if (!claimed) return;
    let summary: RunSummary | { error: string };
    try {
      summary = await this.service.run(() => this.stopping);
      this.metrics.runs.inc({ outcome: summary.stoppedBecause && summary.stoppedBecause !== 'shutting-down' ? 'stopped' : 'completed' });
    } catch (error) {
      summary = { error: error instanceof Error ? error.message : String(error) };
      this.metrics.runs.inc({ outcome: 'failed' });
      this.logger.error({ error: summary.error }, 'Reconciliation run failed');
    }
    this.metrics.lastRun.set(Date.now() / 1000);
    await this.repository.finishRun(RECONCILIATION_TASK, this.owner, { ...summary }).catch((error: unknown) => this.logger.warn({ error: String(error) }, 'Could not release the reconciliation lease (it expires by itself)'));
  }

  private async checkWebhooks(): Promise<void> {
    try {
      const report = await this.webhooks.check();
      if (!report.healthy) {
        const unhealthy = report.configurations.filter((c) => !c.healthy).map((c) => `${c.kind} "${c.name}": ${c.status}${c.inactiveTriggers.length ? `, inactive triggers ${c.inactiveTriggers.join(',')}` : ''}`);
        this.logger.error(
          { alert: 'arqsign_webhook_config_unhealthy', configurations: unhealthy },
          `ALERT: ArqSIGN webhook configuration(s) not delivering as expected: ${unhealthy.join('; ')}. Fix the receiver, then POST /v1/admin/arqsign/webhooks/provision to re-activate; reconciliation keeps the processes current meanwhile.`,
        );
      }
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'Could not check the ArqSIGN webhook configurations');
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.logger.error({ error: String(error) }, 'Reconciliation tick failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule(Math.min(POLL_MS, this.settings.intervalS * 1000));
        });
    }, delayMs);
    this.timer.unref();
  }
}
