import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../jobs/job-queue';
import type { BodyUpload } from '../body/body-upload';
import { DeliveryState, SignatureCheck, WebhookDeliveryEntity } from './webhook-delivery.entity';

/** Queue names (pg-boss). */
export const PROCESS_DELIVERY_QUEUE = 'arqsign-webhook.process-delivery';
export const UNPARK_SWEEP_QUEUE = 'arqsign-webhook.unpark-sweep';

export interface ProcessDeliveryJob {
  deliveryId: string;
}

/** Retries of a processing job: ~10 attempts over ~2 hours (5 s doubling). The inbox keeps the record. */
export const PROCESS_RETRY = { retryLimit: 10, retryDelay: 5, retryBackoff: true } as const;

export interface NewDelivery {
  state: typeof DeliveryState.RECEIVED | typeof DeliveryState.QUARANTINED;
  dedupKey: string;
  trigger: number | null;
  eventName: string | null;
  arqsignProcessId: string | null;
  arqsignWebhookId: string | null;
  accountId: string | null;
  signature: SignatureCheck;
  headers: Record<string, string>;
  /** The raw bytes (access codes masked); for a streamed body, its skeleton (or empty when it is not JSON). */
  body: Buffer;
  /** A large body already written in chunks, in this open transaction (docs/large-bodies.md); committed here with the row. */
  streamed?: { upload: BodyUpload; size: number };
  error: string | null;
  /** Not before (seconds), for the processing job. */
  processAfterSeconds?: number;
}

export interface StoredDelivery {
  id: string;
  state: DeliveryState;
  duplicateOf: string | null;
}

export interface DeliveryFilter {
  states?: DeliveryState[];
  processId?: string;
  arqsignProcessId?: string;
  trigger?: number;
  /** Rows strictly older than this one (newest first). */
  after?: { receivedAt: Date; id: string };
  limit: number;
}

export interface DeliveryOutcome {
  state: typeof DeliveryState.PROCESSED | typeof DeliveryState.PARKED | typeof DeliveryState.QUARANTINED;
  processId: string | null;
  result: Record<string, unknown>;
  error?: string | null;
}

/** Duplicates larger than this are stored without their body (headers, size and key only). */
const DUPLICATE_BODY_KEPT_BYTES = 1024 * 1024;

const OPEN_STATES = [DeliveryState.RECEIVED, DeliveryState.PARKED, DeliveryState.QUARANTINED, DeliveryState.FAILED];

/**
 * The inbox on PostgreSQL. Every write that starts work enqueues its job in the same transaction
 * (the row and its job exist together or not at all).
 */
