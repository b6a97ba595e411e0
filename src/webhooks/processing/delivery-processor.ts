import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DurableEvents, NewDurableEvent } from '../../events/durable-events';
import { SigningLogger } from '../../shared/logging/signing-logger';
import { SigningProcessesService } from '../../signing-processes';
import { claimDue, ClaimedDelivery, DeliveryOutcome, recordFailure, releaseParked, SqlClient, writeOutcomes } from '../inbox/inbox-queue.sql';
import { DeliveryState } from '../inbox/webhook-delivery.entity';
import { toArqsignFact, unrecognisedFact } from '../interpretation/arqsign-fact.mapper';
import { interpret, Interpretation, parseBody, Trigger, WebhookEvent } from '../interpretation/webhook-payload';
import { safeError } from '../safe-error';
import { WebhookMetrics } from '../webhook-metrics';

export { deliveryLockKey } from '../inbox/inbox-queue.sql';

const BATCH_SAVEPOINT = 'inbox_batch';
const ONE_SAVEPOINT = 'inbox_delivery';

interface Item {
  row: ClaimedDelivery;
  interpretation: Interpretation;
}

/** What a batch (or one delivery of it) came to, written in its transaction. */
interface Plan {
  outcomes: Map<string, DeliveryOutcome>;
  events: NewDurableEvent[];
  /** ArqSIGN processes now linked: their parked deliveries are released. */
  linked: Set<string>;
  logs: (() => void)[];
}

/**
 * Processes the inbox in batches (docs/job-recovery.md#the-inbox-is-the-queue). ONE transaction per
 * batch: claim due deliveries (`FOR UPDATE SKIP LOCKED`, each ArqSIGN process's lock taken for the
 * transaction, so the deliveries of one process are never processed concurrently), interpret them,
 * ask the signing-processes facade once which of their ArqSIGN processes are ours (a "sent" may
 * adopt an uncertain send), and write every outcome — QUARANTINED, PARKED, or PROCESSED with its
 * durable `arqsign.*` event (docs/architecture.md#events) — in that same transaction. A delivery
 * whose processing throws is charged alone: the batch is undone and redone one delivery per
 * savepoint, the failing one queued again with backoff (FAILED after its last attempt; replay it
 * from the admin API). A crash mid-batch loses nothing: the row locks die with the connection.
 */
