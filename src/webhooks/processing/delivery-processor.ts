import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdvisoryLocks } from '../../jobs/advisory-locks';
import { DurableEvents } from '../../events/durable-events';
import { JobQueue, QueueJob } from '../../jobs/job-queue';
import type { ArqsignFact } from '../../shared/events/arqsign-events';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { SigningProcessesService } from '../../signing-processes';
import { DeliveryState, WebhookDeliveryEntity } from '../inbox/webhook-delivery.entity';
import { ProcessDeliveryJob, PROCESS_DELIVERY_QUEUE, WebhookInbox } from '../inbox/webhook-inbox.repository';
import { toArqsignFact, unrecognisedFact } from '../interpretation/arqsign-fact.mapper';
import { interpret, parseBody, Trigger, WebhookEvent } from '../interpretation/webhook-payload';
import { safeError } from '../safe-error';
import { WebhookMetrics } from '../webhook-metrics';

const PROCESSABLE = new Set<DeliveryState>([DeliveryState.RECEIVED, DeliveryState.PARKED]);

/** The lock that serializes the deliveries of one ArqSIGN process (parking, adoption, publishing). */
export const deliveryLockKey = (arqsignProcessId: string) => `arqsign-webhook:${arqsignProcessId}`;

/**
 * The job that processes one stored delivery (queue `arqsign-webhook.process-delivery`).
 *
 * Under the per-ArqSIGN-process lock: re-read the raw body, interpret it (quarantine what cannot
 * be), ask the signing-processes facade whether the ArqSIGN process is ours (a "sent" may adopt an
 * uncertain send), park the delivery while it is not, and otherwise — in ONE transaction — mark it
 * PROCESSED and publish its durable `arqsign.*` event (docs/architecture.md#events), which
 * signing-processes applies and records the outcome of. A failure leaves the delivery RECEIVED
 * for pg-boss to retry; after the last retry it is FAILED (replay from the admin API).
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly inbox: WebhookInbox,
    private readonly locks: AdvisoryLocks,
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
    private readonly events: DurableEvents,
    private readonly processes: SigningProcessesService,
    private readonly metrics: WebhookMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<ProcessDeliveryJob>(PROCESS_DELIVERY_QUEUE, (job) => this.run(job), { concurrency: 4 });
  }

  async run(job: QueueJob<ProcessDeliveryJob>): Promise<void> {
    const head = await this.inbox.findById(job.data.deliveryId);
    if (!head || !PROCESSABLE.has(head.state)) return;
    await this.locks.withLock(deliveryLockKey(head.arqsignProcessId ?? head.id), async () => {
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
    let processId = await this.processes.processIdOfArqsign(arqsignProcessId);
    if (!processId && interpretation.kind === 'event' && interpretation.event.trigger === Trigger.SENT) {
      processId = await this.processes.adoptUncertainSend(sentNotice(interpretation.event, row.receivedAt));
    }
    if (!processId) {
      await this.inbox.complete(row.id, { state: DeliveryState.PARKED, processId: null, result: { parked: 'no process of ours is linked to this ArqSIGN process yet' } });
      this.metrics.processed.inc({ outcome: 'parked' });
      this.logger.log({ deliveryId: row.id, arqsignProcessId }, 'Webhook delivery parked: unknown ArqSIGN process');
      return;
    }

    const fact = interpretation.kind === 'event' ? toArqsignFact(interpretation.event, row) : unrecognisedFact(interpretation.envelope, row);
    await this.publish(row, processId, fact);
    this.metrics.processed.inc({ outcome: 'processed' });
    // Deliveries of this process parked before we knew it: their turn now.
    for (const id of await this.inbox.parkedFor(arqsignProcessId, row.id)) await this.inbox.requeue(id, { reset: false });
  }

  /** PROCESSED and its `arqsign.*` event, in one transaction (a "sent" publishes nothing: the process is linked). */
  private async publish(row: WebhookDeliveryEntity, processId: string, fact: ArqsignFact | null): Promise<void> {
    if (!fact) {
      await this.inbox.complete(row.id, { state: DeliveryState.PROCESSED, processId, result: { linked: 'a "sent" only links the process (our send or the uncertain-send adoption did)' } });
      return;
    }
    const eventId = randomUUID();
    await this.dataSource.transaction(async (transaction) => {
      await this.inbox.complete(row.id, { state: DeliveryState.PROCESSED, processId, result: { published: fact.name, eventId } }, transaction);
      await this.events.publish(transaction, [{ eventId, name: fact.name, key: processId, payload: fact.payload }]);
    });
  }
}

function sentNotice(event: WebhookEvent, receivedAt: Date) {
  return { arqsignProcessId: event.arqsignProcessId, processName: event.processName, recipients: event.signers.map((s) => ({ email: s.email, phone: s.phone })), receivedAt };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
