import { Injectable } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { Counter, Gauge, Registry } from 'prom-client';
import type { JobCount } from '../jobs/job-counts';
import { JobQueue } from '../jobs/job-queue';
import { MetricsService } from '../observability/metrics.service';
import { InboxHealth, WebhookDeliveriesService } from '../webhooks';

/** Scrapes closer together than this reuse the last reading (one pair of queries per window). */
const CACHE_MS = 5_000;

/**
 * Health of the webhook pipeline, read from PostgreSQL at scrape time (the inbox through the webhooks
 * facade, `WebhookDeliveriesService.health`; pg-boss's jobs through the jobs kernel, `JobQueue.jobCounts`), so every instance reports
 * the same cluster-wide numbers and nothing depends on which instance did the work (docs/behaviour.md#scale-out):
 *
 * - `webhook_inbox_backlog`: deliveries stored (answered 200) but not yet applied (RECEIVED);
 * - `webhook_inbox_oldest_unprocessed_seconds`: age of the oldest of them (0 when none): the alert
 *   for stuck processing, whatever the volume;
 * - `webhook_inbox_quarantined`: correctly signed deliveries nobody could interpret (need an operator);
 * - `webhook_inbox_failed`: deliveries whose processing ran out of retries (replay them);
 * - `arqsign_jobs{queue,state}`: pg-boss jobs by queue and state (`created`, `retry`, `active`,
 *   `completed`, `failed`, `cancelled`) among those pg-boss keeps in its job table (finished ones
 *   for about 12 hours before archiving them): `state="failed"` are job failures (retries exhausted),
 *   `state="retry"` jobs waiting for another attempt;
 * - `arqsign_job_retries{queue}`: retries spent by the jobs of that table (attempts after the first).
 * - `arqsign_jobs_recovered_total{queue,reason}`: jobs this instance handed back for another attempt
 *   (a counter, so per instance; sum over instances): `dead_instance` (active in an instance that
 *   stopped beating), `untagged` (claimed by a process that died at once), `sweep` (a RECEIVED
 *   delivery or PENDING archive that had no job at all). See docs/job-recovery.md.
 *
 * A reading that fails (database down, job queue not started yet) keeps the previous values.
 */
@Injectable()
export class PipelineMetrics {
  private readonly logger = new SigningLogger('PipelineMetrics');
  private inbox?: { at: number; reading: Promise<InboxHealth | null> };
  private jobs?: { at: number; reading: Promise<JobCount[] | null> };

  constructor(
    private readonly deliveries: WebhookDeliveriesService,
    metrics: MetricsService,
    private readonly jobQueue: JobQueue,
  ) {
    this.register(metrics.registry);
    const recovered = metrics.registry.getSingleMetric('arqsign_jobs_recovered_total') as Counter<'queue' | 'reason'> | undefined;
    const counter =
      recovered ??
      new Counter({
        name: 'arqsign_jobs_recovered_total',
        help: 'Jobs handed back for another attempt by this instance: reason "dead_instance" (their instance stopped beating), "untagged" (claimed by a process that died at once), "sweep" (a RECEIVED delivery or PENDING archive without any job)',
        labelNames: ['queue', 'reason'] as const,
        registers: [metrics.registry],
      });
    jobQueue.onRecovered((queue, reason, count) => counter.inc({ queue, reason }, count));
  }

  private register(registry: Registry): void {
    if (registry.getSingleMetric('webhook_inbox_backlog')) return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this; // prom-client calls collect() with the gauge as `this`
    const inbox = (pick: (r: InboxHealth) => number) =>
      async function (this: Gauge) {
        const reading = await self.readInbox();
        if (reading) this.set(pick(reading));
      };
    new Gauge({
      name: 'webhook_inbox_backlog',
      help: 'Webhook deliveries stored (answered 200) and not yet applied (inbox state RECEIVED)',
      registers: [registry],
      collect: inbox((r) => r.backlog),
    });
    new Gauge({
      name: 'webhook_inbox_oldest_unprocessed_seconds',
      help: 'Age in seconds of the oldest webhook delivery not yet applied (0 when none)',
      registers: [registry],
      collect: inbox((r) => (r.oldestReceivedAt ? Math.max(0, (Date.now() - r.oldestReceivedAt.getTime()) / 1000) : 0)),
    });
    new Gauge({
      name: 'webhook_inbox_quarantined',
      help: 'Correctly signed webhook deliveries that could not be interpreted (inbox state QUARANTINED): for an operator',
      registers: [registry],
      collect: inbox((r) => r.quarantined),
    });
    new Gauge({
      name: 'webhook_inbox_failed',
      help: 'Webhook deliveries whose processing ran out of retries (inbox state FAILED): replay them',
      registers: [registry],
      collect: inbox((r) => r.failed),
    });
    const jobs = new Gauge({
      name: 'arqsign_jobs',
      help: 'Durable jobs (pg-boss) by queue and state, among those in its job table (finished jobs stay about 12 h): state "failed" = retries exhausted, "retry" = waiting for another attempt',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        const reading = await self.readJobs();
        if (!reading) return;
        jobs.reset();
        for (const row of reading) jobs.set({ queue: row.queue, state: row.state }, row.jobs);
      },
    });
    const retries = new Gauge({
      name: 'arqsign_job_retries',
      help: 'Retries (attempts after the first) spent by the durable jobs in pg-boss\'s job table (about the last 12 h), by queue',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const reading = await self.readJobs();
        if (!reading) return;
        retries.reset();
        const byQueue = new Map<string, number>();
        for (const row of reading) byQueue.set(row.queue, (byQueue.get(row.queue) ?? 0) + row.retries);
        for (const [queue, count] of byQueue) retries.set({ queue }, count);
      },
    });
  }

  readInbox(): Promise<InboxHealth | null> {
    if (this.inbox && Date.now() - this.inbox.at < CACHE_MS) return this.inbox.reading;
    const reading = this.deliveries
      .health()
      .catch((error: unknown) => this.unreadable('inbox', error));
    this.inbox = { at: Date.now(), reading };
    return reading;
  }

  readJobs(): Promise<JobCount[] | null> {
    if (this.jobs && Date.now() - this.jobs.at < CACHE_MS) return this.jobs.reading;
    const reading = this.jobQueue.jobCounts().catch((error: unknown) => this.unreadable('jobs', error));
    this.jobs = { at: Date.now(), reading };
    return reading;
  }

  private unreadable(what: string, error: unknown): null {
    this.logger.debug({ error: error instanceof Error ? error.message : String(error) }, `Could not read the ${what} metrics`);
    return null;
  }
}
