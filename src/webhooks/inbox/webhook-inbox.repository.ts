import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { BodyUpload } from '../body/body-upload';
import { InboxSignal, INBOX_CHANNEL } from './inbox-signal';
import { DeliveryOutcome, INSERT_DELIVERY, INSERT_DELIVERY_ANNOUNCED, poolOf, releaseParked, SqlClient, writeOutcomes } from './inbox-queue.sql';
import { DeliveryState, SignatureCheck, WebhookDeliveryEntity } from './webhook-delivery.entity';

export type { DeliveryOutcome } from './inbox-queue.sql';

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
  /** Not processed before this many seconds from now. */
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

/** Duplicates larger than this are stored without their body (headers, size and key only). */
const DUPLICATE_BODY_KEPT_BYTES = 1024 * 1024;

const OPEN_STATES = [DeliveryState.RECEIVED, DeliveryState.PARKED, DeliveryState.QUARANTINED, DeliveryState.FAILED];

/**
 * The inbox on PostgreSQL, and the queue of its processing (docs/job-recovery.md#the-inbox-is-the-queue):
 * a RECEIVED delivery carries `next_attempt_at`, written in the same statement that stores it, so
 * the row and its place in the queue exist together or not at all.
 */
@Injectable()
export class WebhookInbox {
  private pool?: SqlClient;

  constructor(
    private readonly dataSource: DataSource,
    private readonly signal: InboxSignal,
  ) {}

  private get sql(): SqlClient {
    return (this.pool ??= poolOf(this.dataSource));
  }

  /**
   * Stores a delivery. The first delivery of a dedup key is stored as given (and, when RECEIVED,
   * queued for processing); any later one — also a concurrent one, which waits for the first to
   * commit — is stored as DUPLICATE of it. A held body is one autocommit statement (one durable
   * commit); a streamed one commits with its chunks.
   */
  async store(delivery: NewDelivery): Promise<StoredDelivery> {
    const upload = delivery.streamed?.upload;
    const id = upload?.deliveryId ?? randomUUID();
    const values = this.insertValues(id, delivery);
    let stored: StoredDelivery;
    if (upload) {
      stored = await upload.attempt(async (manager) => {
        const inserted: unknown[] = await manager.query(INSERT_DELIVERY_ANNOUNCED.text, [...values, INBOX_CHANNEL]);
        return inserted.length ? { id, state: delivery.state, duplicateOf: null } : this.storeDuplicate(manager, id, delivery);
      });
      await upload.commit();
    } else {
      const announce = delivery.state === DeliveryState.RECEIVED && this.signal.shouldAnnounce();
      const { rows } = await this.sql.query(announce ? { ...INSERT_DELIVERY_ANNOUNCED, values: [...values, INBOX_CHANNEL] } : { ...INSERT_DELIVERY, values });
      stored = rows.length ? { id, state: delivery.state, duplicateOf: null } : await this.dataSource.transaction((manager) => this.storeDuplicate(manager, id, delivery));
    }
    if (stored.state === DeliveryState.RECEIVED) {
      if (delivery.processAfterSeconds) this.signal.wakeAfter(delivery.processAfterSeconds);
      else this.signal.wake();
    }
    return stored;
  }

  private insertValues(id: string, delivery: NewDelivery): unknown[] {
    const size = delivery.streamed?.size ?? delivery.body.length;
    return [id, delivery.state, delivery.dedupKey, delivery.trigger, delivery.eventName, delivery.arqsignProcessId, delivery.arqsignWebhookId, delivery.accountId,
      JSON.stringify(delivery.signature), JSON.stringify(delivery.headers), delivery.body, size, delivery.streamed !== undefined, delivery.error, delivery.processAfterSeconds ?? 0];
  }

  /** The later delivery of an existing dedup key, as DUPLICATE of the first (never processed). */
  private async storeDuplicate(manager: EntityManager, id: string, delivery: NewDelivery): Promise<StoredDelivery> {
    const upload = delivery.streamed?.upload;
    const size = delivery.streamed?.size ?? delivery.body.length;
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

  /** Admin replay: the delivery back to RECEIVED, queued now (a DUPLICATE is never queued). */
  async requeue(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE signing.webhook_delivery SET state = 'RECEIVED', error = NULL, failures = 0, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND state <> 'DUPLICATE'`,
      [id],
    );
    this.signal.wake();
  }

  /** Queues the PARKED deliveries of these ArqSIGN processes again (they stay PARKED until processed); their count. */
  async releaseParked(arqsignProcessIds: readonly string[]): Promise<number> {
    const released = await releaseParked(this.sql, arqsignProcessIds);
    if (released) this.signal.wake();
    return released;
  }

  /** The ArqSIGN processes that PARKED, unqueued deliveries wait for, longest waiting first. */
  async parkedArqsignProcessIds(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT arqsign_process_id AS id FROM signing.webhook_delivery
        WHERE state = 'PARKED' AND next_attempt_at IS NULL AND arqsign_process_id IS NOT NULL
        GROUP BY arqsign_process_id ORDER BY min(received_at) LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * RECEIVED deliveries stored more than `seconds` ago that are not queued (only a hand edit
   * makes one): queued now. Their ids, oldest first.
   */
  async queueStranded(seconds: number, limit: number): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>({
      text: `UPDATE signing.webhook_delivery SET next_attempt_at = now(), updated_at = now()
        WHERE id IN (SELECT id FROM signing.webhook_delivery
                      WHERE state = 'RECEIVED' AND next_attempt_at IS NULL AND received_at < now() - make_interval(secs => $1::double precision)
                      ORDER BY received_at LIMIT $2)
        RETURNING id`,
      values: [seconds, limit],
    });
    if (rows.length) this.signal.wake();
    return rows.map((r) => r.id);
  }

  /** Records a processing outcome outside a batch (tests, tools); the delivery is no longer queued. */
  async complete(id: string, outcome: DeliveryOutcome): Promise<void> {
    await writeOutcomes(this.sql, new Map([[id, outcome]]));
  }

  /** Open-state counts for the backlog gauge (one index range count per state). */
  async countOpen(): Promise<Record<string, number>> {
    const rows: { state: string; n: number }[] = await this.dataSource.query(
      'SELECT s.state, (SELECT count(*)::int FROM signing.webhook_delivery d WHERE d.state = s.state) AS n FROM unnest($1::varchar[]) AS s(state)',
      [OPEN_STATES],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }
}
