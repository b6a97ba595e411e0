import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { JobQueue } from '../../jobs/job-queue';
import { PROCESS_DELIVERY_QUEUE, WebhookInbox } from '../inbox/webhook-inbox.repository';
import { UnparkListener } from './unpark.listener';

/** How often (once per cluster) the inbox is compared with the job queue. */
const SWEEP_INTERVAL_S = 10;
/** A RECEIVED delivery younger than this may still be on its normal path (a "resent" waits 3 s). */
const GRACE_S = 30;
const BATCH = 500;

/**
 * The inbox is the source of truth (docs/job-recovery.md): once per cluster every few seconds,
 * every RECEIVED delivery older than a grace period that has no waiting or running processing job
 * — whatever lost it: a job failed for good, an instance that died, a hand edit — gets a new job,
 * with one log line each. Idempotent with the normal path: the processor skips a delivery that is
 * no longer RECEIVED, under the per-process lock. It also releases parked deliveries whose process became known (an instance
 * that parked a delivery while another linked its process).
 */
@Injectable()
export class InboxSweeper implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly jobs: JobQueue,
    private readonly unpark: UnparkListener,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('webhook-inbox-sweep', SWEEP_INTERVAL_S, () => this.sweep());
  }

  async sweep(): Promise<{ requeued: number; unparked: number }> {
    const candidates = await this.inbox.receivedBefore(GRACE_S, BATCH);
    const lost = await this.jobs.withoutLiveJob(PROCESS_DELIVERY_QUEUE, 'deliveryId', candidates);
    for (const id of lost) {
      await this.inbox.requeue(id, { reset: false });
      this.logger.warn({ deliveryId: id }, 'RECEIVED webhook delivery had no processing job: enqueued again');
    }
    this.jobs.reportRecovered(PROCESS_DELIVERY_QUEUE, 'sweep', lost.length);

    const unparked = await this.unpark.releaseKnown();
    return { requeued: lost.length, unparked };
  }
}
