import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue';

export const DEFERRED_SEND_QUEUE = 'signing.deferred-send';

/**
 * Sends that could not go yet (our shared rate-limit budget was spent, or ArqSIGN asked us to wait)
 * are sent again by a job that starts when the budget is back (docs/rate-limits.md): the process
 * stays SENDING meanwhile, never SEND_FAILED. Reconciliation remains the fallback if a job is lost.
 */
@Injectable()
export class SendRetryScheduler {
  constructor(private readonly queue: JobQueue) {}

  async schedule(processId: string, afterMs: number): Promise<void> {
    await this.queue.enqueue(DEFERRED_SEND_QUEUE, { processId }, { startAfter: Math.max(1, Math.ceil(afterMs / 1000)), retryLimit: 5, retryDelay: 5, retryBackoff: true });
  }
}

