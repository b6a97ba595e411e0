import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { JobQueue } from '../../jobs/job-queue';
import { ChangeSource, ProcessStatus, type Origin } from '../domain/process-status';
import { ProcessMutator } from './process-mutator';
import { ProcessSynchronizer } from './process-synchronizer';
import { DEFERRED_SEND_QUEUE } from './send-retry.scheduler';

const ORIGIN: Origin = { source: ChangeSource.SYNC, actor: 'system' };

/** Runs the rescheduled sends of `SendRetryScheduler` (docs/rate-limits.md). */
@Injectable()
export class DeferredSendWorker implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('DeferredSendWorker');

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
