import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArqsignAlreadyFinishedError, ArqsignRateLimitedError, ArqsignUnavailableError, ArqsignClient } from '../../../arqsign-client';
import type { ArqsignResendRecipientEdit } from '../../../arqsign-client';
import { AdvisoryLocks } from '../../../jobs/advisory-locks';
import { JobQueue, QueueJob } from '../../../jobs/job-queue';
import { DomainError } from '../../../shared/errors/domain-error';
import { SigningLogger } from '../../../shared/logging/signing-logger';
import { otherChannel } from '../../domain/automatic-reactions.policy';
import type { SignerEdit } from '../../domain/history-entry';
import { ProcessStatus, SignerStatus } from '../../domain/process-status';
import { InvalidTransitionError } from '../../domain/signing-process.errors';
import type { SigningProcess } from '../../domain/signing-process';
import { ProcessReactionEntity, ReactionKind, ReactionState } from '../../infrastructure/entities/process-reaction.entity';
import { ProcessMutator } from '../process-mutator';
import { processLockKey } from '../process-lock';
import { planResend } from '../resend-plan';
import { POLICY_ORIGIN } from '../signing-processes.service';
import { ConcurrentModificationError, SigningProcessRepository } from '../signing-process.repository';
import { ReactionMetrics } from './reaction-metrics';
import { ReactionStore, RunReactionJob, RUN_REACTION_QUEUE } from './reaction-store';

/** Attempts at recording the resend when concurrent changes win the version check. */
const RECORD_ATTEMPTS = 5;

type Plan = { skip: string } | { edits: SignerEdit[]; arqsignEdits: ArqsignResendRecipientEdit[]; detail: Record<string, unknown> };

/**
 * Runs one automatic reaction (queue `arqsign-webhook.run-reaction`) under the process lock
 * (`processLockKey`, which the `arqsign.*` facts consumer takes too):
 *
 * 1. re-checks it still applies (the signer still DELIVERY_FAILED / the process still EXPIRED),
 *    else SKIPPED;
 * 2. marks it STARTED — committed before ArqSIGN is called;
 * 3. calls ArqSIGN's resend (with the channel edit, or none for a renewal);
 * 4. records the resend on the process (`process.resent`, source `policy`, automatic) and marks
 *    the reaction DONE in the same transaction.
 *
 * At most once per triggering event: a run that finds its reaction STARTED (a crash between 2
 * and 4) does not call ArqSIGN again but marks it FAILED; only errors that certainly did not
 * reach ArqSIGN (unavailable, rate limited) put it back to PENDING for pg-boss to retry.
 */
