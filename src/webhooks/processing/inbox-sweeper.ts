import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { JobQueue } from '../../jobs/job-queue';
import { WebhookInbox } from '../inbox/webhook-inbox.repository';
import { UnparkListener } from './unpark.listener';

/** How often (once per cluster) the inbox is swept. */
const SWEEP_INTERVAL_S = 10;
/** A RECEIVED delivery younger than this may still be on its normal path. */
const GRACE_S = 30;
const BATCH = 500;
/** The queue name processing had before the inbox became its own queue (for the recovery metric's label). */
const PROCESSING_QUEUE_LABEL = 'arqsign-webhook.process-delivery';

/**
 * The inbox is the source of truth (docs/job-recovery.md): once per cluster every few seconds, a
 * RECEIVED delivery that is not queued (only a hand edit makes one: the ack queues what it stores,
 * a failed attempt queues it again) is queued again, with one log line each; and parked deliveries
 * whose process became known (an instance that parked a delivery while another linked its process)
 * are released.
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
    const stranded = await this.inbox.queueStranded(GRACE_S, BATCH);
    for (const id of stranded) this.logger.warn({ deliveryId: id }, 'RECEIVED webhook delivery was not queued for processing: queued again');
    this.jobs.reportRecovered(PROCESSING_QUEUE_LABEL, 'sweep', stranded.length);

    const unparked = await this.unpark.releaseKnown();
    return { requeued: stranded.length, unparked };
  }
}
