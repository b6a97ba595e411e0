import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningLogger } from '../../shared/logging/signing-logger';
import type { EntityManager } from 'typeorm';
import { JobQueue, QueueJob } from '../../jobs/job-queue';
import { ProcessSynchronizer } from '../../signing-processes/application/process-synchronizer';
import { SigningProcessRepository } from '../../signing-processes/application/signing-process.repository';
import { afterTerminal } from '../../signing-processes/domain/event-order';
import type { HistoryEntry } from '../../signing-processes/domain/history-entry';
import { ChangeSource, Origin } from '../../signing-processes/domain/process-status';
import { SigningProcess } from '../../signing-processes/domain/signing-process';
import type { SigningProcessProps } from '../../signing-processes/domain/signing-process.props';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { DeliveryState, WebhookDeliveryEntity } from '../inbox/webhook-delivery.entity';
import { ProcessDeliveryJob, PROCESS_DELIVERY_QUEUE, RUN_REACTION_QUEUE, WebhookInbox } from '../inbox/webhook-inbox.repository';
import { factsFor, FactsContext } from '../interpretation/webhook-facts';
import { interpret, parseBody, Trigger, WebhookEvent } from '../interpretation/webhook-payload';
import { safeError } from '../safe-error';
import { WebhookMetrics } from '../webhook-metrics';
import { withChangeWork } from './change-context';
import { SendAdoption } from './send-adoption';
import { ProcessLocks } from './process-lock';

/** Facts from a webhook. */
export const WEBHOOK_ORIGIN: Origin = { source: ChangeSource.WEBHOOK, actor: 'arqsign' };
/** A re-read from ArqSIGN a webhook asked for (unknown event, payload without the needed data). */
export const WEBHOOK_SYNC_ORIGIN: Origin = { source: ChangeSource.SYNC, actor: 'webhook' };

const PROCESSABLE = new Set<DeliveryState>([DeliveryState.RECEIVED, DeliveryState.PARKED]);

