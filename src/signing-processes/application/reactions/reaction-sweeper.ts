import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '../../../jobs/job-queue';
import { SigningLogger } from '../../../shared/logging/signing-logger';
import { ReactionStore, RUN_REACTION_QUEUE } from './reaction-store';

/** How often (once per cluster) open reactions are compared with the job queue. */
const SWEEP_INTERVAL_S = 10;
/** A reaction touched more recently than this may still be on its normal path. */
const GRACE_S = 30;
const BATCH = 500;

/**
 * docs/job-recovery.md: once per cluster every few seconds, every automatic reaction still open
 * (PENDING/STARTED) with no waiting or running job — whatever lost it — gets a new one, with one
 * log line each. A STARTED one is settled FAILED by the runner, never repeated.
 */
@Injectable()
export class ReactionSweeper implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('ProcessReactions');

  constructor(
    private readonly reactions: ReactionStore,
    private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('process-reaction-sweep', SWEEP_INTERVAL_S, () => this.sweep());
  }

  async sweep(): Promise<{ reactions: number }> {
    const lost = await this.jobs.withoutLiveJob(RUN_REACTION_QUEUE, 'reactionId', await this.reactions.openBefore(GRACE_S, BATCH));
    for (const id of lost) {
      await this.reactions.requeue(id);
      this.logger.warn({ reactionId: id }, 'Open automatic reaction had no job: enqueued again');
    }
    this.jobs.reportRecovered(RUN_REACTION_QUEUE, 'sweep', lost.length);
    return { reactions: lost.length };
  }
}
