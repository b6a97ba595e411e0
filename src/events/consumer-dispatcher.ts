import type { DataSource, EntityManager } from 'typeorm';
import { scrubText, serializeError } from '../observability/safe-error.serializer';
import { SigningLogger } from '../shared/logging/signing-logger';
import { DurableEventRow, durableEventStore as store } from './durable-event.store';
import type { DurableEventsOptions, Subscription } from './durable-events.types';
import type { DurableEventMetrics } from './durable-events.metrics';

const SAVEPOINT = 'durable_event_dispatch';

interface Outcome {
  rows: DurableEventRow[];
  failed: boolean;
}

/**
 * The loop of ONE consumer on this instance (docs/durable-events.md#dispatching): claim a batch,
 * run the handler for each event in that one transaction, delete the rows, commit, then run the
 * after-commit callbacks. A failing batch is undone and its events are tried one per transaction,
 * so only the failing one is charged an attempt (and waits, with exponential backoff).
 */
export class ConsumerDispatcher {
  private readonly logger = new SigningLogger('DurableEvents');
  private running?: Promise<void>;
  private stopped = false;
  private woken = false;
  private wakeUp?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly subscription: Subscription,
    private readonly options: DurableEventsOptions,
    private readonly metrics?: DurableEventMetrics,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Look for events now (an announcement arrived) rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let more = false;
      try {
        more = await this.dispatchBatch();
      } catch (error) {
        this.logger.warn({ consumer: this.subscription.consumer, error: serializeError(error) }, 'Durable event dispatch failed (database unavailable?); trying again');
      }
      if (!more && !this.stopped) await this.idle();
    }
  }

  /** True when there may be more due events right away. */
  private async dispatchBatch(): Promise<boolean> {
    const { consumer, batchSize } = this.subscription;
    const batch = await this.inTransaction((manager) => store.claim(manager, consumer, batchSize));
    if (batch.failed && batch.rows.length > 1) {
      for (const row of batch.rows) {
        if (this.stopped) break;
        await this.inTransaction((manager) => store.claimOne(manager, row.id));
      }
    }
    return batch.failed || batch.rows.length >= batchSize;
  }

  /** One transaction: claim rows, handle them in order, delete them; on a failure undo the handlers' work. */
  private async inTransaction(claim: (manager: EntityManager) => Promise<DurableEventRow[]>): Promise<Outcome> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const callbacks: (() => void | Promise<void>)[] = [];
    try {
      await runner.startTransaction();
      const rows = await claim(runner.manager);
      if (!rows.length) {
        await runner.commitTransaction();
        return { rows, failed: false };
      }
      await runner.query(`SAVEPOINT ${SAVEPOINT}`);
      try {
        const context = { transaction: runner.manager, afterCommit: (fn: () => void | Promise<void>) => void callbacks.push(fn) };
        for (const row of rows) await this.subscription.handler(row.event, context);
        await store.remove(runner.manager, rows.map((row) => row.id));
      } catch (error) {
        await runner.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
        // Alone in its transaction, the failing event is still locked: charge it the attempt.
        if (rows.length === 1) await this.recordFailure(runner.manager, rows[0], error);
        await runner.commitTransaction();
        return { rows, failed: true };
      }
      await runner.commitTransaction();
      this.metrics?.consumed.inc({ consumer: this.subscription.consumer }, rows.length);
      await this.runAfterCommit(callbacks);
      return { rows, failed: false };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async recordFailure(manager: EntityManager, row: DurableEventRow, error: unknown): Promise<void> {
    const { consumer, maxAttempts } = this.subscription;
    const attempts = row.attempts + 1;
    const dead = attempts >= maxAttempts;
    const delayMs = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.retryMaxMs);
    const safe = serializeError(error);
    await store.fail(manager, row.id, scrubText(`${safe.type}: ${safe.message}`), delayMs, dead);
    const fields = { consumer, eventId: row.event.eventId, event: row.event.name, key: row.event.key, attempts, error: safe };
    this.metrics?.failed.inc({ consumer });
    if (dead) {
      this.metrics?.died.inc({ consumer });
      this.logger.error(fields, 'Durable event is dead: out of attempts (kept in signing.durable_event, see docs/durable-events.md#dead-events)');
    } else {
      this.logger.warn({ ...fields, retryInMs: delayMs }, 'Durable event consumer failed; retrying later');
    }
  }

  private async runAfterCommit(callbacks: (() => void | Promise<void>)[]): Promise<void> {
    for (const callback of callbacks) {
      try {
        await callback();
      } catch (error) {
        this.logger.warn({ consumer: this.subscription.consumer, error: serializeError(error) }, 'After-commit callback of a durable event consumer failed');
      }
    }
  }

  private idle(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wakeUp = done;
    });
  }
}
