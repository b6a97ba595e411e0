import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue';
import { ChangeSource, ProcessStatus, type Origin } from '../domain/process-status';
import { ProcessMutator } from './process-mutator';
import { ProcessSynchronizer } from './process-synchronizer';

export const DEFERRED_SEND_QUEUE = 'signing.deferred-send';
const ORIGIN: Origin = { source: ChangeSource.SYNC, actor: 'system' };

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

@Injectable()
export class DeferredSendWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeferredSendWorker');

  constructor(
    private readonly queue: JobQueue,
    private readonly mutator: ProcessMutator,
    private readonly synchronizer: ProcessSynchronizer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<{ processId: string }>(DEFERRED_SEND_QUEUE, async (job) => {
      const process = await this.mutator.load(job.data.processId);
      if (process.status !== ProcessStatus.SENDING || !process.snapshot().sendDeferred) return; // already resolved
      const after = await this.synchronizer.sync(process, ORIGIN);
      this.logger.log({ processId: process.id, status: after.status }, 'Deferred send retried');
    }, { concurrency: 2 });
  }
}
