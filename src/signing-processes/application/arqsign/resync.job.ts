import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '../../../jobs/job-queue';
import { SigningLogger } from '../../../shared/logging/signing-logger';
import { ChangeSource, type Origin } from '../../domain/process-status';
import { ProcessSynchronizer } from '../process-synchronizer';
import { SigningProcessRepository } from '../signing-process.repository';

/** A re-read from ArqSIGN a webhook asked for (unknown event, payload without the needed data, undecidable order). */
export const WEBHOOK_SYNC_ORIGIN: Origin = { source: ChangeSource.SYNC, actor: 'webhook' };

export const RESYNC_QUEUE = 'signing-processes.resync';

export interface ResyncJob {
  processId: string;
  reason: string;
}

/** ~8 attempts over ~40 minutes while ArqSIGN is unreachable; reconciliation catches anything later. */
const RESYNC_RETRY = { retryLimit: 8, retryDelay: 10, retryBackoff: true } as const;

/**
 * The durable "re-read this process from ArqSIGN" that an `arqsign.*` fact may call for: enqueued
 * in the transaction that consumes the fact (never an ArqSIGN call inside it), run by this worker.
 */
@Injectable()
export class ResyncJobs implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('ArqsignFacts');

  constructor(
    private readonly jobs: JobQueue,
    private readonly repository: SigningProcessRepository,
    private readonly synchronizer: ProcessSynchronizer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<ResyncJob>(RESYNC_QUEUE, async (job) => {
      const process = await this.repository.findById(job.data.processId);
      if (!process) return;
      const after = await this.synchronizer.sync(process, WEBHOOK_SYNC_ORIGIN);
      this.logger.log({ processId: process.id, status: after.status, reason: job.data.reason }, 'Process re-read from ArqSIGN for a webhook');
    }, { concurrency: 2 });
  }

  /** Enqueues the re-sync inside `transaction`; wake the queue after the commit. */
  async enqueue(transaction: EntityManager, job: ResyncJob): Promise<void> {
    await this.jobs.enqueue<ResyncJob>(RESYNC_QUEUE, job, { manager: transaction, ...RESYNC_RETRY });
  }

  wake(): void {
    this.jobs.wake(RESYNC_QUEUE);
  }
}
