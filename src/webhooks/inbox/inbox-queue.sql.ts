import type { DataSource } from 'typeorm';
import { DeliveryState } from './webhook-delivery.entity';

/**
 * The hot-path SQL of the inbox as a queue (docs/job-recovery.md#the-inbox-is-the-queue): plain,
 * named (prepared once per connection) statements, no query building or entity hydration.
 */

/** A pg client or pool: what runs a named statement. */
export interface SqlClient {
  query<R = Record<string, unknown>>(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: R[] }>;
}

/** The pg pool under TypeORM's PostgreSQL driver (autocommit statements on pooled connections). */
export function poolOf(dataSource: DataSource): SqlClient {
  const pool = (dataSource.driver as unknown as { master?: SqlClient }).master;
  if (!pool) throw new Error('The inbox needs an initialised PostgreSQL data source');
  return pool;
}

/** The lock that serialises the deliveries of one ArqSIGN process (a delivery without one: its own id). */
export const deliveryLockKey = (arqsignProcessId: string) => `arqsign-webhook:${arqsignProcessId.toLowerCase()}`;

const INSERT_COLUMNS = 'id, received_at, state, dedup_key, trigger, event_name, arqsign_process_id, arqsign_webhook_id, account_id, signature, headers, body, body_size, body_chunked, error, processed_at, next_attempt_at';
const INSERT_VALUES = `$1, date_trunc('milliseconds', clock_timestamp()), $2::varchar, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
  CASE WHEN $2::varchar = 'QUARANTINED' THEN now() END, CASE WHEN $2::varchar = 'RECEIVED' THEN now() + $15::double precision * interval '1 second' END`;

/** Stores a first delivery (queued when RECEIVED); no row when its dedup key exists already. */
export const INSERT_DELIVERY = {
  name: 'inbox-insert',
  text: `INSERT INTO signing.webhook_delivery (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) ON CONFLICT DO NOTHING RETURNING id`,
};

/** The same, announcing the queued delivery to every instance at commit. */
export const INSERT_DELIVERY_ANNOUNCED = {
  name: 'inbox-insert-announced',
  text: `WITH inserted AS (INSERT INTO signing.webhook_delivery (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES}) ON CONFLICT DO NOTHING RETURNING id, state)
         SELECT id, CASE WHEN state = 'RECEIVED' THEN pg_notify($16, '') END AS announced FROM inserted`,
};

/** A claimed delivery: the row with its stored body. */
export interface ClaimedDelivery {
  id: string;
  receivedAt: Date;
  state: DeliveryState;
  arqsignProcessId: string | null;
  failures: number;
  body: Buffer;
}

/**
 * Locks up to `limit` due deliveries (RECEIVED, or PARKED ones released) that no other transaction
 * holds, oldest due first, and tries each one's ArqSIGN process lock (for the rest of this
 * transaction: the deliveries of one process are processed by one batch at a time). The lock is
 * tried on the claimed rows only (a materialised CTE), never on rows a plan happened to scan.
 * `deferred`: claimed rows whose process another session holds — not processed now, unlocked at
 * this commit, claimed again by a later batch.
 */
export async function claimDue(client: SqlClient, limit: number): Promise<{ claimed: ClaimedDelivery[]; deferred: number }> {
  const { rows } = await client.query<{ id: string; received_at: Date; state: DeliveryState; arqsign_process_id: string | null; failures: number; body: Buffer; locked: boolean }>({
    name: 'inbox-claim',
    text: `WITH claimed AS MATERIALIZED (
             SELECT id FROM signing.webhook_delivery WHERE next_attempt_at <= now() AND state IN ('RECEIVED', 'PARKED')
              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
           SELECT d.id, d.received_at, d.state, d.arqsign_process_id, d.failures, d.body,
                  pg_try_advisory_xact_lock(hashtextextended('arqsign-webhook:' || lower(COALESCE(d.arqsign_process_id, d.id::text)), 0)) AS locked
             FROM signing.webhook_delivery d JOIN claimed USING (id)`,
    values: [limit],
  });
  const claimed = rows
    .filter((r) => r.locked)
    .map((r) => ({ id: r.id, receivedAt: r.received_at, state: r.state, arqsignProcessId: r.arqsign_process_id, failures: r.failures, body: r.body }))
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return { claimed, deferred: rows.length - claimed.length };
}

