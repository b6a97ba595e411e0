import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue, QueueJob } from '../../jobs/job-queue';
import { ProcessTransactionHooks } from '../../signing-processes/application/process-transaction-hooks';
import { StoredFileRepository } from '../stored-file.repository';
import { ArchiveService } from './archive.service';

export const ARCHIVE_QUEUE = 'storage.archive';

export interface ArchiveJobData {
  processId: string;
}

/** How often PENDING archives without progress are enqueued again (a lost job, a failed enqueue). */
const SWEEP_INTERVAL_MS = 5 * 60_000;
const SWEEP_STALE_MS = 10 * 60_000;

/**
 * The durable archive job (pg-boss queue `storage.archive`):
 *
 * - enqueued in the SAME transaction as the change that needs it — a process becoming COMPLETED,
 *   or an archive retry being requested — through the signing-processes transaction hook, so a
 *   crash can never leave a completed process without its job;
 * - woken at once by the `signing.process.completed` event (ArchiveWakeListener) and by the retry
 *   route, instead of waiting for the next poll;
 * - a sweep at start and every 5 minutes re-enqueues PENDING archives that made no progress
 *   (belt and braces; a duplicate run finds the per-process lock taken or the archive done);
 * - pg-boss retries a run that crashed or threw (e.g. database briefly down); file-level failures
 *   are not errors of the job: they end as archive FAILED, retried by `POST …/archive/retry`.
 */
@Injectable()
export class ArchiveJob implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ArchiveJob');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly queue: JobQueue,
    @Inject(ArchiveService) private readonly archive: ArchiveService,
    private readonly hooks: ProcessTransactionHooks,
    private readonly files: StoredFileRepository,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (transaction, change) => {
      if (change.history.some((entry) => entry.type === 'process.completed' || entry.type === 'archive.retry-requested')) {
        await this.enqueue(change.process.id, transaction);
      }
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<ArchiveJobData>(ARCHIVE_QUEUE, (job) => this.handle(job), { batchSize: 2 });
    await this.sweep(new Date());
    this.sweepTimer = setInterval(() => void this.sweep(new Date(Date.now() - SWEEP_STALE_MS)), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  async enqueue(processId: string, transaction?: EntityManager): Promise<void> {
    await this.queue.enqueue<ArchiveJobData>(
      ARCHIVE_QUEUE,
      { processId },
      { manager: transaction, singletonKey: processId, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 },
    );
  }

  /** Runs queued archive jobs now rather than at the next poll (call after the enqueuing commit). */
  wake(): void {
    this.queue.wake(ARCHIVE_QUEUE);
  }

  async handle(job: QueueJob<ArchiveJobData>): Promise<void> {
    const { processId } = job.data;
    try {
      const result = await this.archive.run(processId);
      this.logger.log({ processId, outcome: result.outcome, ...(result.outcome === 'skipped' ? { reason: result.reason } : { files: result.files.length }) }, `Archive run: ${result.outcome}`);
    } catch (error) {
      if (!job.lastAttempt) throw error; // pg-boss retries it
      // Out of retries for an unexpected error: say so on the process instead of leaving it PENDING.
      this.logger.error({ processId, err: error }, 'Archive job failed for good');
      await this.archive.fail(processId, `Archive job failed: ${(error as Error).message}`);
    }
  }

  private async sweep(before: Date): Promise<void> {
    try {
      const ids = await this.files.pendingArchives(before, 100);
      for (const id of ids) await this.enqueue(id);
      if (ids.length) {
        this.logger.log({ processes: ids.length }, 'Re-enqueued pending archives');
        this.wake();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Archive sweep failed');
    }
  }
}