@Injectable()
export class ReactionRunner implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('ProcessReactions');

  constructor(
    private readonly reactions: ReactionStore,
    private readonly locks: AdvisoryLocks,
    private readonly jobs: JobQueue,
    private readonly repository: SigningProcessRepository,
    private readonly mutator: ProcessMutator,
    private readonly dataSource: DataSource,
    private readonly arqsign: ArqsignClient,
    private readonly metrics: ReactionMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<RunReactionJob>(RUN_REACTION_QUEUE, (job) => this.run(job), { concurrency: 2 });
  }

  async run(job: QueueJob<RunReactionJob>): Promise<void> {
    const reaction = await this.reactions.find(job.data.reactionId);
    if (!reaction || (reaction.state !== ReactionState.PENDING && reaction.state !== ReactionState.STARTED)) return;
    const process = await this.repository.findById(reaction.processId);
    if (!process) return this.settle(reaction, ReactionState.SKIPPED, 'the process no longer exists');
    await this.locks.withLock(processLockKey(process.id), () => this.runLocked(job, reaction.id));
  }

  private async runLocked(job: QueueJob<RunReactionJob>, reactionId: string): Promise<void> {
    const reaction = await this.reactions.find(reactionId);
    if (!reaction) return;
    if (reaction.state === ReactionState.STARTED) {
      return this.settle(reaction, ReactionState.FAILED, 'interrupted while calling ArqSIGN: not repeated (at most once); the process history shows whether the resend was recorded');
    }
    if (reaction.state !== ReactionState.PENDING) return;
    const process = await this.repository.findById(reaction.processId);
    if (!process?.arqsignProcessId) return this.settle(reaction, ReactionState.SKIPPED, 'the process is not linked to ArqSIGN');
    const plan = this.plan(reaction, process);
    if ('skip' in plan) return this.settle(reaction, ReactionState.SKIPPED, plan.skip);

    await this.reactions.update(reaction.id, { state: ReactionState.STARTED, attempt: true });
    let pending;
    try {
      pending = await this.arqsign.resendProcess(process.arqsignProcessId, plan.arqsignEdits);
    } catch (error) {
      if ((error instanceof ArqsignUnavailableError || error instanceof ArqsignRateLimitedError) && !job.lastAttempt) {
        // Certainly not reached: try again later.
        await this.reactions.update(reaction.id, { state: ReactionState.PENDING, error: (error as Error).message });
        this.metrics.reactions.inc({ kind: reaction.kind, outcome: 'retry' });
        throw error;
      }
      if (error instanceof ArqsignAlreadyFinishedError) return this.settle(reaction, ReactionState.SKIPPED, `ArqSIGN already ${error.state === 'CONCLUDED' ? 'concluded' : 'closed'} the process`);
      return this.settle(reaction, ReactionState.FAILED, error instanceof Error ? error.message : String(error));
    }

    const byArqsignId = new Map(process.signers.map((s) => [s.arqsignSignerId?.toLowerCase(), s.id]));
    const signerIds = pending.map((r) => byArqsignId.get(r.id.toLowerCase())).filter((id): id is string => Boolean(id));
    const result = { ...plan.detail, signerIds };
    try {
      await this.recordResend(process.id, reaction.id, { signerIds, edits: plan.edits }, result);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error; // stays STARTED: the retry marks it FAILED, never resends
      return this.settle(reaction, ReactionState.DONE, null, { ...result, recorded: false, note: `ArqSIGN resent, but the process is now ${error.status}` });
    }
    this.metrics.reactions.inc({ kind: reaction.kind, outcome: 'done' });
    this.logger.log({ processId: process.id, kind: reaction.kind, ...result }, 'Automatic reaction done');
  }

  /**
   * Records the resend on the process (source `policy`, automatic) and marks the reaction DONE in
   * ONE transaction; a concurrent change (e.g. an API call) makes it start over on a fresh load.
   */
  private async recordResend(processId: string, reactionId: string, resend: { signerIds: string[]; edits: SignerEdit[] }, result: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const committed: (() => void | Promise<void>)[] = [];
      try {
        await this.dataSource.transaction(async (transaction) => {
          await this.mutator.mutate(processId, undefined, (current) => current.recordResend({ ...resend, automatic: true }, POLICY_ORIGIN, new Date()), {
            transaction,
            afterCommit: (fn) => committed.push(fn),
          });
          await this.reactions.update(reactionId, { state: ReactionState.DONE, error: null, result }, transaction);
        });
      } catch (error) {
        if (error instanceof ConcurrentModificationError && attempt < RECORD_ATTEMPTS) continue;
        throw error;
      }
      for (const fn of committed) await fn();
      return;
    }
  }

  private plan(reaction: ProcessReactionEntity, process: SigningProcess): Plan {
    if (reaction.kind === ReactionKind.RENEW_ON_EXPIRY) {
      if (process.status !== ProcessStatus.EXPIRED) return { skip: `the process is ${process.status}, no longer EXPIRED` };
      return { edits: [], arqsignEdits: [], detail: { renewal: true } };
    }
    const signer = process.signers.find((s) => s.id === reaction.signerId);
    if (!signer) return { skip: 'the signer is not part of the process' };
    if (signer.status !== SignerStatus.DELIVERY_FAILED) return { skip: `the signer is ${signer.status}, no longer DELIVERY_FAILED` };
    const channel = otherChannel(signer);
    if (!channel) return { skip: 'no other channel is known for the signer' };
    try {
      const { edits, arqsignEdits } = planResend(process, [{ signerId: signer.id, delivery: channel }]);
      return { edits, arqsignEdits, detail: { signerId: signer.id, from: signer.delivery, to: channel } };
    } catch (error) {
      if (error instanceof DomainError) return { skip: error.message };
      throw error;
    }
  }

  private async settle(reaction: ProcessReactionEntity, state: ReactionState, error: string | null, result?: Record<string, unknown>): Promise<void> {
    await this.reactions.update(reaction.id, { state, error, result: result ?? null });
    this.metrics.reactions.inc({ kind: reaction.kind, outcome: state.toLowerCase() });
    const log = { processId: reaction.processId, kind: reaction.kind, state, reason: error };
    if (state === ReactionState.FAILED) this.logger.warn(log, 'Automatic reaction failed');
    else this.logger.log(log, `Automatic reaction ${state.toLowerCase()}`);
  }
}
