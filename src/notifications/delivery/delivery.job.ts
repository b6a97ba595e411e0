import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobQueue, QueueJob } from '../../jobs/job-queue';
import { activeSecrets } from '../endpoint';
import { NotificationMetrics } from '../notifications.metrics';
import { NOTIFICATION_SETTINGS, NotificationSettings } from '../notifications.settings';
import { NotificationsStore } from '../notifications.store';
import { signedHeaders } from '../signature';
import { OutboundHttp, PostOutcome } from './outbound-http';
import { describe, judge, Verdict } from './retry-policy';

export const DELIVERY_QUEUE = 'notifications.delivery';

export interface DeliveryJobData {
  deliveryId: string;
}

/** How often (once per cluster) PENDING deliveries are compared with the job queue. */
const SWEEP_INTERVAL_S = 15;
/** A delivery overdue by less than this is still on its normal path (its job is waiting to be claimed). */
const SWEEP_GRACE_MS = 30_000;

/**
 * Delivers outbound webhooks (docs/outbound-webhooks.md#delivery): one pg-boss job per attempt
 * of a delivery. The job POSTs the stored message body, signed, then records the attempt, the
 * delivery's new state and — for a retry — the job of the next attempt, in one transaction.
 * A crash between the POST and that transaction runs the attempt again (at least once).
 *
 * One slow or dead endpoint never delays the others: each attempt has connect/response
 * timeouts, and an instance runs at most `perEndpointConcurrency` attempts of one endpoint at a
 * time (a job over that limit is put back a second later without counting as an attempt).
 * A sweep re-enqueues overdue PENDING deliveries that have no job (jobs of a dead instance are
 * handed back by the job queue itself).
 */
@Injectable()
export class DeliveryJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboundWebhooks');
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly queue: JobQueue,
    private readonly dataSource: DataSource,
    private readonly store: NotificationsStore,
    private readonly http: OutboundHttp,
    private readonly metrics: NotificationMetrics,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<DeliveryJobData>(DELIVERY_QUEUE, (job) => this.handle(job), { concurrency: this.settings.concurrency });
    this.queue.every('outbound-webhook-sweep', SWEEP_INTERVAL_S, () => this.sweep(new Date(Date.now() - SWEEP_GRACE_MS)));
  }

  /** The job of one attempt; with `manager`, inside that transaction. */
  async enqueue(deliveryId: string, options: { manager?: EntityManager; startAfter?: Date } = {}): Promise<void> {
    await this.queue.enqueue<DeliveryJobData>(
      DELIVERY_QUEUE,
      { deliveryId },
      // The job itself only retries a crash of the handler (e.g. the database down); HTTP failures are new jobs.
      { manager: options.manager, startAfter: options.startAfter, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
    );
  }

  async handle(job: QueueJob<DeliveryJobData>): Promise<void> {
    const work = await this.store.deliveryWork(job.data.deliveryId);
    // Gone (endpoint deleted), settled, or parked while its endpoint is disabled (enabling it enqueues again).
    if (!work || work.state !== 'PENDING' || !work.endpoint.enabled) return;
    const endpointId = work.endpoint.id;
    const running = this.inFlight.get(endpointId) ?? 0;
    if (running >= this.settings.perEndpointConcurrency) {
      await this.enqueue(work.deliveryId, { startAfter: new Date(Date.now() + 1000) });
      return;
    }
    this.inFlight.set(endpointId, running + 1);
    let outcome: PostOutcome;
    const attemptedAt = new Date();
    try {
      outcome = await this.http.post(work.endpoint.url, { ...signedHeaders(activeSecrets(work.endpoint), work.messageId, work.body) }, work.body);
    } finally {
      const left = (this.inFlight.get(endpointId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(endpointId, left);
      else this.inFlight.delete(endpointId);
    }
    const attempts = work.attempts + 1;
    const verdict = judge(outcome, attempts, work.messageCreatedAt, this.settings.retry);
    await this.record(work.deliveryId, endpointId, attempts, attemptedAt, outcome, verdict);
  }

  private async record(deliveryId: string, endpointId: string, attempts: number, attemptedAt: Date, outcome: PostOutcome, verdict: Verdict): Promise<void> {
    const error = outcome.status !== null && verdict.kind === 'delivered' ? null : describe(outcome);
    let disabled: string | null = null;
    await this.dataSource.transaction(async (manager) => {
      await this.store.recordAttempt(manager, deliveryId, { attemptedAt, status: outcome.status, latencyMs: outcome.latencyMs, error, outcome: verdict.kind });
      if (verdict.kind === 'delivered') {
        await this.store.updateDelivery(manager, deliveryId, { state: 'DELIVERED', attempts, nextAttemptAt: null, lastStatus: outcome.status, lastError: null });
        await this.store.resetFailures(manager, endpointId);
        return;
      }
      const failures = await this.store.countFailure(manager, endpointId);
      if (verdict.kind === 'gone') {
        await this.store.updateDelivery(manager, deliveryId, { state: 'FAILED', attempts, nextAttemptAt: null, lastStatus: outcome.status, lastError: error });
        if (await this.store.disable(manager, endpointId, 'gone')) disabled = 'gone';
        return;
      }
      if (verdict.kind === 'failed') {
        await this.store.updateDelivery(manager, deliveryId, { state: 'FAILED', attempts, nextAttemptAt: null, lastStatus: outcome.status, lastError: verdict.reason });
      } else {
        await this.store.updateDelivery(manager, deliveryId, { state: 'PENDING', attempts, nextAttemptAt: verdict.at, lastStatus: outcome.status, lastError: error });
        await this.enqueue(deliveryId, { manager, startAfter: verdict.at });
      }
      if (failures >= this.settings.disableAfterFailures && (await this.store.disable(manager, endpointId, 'failures'))) disabled = 'failures';
    });
    this.metrics.attempts.inc({ outcome: verdict.kind });
    this.metrics.latency.observe({ outcome: verdict.kind }, outcome.latencyMs / 1000);
    if (verdict.kind === 'delivered') this.metrics.delivered.inc({ endpoint: endpointId });
    if (verdict.kind === 'failed' || verdict.kind === 'gone') this.metrics.failed.inc({ endpoint: endpointId });
    if (verdict.kind !== 'delivered') this.logger.warn({ endpointId, deliveryId, attempts, outcome: verdict.kind, error }, 'Outbound webhook attempt failed');
    if (disabled) {
      this.metrics.autoDisabled.inc({ reason: disabled });
      this.logger.warn({ endpointId, reason: disabled }, disabled === 'gone' ? 'Outbound webhook endpoint disabled: the receiver answered 410 Gone' : `Outbound webhook endpoint disabled after ${this.settings.disableAfterFailures} failed attempts in a row`);
    }
  }

  /** Overdue PENDING deliveries with no live job get one again; returns their ids. */
  async sweep(before: Date): Promise<string[]> {
    const overdue = await this.store.overdueDeliveries(before, 500);
    const lost = overdue.length ? await this.queue.withoutLiveJob(DELIVERY_QUEUE, 'deliveryId', overdue) : [];
    for (const deliveryId of lost) await this.enqueue(deliveryId);
    if (lost.length) this.logger.warn({ count: lost.length }, 'PENDING outbound webhook deliveries had no job: enqueued again');
    this.queue.reportRecovered(DELIVERY_QUEUE, 'sweep', lost.length);
    return lost;
  }
}