@Injectable()
export class WebhookInbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Stores a delivery. The first delivery of a dedup key is stored as given (and, when RECEIVED,
   * its processing job enqueued); any later one — also a concurrent one, which waits for the
   * first to commit — is stored as DUPLICATE of it.
   */
  async store(delivery: NewDelivery): Promise<StoredDelivery> {
    const upload = delivery.streamed?.upload;
    const size = delivery.streamed?.size ?? delivery.body.length;
    const work = async (manager: EntityManager): Promise<StoredDelivery> => {
      const id = upload?.deliveryId ?? randomUUID();
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO signing.webhook_delivery
           (id, received_at, state, dedup_key, trigger, event_name, arqsign_process_id, arqsign_webhook_id, account_id, signature, headers, body, body_size, body_chunked, error, processed_at)
         VALUES ($1, date_trunc('milliseconds', clock_timestamp()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CASE WHEN $15 THEN now() END)
         ON CONFLICT DO NOTHING RETURNING id`,
        [id, delivery.state, delivery.dedupKey, delivery.trigger, delivery.eventName, delivery.arqsignProcessId, delivery.arqsignWebhookId, delivery.accountId,
          JSON.stringify(delivery.signature), JSON.stringify(delivery.headers), delivery.body, size, upload !== undefined, delivery.error, delivery.state === DeliveryState.QUARANTINED],
      );
      if (inserted.length) {
        if (delivery.state === DeliveryState.RECEIVED) await this.enqueueProcessing(id, manager, delivery.processAfterSeconds);
        return { id, state: delivery.state, duplicateOf: null };
      }
      const [original] = await manager.query('SELECT id FROM signing.webhook_delivery WHERE dedup_key = $1 AND duplicate_of IS NULL', [delivery.dedupKey]);
      // A duplicate is never processed: a large body (Base64 conclusions) is not kept twice.
      const keepBody = upload === undefined && size <= DUPLICATE_BODY_KEPT_BYTES;
      if (upload) await manager.query('DELETE FROM signing.webhook_body_chunk WHERE delivery_id = $1', [id]);
      await manager.query(
        `INSERT INTO signing.webhook_delivery
           (id, received_at, state, dedup_key, duplicate_of, trigger, event_name, arqsign_process_id, arqsign_webhook_id, account_id, signature, headers, body, body_size, result, processed_at)
         VALUES ($1, date_trunc('milliseconds', clock_timestamp()), 'DUPLICATE', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now())`,
        [id, delivery.dedupKey, original.id, delivery.trigger, delivery.eventName, delivery.arqsignProcessId, delivery.arqsignWebhookId, delivery.accountId,
          JSON.stringify(delivery.signature), JSON.stringify(delivery.headers), keepBody ? delivery.body : Buffer.alloc(0), size,
          keepBody ? null : JSON.stringify({ bodyNotKept: `a duplicate over ${DUPLICATE_BODY_KEPT_BYTES} bytes` })],
      );
      return { id, state: DeliveryState.DUPLICATE, duplicateOf: original.id as string };
    };
    let stored: StoredDelivery;
    if (upload) {
      stored = await upload.attempt(work);
      await upload.commit();
    } else {
      stored = await this.dataSource.transaction(work);
    }
    if (stored.state === DeliveryState.RECEIVED) this.jobs.wake(PROCESS_DELIVERY_QUEUE);
    return stored;
  }

  /** The row without its body. */
  findById(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.dataSource.manager.findOneBy(WebhookDeliveryEntity, { id });
  }

  /** The row with its raw body. */
  async findWithBody(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .addSelect('d.body')
      .where('d.id = :id', { id })
      .getOne();
  }

  /** Newest first; `hasMore` says whether older rows exist. */
  async list(filter: DeliveryFilter): Promise<{ items: WebhookDeliveryEntity[]; hasMore: boolean }> {
    const query = this.dataSource.manager.createQueryBuilder(WebhookDeliveryEntity, 'd');
    if (filter.states?.length) query.andWhere('d.state IN (:...states)', { states: filter.states });
    if (filter.processId) query.andWhere('d.processId = :processId', { processId: filter.processId });
    if (filter.arqsignProcessId) query.andWhere('d.arqsignProcessId = :arqsignProcessId', { arqsignProcessId: filter.arqsignProcessId.toLowerCase() });
    if (filter.trigger !== undefined) query.andWhere('d.trigger = :trigger', { trigger: filter.trigger });
    if (filter.after) query.andWhere('(d.receivedAt, d.id) < (:afterAt, :afterId)', { afterAt: filter.after.receivedAt, afterId: filter.after.id });
    const rows = await query.orderBy('d.receivedAt', 'DESC').addOrderBy('d.id', 'DESC').limit(filter.limit + 1).getMany();
    return { items: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
  }

  /** Puts a delivery back to RECEIVED and enqueues its processing (admin replay, unparking). */
  async requeue(id: string, options: { reset: boolean }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (options.reset) {
        await manager.query("UPDATE signing.webhook_delivery SET state = 'RECEIVED', error = NULL, updated_at = now() WHERE id = $1 AND state <> 'DUPLICATE'", [id]);
      }
      await this.enqueueProcessing(id, manager);
    });
    this.jobs.wake(PROCESS_DELIVERY_QUEUE);
  }

  /** PARKED deliveries for an ArqSIGN process (to apply once the process is known). */
  async parkedFor(arqsignProcessId: string, exceptId?: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      "SELECT id FROM signing.webhook_delivery WHERE arqsign_process_id = $1 AND state = 'PARKED' AND id <> COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY received_at",
      [arqsignProcessId.toLowerCase(), exceptId ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** The ArqSIGN processes that PARKED deliveries wait for, longest waiting first. */
  async parkedArqsignProcessIds(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT arqsign_process_id AS id FROM signing.webhook_delivery
        WHERE state = 'PARKED' AND arqsign_process_id IS NOT NULL
        GROUP BY arqsign_process_id ORDER BY min(received_at) LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** RECEIVED deliveries stored more than `seconds` ago, oldest first (the recovery sweep's candidates). */
  async receivedBefore(seconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM signing.webhook_delivery
        WHERE state = 'RECEIVED' AND received_at < now() - make_interval(secs => $1::double precision)
        ORDER BY received_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Records a processing outcome (inside the caller's transaction when given: the one publishing its event). */
  async complete(id: string, outcome: DeliveryOutcome, transaction?: EntityManager): Promise<void> {
    const run = async (manager: EntityManager) => {
      await manager.query(
        `UPDATE signing.webhook_delivery SET state = $2, process_id = COALESCE($3, process_id), result = $4, error = $5,
           attempts = attempts + 1, processed_at = CASE WHEN $6 THEN processed_at ELSE now() END, updated_at = now()
         WHERE id = $1`,
        [id, outcome.state, outcome.processId, JSON.stringify(outcome.result), outcome.error ?? null, outcome.state === DeliveryState.PARKED],
      );
    };
    return transaction ? run(transaction) : this.dataSource.transaction(run);
  }

  /** A failed attempt: the row stays RECEIVED (the job retries) or, on the last one, FAILED. */
  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE signing.webhook_delivery SET attempts = attempts + 1, error = $2, updated_at = now(),
         state = CASE WHEN $3 THEN 'FAILED' ELSE state END
       WHERE id = $1`,
      [id, error.slice(0, 2000), final],
    );
  }

  /** Open-state counts for the backlog gauge (one index range count per state). */
  async countOpen(): Promise<Record<string, number>> {
    const rows: { state: string; n: number }[] = await this.dataSource.query(
      'SELECT s.state, (SELECT count(*)::int FROM signing.webhook_delivery d WHERE d.state = s.state) AS n FROM unnest($1::varchar[]) AS s(state)',
      [OPEN_STATES],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  private async enqueueProcessing(id: string, manager: EntityManager, afterSeconds?: number): Promise<void> {
    await this.jobs.enqueue<ProcessDeliveryJob>(PROCESS_DELIVERY_QUEUE, { deliveryId: id }, { manager, ...PROCESS_RETRY, ...(afterSeconds ? { startAfter: afterSeconds } : {}) });
  }
}
