import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import type { EntityManager } from 'typeorm';
import { JobQueue, QueueJob } from '../../jobs/job-queue';
import { StoredFileRepository } from '../stored-file.repository';
import { ArchiveService } from './archive.service';

export const ARCHIVE_QUEUE = 'storage.archive';

export interface ArchiveJobData {
  processId: string;
}

/** How often (once per cluster) PENDING archives are compared with the job queue. */
const SWEEP_INTERVAL_S = 15;
/** A PENDING archive younger than this may still be on its normal path (job enqueued at completion). */
const SWEEP_GRACE_MS = 30_000;

/**
 * The durable archive job (pg-boss queue `storage.archive`):
 *
 * - enqueued by the durable event consumer `storage.archive` (ArchiveTrigger) when a change
 *   completes the process or requests an archive retry, in the transaction that consumes that
 *   `signing.process.changed` event — which was itself written with the change — so a crash can
 *   never leave a completed process without its job (docs/durable-events.md);
 * - woken at once after that transaction commits, instead of waiting for the next poll;
 * - a sweep, once per cluster every few seconds, enqueues again every PENDING archive that has
 *   no waiting or running job — a job failed for good, or any other loss (docs/job-recovery.md);
 *   a job of an instance that died is handed back by the job queue's own recovery;
 * - pg-boss retries a run that crashed or threw (e.g. database briefly down); file-level failures
 *   are not errors of the job: they end as archive FAILED, retried by `POST …/archive/retry`.
 */
@Injectable()
export class ArchiveJob implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('ArchiveJob');

  constructor(
    private readonly queue: JobQueue,
    @Inject(ArchiveService) private readonly archive: ArchiveService,
    private readonly files: StoredFileRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<ArchiveJobData>(ARCHIVE_QUEUE, (job) => this.handle(job), { concurrency: 2 });
    this.queue.every('archive-sweep', SWEEP_INTERVAL_S, () => this.sweep(new Date(Date.now() - SWEEP_GRACE_MS)));
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

  /** PENDING archives (changed before `before`) with no live job get one again; returns their ids. */
  async sweep(before: Date): Promise<string[]> {
    const pending = await this.files.pendingArchives(before, 100);
    const lost = await this.queue.withoutLiveJob(ARCHIVE_QUEUE, 'processId', pending);
    for (const processId of lost) {
      await this.enqueue(processId);
      this.logger.warn({ processId }, 'PENDING archive had no job: enqueued again');
    }
    this.queue.reportRecovered(ARCHIVE_QUEUE, 'sweep', lost.length);
    return lost;
  }
}