@Injectable()
export class DeliveryProcessor {
  private readonly logger = new SigningLogger('WebhookProcessor');

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DurableEvents,
    private readonly processes: SigningProcessesService,
    private readonly metrics: WebhookMetrics,
  ) {}

  /** Claims up to `limit` due deliveries and processes them: how many, and how many were deferred (their process's lock was held). */
  async processBatch(limit: number): Promise<{ processed: number; deferred: number }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const client = clientOf(runner);
      await runner.startTransaction();
      const { claimed, deferred } = await claimDue(client, limit);
      if (!claimed.length) {
        await runner.commitTransaction();
        return { processed: 0, deferred };
      }
      const items = claimed.map((row) => ({ row, interpretation: interpret(parseBody(row.body)) }));
      const known = await this.processes.processIdsOfArqsign(items.flatMap((item) => arqsignProcessIdOf(item.interpretation) ?? []));
      const { plans, failures } = await this.applyAll(runner, client, items, known);
      await runner.commitTransaction();
      this.report(plans, failures);
      return { processed: claimed.length, deferred };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The whole batch under one savepoint; if anything throws, one delivery per savepoint. */
  private async applyAll(runner: QueryRunner, client: SqlClient, items: Item[], known: Map<string, string>) {
    await client.query({ text: `SAVEPOINT ${BATCH_SAVEPOINT}` });
    try {
      return { plans: [await this.apply(runner.manager, client, items, known)], failures: [] as { id: string; final: boolean; error: unknown }[] };
    } catch {
      await client.query({ text: `ROLLBACK TO SAVEPOINT ${BATCH_SAVEPOINT}` });
    }
    const plans: Plan[] = [];
    const failures: { id: string; final: boolean; error: unknown }[] = [];
    for (const item of items) {
      await client.query({ text: `SAVEPOINT ${ONE_SAVEPOINT}` });
      try {
        plans.push(await this.apply(runner.manager, client, [item], known));
        await client.query({ text: `RELEASE SAVEPOINT ${ONE_SAVEPOINT}` });
      } catch (error) {
        await client.query({ text: `ROLLBACK TO SAVEPOINT ${ONE_SAVEPOINT}` });
        failures.push({ id: item.row.id, final: await recordFailure(client, item.row.id, describe(error)), error });
      }
    }
    return { plans, failures };
  }

  /** Decides the outcome of each delivery, in order, and writes them all (with their events) in the transaction. */
  private async apply(transaction: EntityManager, client: SqlClient, items: Item[], known: Map<string, string>): Promise<Plan> {
    const plan: Plan = { outcomes: new Map(), events: [], linked: new Set(), logs: [] };
    for (const { row, interpretation } of items) {
      if (interpretation.kind === 'uninterpretable') {
        plan.outcomes.set(row.id, { state: DeliveryState.QUARANTINED, processId: null, result: { reason: interpretation.reason }, error: interpretation.reason });
        continue;
      }
      const arqsignProcessId = arqsignProcessIdOf(interpretation)!;
      let processId = known.get(arqsignProcessId.toLowerCase()) ?? null;
      if (!processId && interpretation.kind === 'event' && interpretation.event.trigger === Trigger.SENT) {
        processId = await this.processes.adoptUncertainSend(sentNotice(interpretation.event, row.receivedAt));
        if (processId) known.set(arqsignProcessId.toLowerCase(), processId);
      }
      if (!processId) {
        plan.outcomes.set(row.id, { state: DeliveryState.PARKED, processId: null, result: { parked: 'no process of ours is linked to this ArqSIGN process yet' } });
        plan.logs.push(() => this.logger.log({ deliveryId: row.id, arqsignProcessId }, 'Webhook delivery parked: unknown ArqSIGN process'));
        continue;
      }
      plan.linked.add(arqsignProcessId);
      const fact = interpretation.kind === 'event' ? toArqsignFact(interpretation.event, row) : unrecognisedFact(interpretation.envelope, row);
      if (!fact) {
        // A "sent" publishes nothing: our send (or the uncertain-send adoption) linked the process.
        plan.outcomes.set(row.id, { state: DeliveryState.PROCESSED, processId, result: { linked: 'a "sent" only links the process (our send or the uncertain-send adoption did)' } });
        continue;
      }
      const eventId = randomUUID();
      plan.events.push({ eventId, name: fact.name, key: processId, payload: fact.payload });
      plan.outcomes.set(row.id, { state: DeliveryState.PROCESSED, processId, result: { published: fact.name, eventId } });
    }
    await writeOutcomes(client, plan.outcomes);
    if (plan.events.length) await this.events.publish(transaction, plan.events);
    // Deliveries of these processes parked before we knew them: their turn now.
    await releaseParked(client, [...plan.linked]);
    return plan;
  }

  /** Metrics and log lines, once the batch committed. */
  private report(plans: Plan[], failures: { id: string; final: boolean; error: unknown }[]): void {
    for (const plan of plans) {
      for (const outcome of plan.outcomes.values()) this.metrics.processed.inc({ outcome: outcome.state === DeliveryState.PROCESSED ? 'processed' : outcome.state === DeliveryState.PARKED ? 'parked' : 'quarantined' });
      plan.logs.forEach((log) => log());
    }
    for (const failure of failures) {
      this.metrics.processed.inc({ outcome: failure.final ? 'failed' : 'retry' });
      if (failure.final) this.logger.error({ deliveryId: failure.id, error: safeError(failure.error) }, 'Webhook delivery FAILED after its last retry (replay it once the cause is fixed)');
      else this.logger.warn({ deliveryId: failure.id, error: safeError(failure.error) }, 'Webhook delivery processing failed; it will be retried');
    }
  }
}

/** The pg client of a connected query runner (for named statements on the transaction's connection). */
function clientOf(runner: QueryRunner): SqlClient {
  const client = (runner as unknown as { databaseConnection?: SqlClient }).databaseConnection;
  if (!client) throw new Error('The query runner has no PostgreSQL connection');
  return client;
}

function arqsignProcessIdOf(interpretation: Interpretation): string | null {
  if (interpretation.kind === 'event') return interpretation.event.arqsignProcessId;
  if (interpretation.kind === 'uninterpretable') return null;
  return interpretation.envelope.arqsignProcessId;
}

function sentNotice(event: WebhookEvent, receivedAt: Date) {
  return { arqsignProcessId: event.arqsignProcessId, processName: event.processName, recipients: event.signers.map((s) => ({ email: s.email, phone: s.phone })), receivedAt };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