export interface DeliveryOutcome {
  state: typeof DeliveryState.PROCESSED | typeof DeliveryState.PARKED | typeof DeliveryState.QUARANTINED;
  processId: string | null;
  result: Record<string, unknown>;
  error?: string | null;
}

/** Records the outcomes of a batch in one statement; none of them stays queued. */
export async function writeOutcomes(client: SqlClient, outcomes: ReadonlyMap<string, DeliveryOutcome>): Promise<void> {
  if (!outcomes.size) return;
  const ids: string[] = [];
  const states: string[] = [];
  const processIds: (string | null)[] = [];
  const results: string[] = [];
  const errors: (string | null)[] = [];
  for (const [id, outcome] of outcomes) {
    ids.push(id);
    states.push(outcome.state);
    processIds.push(outcome.processId);
    results.push(JSON.stringify(outcome.result));
    errors.push(outcome.error ?? null);
  }
  await client.query({
    name: 'inbox-outcomes',
    text: `UPDATE signing.webhook_delivery d SET state = o.state, process_id = COALESCE(o.process_id, d.process_id), result = o.result, error = o.error,
             attempts = d.attempts + 1, failures = 0, next_attempt_at = NULL, updated_at = now(),
             processed_at = CASE WHEN o.state = 'PARKED' THEN d.processed_at ELSE now() END
           FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::jsonb[], $5::text[]) AS o(id, state, process_id, result, error)
           WHERE d.id = o.id`,
    values: [ids, states, processIds, results, errors],
  });
}

/** Retries of a delivery that failed: 10 more attempts, 5 s doubling (~2.8 hours), then FAILED. */
export const PROCESS_RETRY = { retryLimit: 10, retryDelaySeconds: 5 } as const;

/** A failed attempt: queued again after a backoff, or FAILED after the last one. Returns whether it was the last. */
export async function recordFailure(client: SqlClient, id: string, error: string): Promise<boolean> {
  const { rows } = await client.query<{ failed: boolean }>({
    name: 'inbox-failure',
    text: `UPDATE signing.webhook_delivery SET attempts = attempts + 1, failures = failures + 1, error = $2, updated_at = now(),
             state = CASE WHEN failures >= $3 THEN 'FAILED' ELSE state END,
             next_attempt_at = CASE WHEN failures >= $3 THEN NULL ELSE now() + $4::double precision * power(2, failures) * interval '1 second' END
           WHERE id = $1 RETURNING state = 'FAILED' AS failed`,
    values: [id, error.slice(0, 2000), PROCESS_RETRY.retryLimit, PROCESS_RETRY.retryDelaySeconds],
  });
  return rows[0]?.failed ?? false;
}

/** Queues the PARKED deliveries of these ArqSIGN processes again; their count. */
export async function releaseParked(client: SqlClient, arqsignProcessIds: readonly string[]): Promise<number> {
  if (!arqsignProcessIds.length) return 0;
  const { rows } = await client.query<{ n: number }>({
    name: 'inbox-release-parked',
    text: `WITH released AS (
             UPDATE signing.webhook_delivery SET next_attempt_at = now(), failures = 0, updated_at = now()
              WHERE arqsign_process_id = ANY($1::varchar[]) AND state = 'PARKED' AND next_attempt_at IS NULL RETURNING 1)
           SELECT count(*)::int AS n FROM released`,
    values: [arqsignProcessIds.map((id) => id.toLowerCase())],
  });
  return rows[0].n;
}