/**
 * The job that applies one stored delivery (queue `arqsign-webhook.process-delivery`).
 *
 * Under the per-process lock: re-read the raw body, interpret it, find our process (park the
 * delivery when there is none yet; a "sent" event may adopt a SEND_UNCERTAIN process), turn it
 * into facts (`factsFor`) and apply them through ProcessSynchronizer with source `webhook`. The
 * delivery becomes PROCESSED — with the reactions it calls for and their jobs — inside the very
 * transaction that stores the process change. A failure leaves it RECEIVED for pg-boss to retry;
 * after the last retry it is FAILED (replay from the admin API).
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly locks: ProcessLocks,
    private readonly jobs: JobQueue,
    private readonly repository: SigningProcessRepository,
    private readonly synchronizer: ProcessSynchronizer,
    private readonly adoption: SendAdoption,
    private readonly metrics: WebhookMetrics,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<ProcessDeliveryJob>(PROCESS_DELIVERY_QUEUE, (job) => this.run(job), { concurrency: 4 });
  }

  async run(job: QueueJob<ProcessDeliveryJob>): Promise<void> {
    const head = await this.inbox.findById(job.data.deliveryId);
    if (!head || !PROCESSABLE.has(head.state)) return;
    await this.locks.withLock(head.arqsignProcessId ?? head.id, async () => {
      const row = await this.inbox.findWithBody(head.id);
      if (!row || !PROCESSABLE.has(row.state)) return; // processed meanwhile (another job, a replay)
      try {
        await this.process(row);
      } catch (error) {
        const final = job.lastAttempt;
        this.metrics.processed.inc({ outcome: final ? 'failed' : 'retry' });
        await this.inbox.recordFailure(row.id, describe(error), final).catch(() => undefined);
        if (!final) throw error; // pg-boss retries with backoff
        this.logger.error({ deliveryId: row.id, error: safeError(error) }, 'Webhook delivery FAILED after its last retry (replay it once the cause is fixed)');
      }
    });
  }

  private async process(row: WebhookDeliveryEntity): Promise<void> {
    const interpretation = interpret(parseBody(row.body));
    if (interpretation.kind === 'uninterpretable') {
      await this.inbox.complete(row.id, { state: DeliveryState.QUARANTINED, processId: null, result: { reason: interpretation.reason }, error: interpretation.reason });
      this.metrics.processed.inc({ outcome: 'quarantined' });
      return;
    }
    const arqsignProcessId = interpretation.kind === 'event' ? interpretation.event.arqsignProcessId : interpretation.envelope.arqsignProcessId;
    let process = await this.repository.findByArqsignProcessId(arqsignProcessId);
    if (!process && interpretation.kind === 'event' && interpretation.event.trigger === Trigger.SENT) {
      process = await this.adoption.tryAdopt(interpretation.event, row.receivedAt);
    }
    if (!process) {
      await this.inbox.complete(row.id, { state: DeliveryState.PARKED, processId: null, result: { parked: 'no process of ours is linked to this ArqSIGN process yet' } });
      this.metrics.processed.inc({ outcome: 'parked' });
      this.logger.log({ deliveryId: row.id, arqsignProcessId }, 'Webhook delivery parked: unknown ArqSIGN process');
      return;
    }

    if (interpretation.kind === 'unknown-event') {
      await this.synchronizer.sync(process, WEBHOOK_SYNC_ORIGIN);
      await this.finish(row, null, process.id, { synced: `unknown event ${row.eventName ?? row.trigger ?? ''}: re-read from ArqSIGN`.trim() });
    } else {
      await this.apply(row, interpretation.event, process);
    }
    this.metrics.processed.inc({ outcome: 'processed' });
    this.jobs.wake(RUN_REACTION_QUEUE);
    // Deliveries of this process parked before we knew it: their turn now.
    for (const id of await this.inbox.parkedFor(arqsignProcessId, row.id)) await this.inbox.requeue(id, { reset: false });
  }

  private async apply(row: WebhookDeliveryEntity, event: WebhookEvent, process: SigningProcess): Promise<void> {
    // Expiries and resends are ordered against the last resend we know (docs/event-order.md).
    const ordered = event.trigger === Trigger.RESENT || event.trigger === Trigger.EXPIRED;
    const history = ordered ? await this.repository.history(process.id) : [];
    const context: FactsContext = {
      receivedAt: row.receivedAt,
      resendEcho: event.trigger === Trigger.RESENT ? await this.isResendEcho(process.id, row.id, history) : false,
      lastResentAt: lastResendOf(history),
    };
    const decision = factsFor(event, process, context);
    if (decision.kind === 'sync') {
      await this.synchronizer.sync(process, WEBHOOK_SYNC_ORIGIN);
      return this.finish(row, event, process.id, { synced: decision.reason });
    }
    if (decision.kind === 'stale') {
      this.logger.log({ deliveryId: row.id, processId: process.id, trigger: event.trigger }, 'Stale webhook event: recorded, not applied');
      return this.finish(row, null, process.id, { stale: decision.reason });
    }
    if (decision.kind === 'nothing') return this.finish(row, event, process.id, { nothing: decision.reason, ...(context.resendEcho ? { resendEcho: true } : {}) });
    // A fact reaching a finished process is recorded in its history as ignored, and as stale here.
    const terminal = afterTerminal(process);
    const staleNote = terminal.kind === 'stale' ? { stale: terminal.reason } : {};

    let applied: string[] = [];
    await withChangeWork(
      process.id,
      (transaction, change) => this.finishIn(transaction, row, event, SigningProcess.restore(change.process as SigningProcessProps), { applied, ...staleNote }),
      () =>
        this.synchronizer.apply(process.id, WEBHOOK_ORIGIN, (current) => {
          const fresh = factsFor(event, current, context);
          const observations = fresh.kind === 'apply' ? fresh.observations : [];
          applied = observations.map((o) => o.kind);
          return observations;
        }),
      row.id,
    );
    // No change was saved (a fresh load already reflected everything): record that instead.
    const after = await this.inbox.findById(row.id);
    if (after?.state !== DeliveryState.PROCESSED) await this.finish(row, event, process.id, { nothing: 'already reflected', ...staleNote });
  }

  /** PROCESSED outside a process change (nothing to change, or after a sync). */
  private async finish(row: WebhookDeliveryEntity, _event: WebhookEvent | null, processId: string, result: Record<string, unknown>): Promise<void> {
    await this.inbox.complete(row.id, { state: DeliveryState.PROCESSED, processId, result });
  }

  /**
   * PROCESSED inside the transaction that stores the process change. The automatic reactions the
   * change calls for are planned by the policy in that same transaction (ReactionScheduler).
   */
  private async finishIn(transaction: EntityManager, row: WebhookDeliveryEntity, _event: WebhookEvent, process: SigningProcess, result: Record<string, unknown>): Promise<void> {
    await this.inbox.complete(row.id, { state: DeliveryState.PROCESSED, processId: process.id, result }, transaction);
  }

  /**
   * A "resent" webhook echoes a resend we made (API, policy, operator, sync) when our resends
   * outnumber the "resent" deliveries already taken as echoes. Runs under the process lock, and
   * "resent" deliveries are processed a few seconds late, so our own record is already there.
   */
  private async isResendEcho(processId: string, deliveryId: string, history: HistoryEntry[]): Promise<boolean> {
    const ours = history.filter((entry) => entry.type === 'process.resent' && entry.source !== ChangeSource.WEBHOOK).length;
    return ours > (await this.inbox.resendEchoCount(processId, deliveryId));
  }
}

/** When the process was last resent (any source), from its history. */
function lastResendOf(history: HistoryEntry[]): Date | null {
  const times = history.filter((entry) => entry.type === 'process.resent').map((entry) => entry.occurredAt.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
