import type { EntityManager } from 'typeorm';
import type { DurableEvent, NewDurableEvent } from './durable-events.types';

/** The PostgreSQL channel new durable events are announced on (payload: the consumer name). */
export const EVENTS_CHANNEL = 'arqsign_bridge_events';

/** A claimed row of `signing.durable_event`. */
export interface DurableEventRow {
  id: string;
  attempts: number;
  event: DurableEvent;
}

interface RawRow {
  id: string;
  event_id: string;
  name: string;
  key: string | null;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
}

const COLUMNS = 'id, event_id, name, key, payload, occurred_at, attempts';

/** The SQL of the outbox table `signing.durable_event` (plain queries, no entity hydration). */
export const durableEventStore = {
  /** One row per consumer; a row that already exists for (consumer, event id) is left as it is. */
  async insert(transaction: EntityManager, event: NewDurableEvent, consumers: readonly string[]): Promise<void> {
    await transaction.query(
      `INSERT INTO signing.durable_event (consumer, event_id, name, key, payload, occurred_at)
       SELECT c, $2, $3, $4, $5::jsonb, $6 FROM unnest($1::text[]) AS c
       ON CONFLICT (consumer, event_id) DO NOTHING`,
      [consumers, event.eventId, event.name, event.key, JSON.stringify(event.payload ?? null), event.occurredAt ?? new Date()],
    );
  },

  /** NOTIFY, inside the publishing transaction: PostgreSQL delivers it to every instance at commit. */
  async announce(transaction: EntityManager, consumers: readonly string[]): Promise<void> {
    await transaction.query('SELECT pg_notify($1, c) FROM unnest($2::text[]) AS c', [EVENTS_CHANNEL, consumers]);
  },

  /** Locks up to `limit` due, live rows of `consumer`, oldest first, skipping rows another transaction holds. */
  async claim(transaction: EntityManager, consumer: string, limit: number): Promise<DurableEventRow[]> {
    const rows: RawRow[] = await transaction.query(
      `SELECT ${COLUMNS} FROM signing.durable_event
       WHERE consumer = $1 AND dead_at IS NULL AND available_at <= now()
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [consumer, limit],
    );
    return rows.map(toRow);
  },

  /** The row `id` if it is still due, live and not held by another transaction. */
  async claimOne(transaction: EntityManager, id: string): Promise<DurableEventRow[]> {
    const rows: RawRow[] = await transaction.query(
      `SELECT ${COLUMNS} FROM signing.durable_event WHERE id = $1 AND dead_at IS NULL AND available_at <= now() FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows.map(toRow);
  },

  async remove(transaction: EntityManager, ids: readonly string[]): Promise<void> {
    await transaction.query('DELETE FROM signing.durable_event WHERE id = ANY($1::bigint[])', [ids]);
  },

  /** Records a failed attempt: the next one not before `delayMs` from now, or none (`dead`). */
  async fail(transaction: EntityManager, id: string, error: string, delayMs: number, dead: boolean): Promise<void> {
    await transaction.query(
      `UPDATE signing.durable_event SET attempts = attempts + 1, last_error = $2,
         available_at = now() + $3 * interval '1 millisecond', dead_at = CASE WHEN $4 THEN now() END
       WHERE id = $1`,
      [id, error, delayMs, dead],
    );
  },

  /** Live (waiting) and dead rows per consumer. */
  async counts(manager: EntityManager): Promise<{ consumer: string; backlog: number; dead: number }[]> {
    return manager.query(
      `SELECT consumer, count(*) FILTER (WHERE dead_at IS NULL)::int AS backlog, count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead
       FROM signing.durable_event GROUP BY consumer`,
    );
  },
};

function toRow(raw: RawRow): DurableEventRow {
  return {
    id: String(raw.id),
    attempts: raw.attempts,
    event: { eventId: raw.event_id, name: raw.name, key: raw.key, occurredAt: new Date(raw.occurred_at), payload: raw.payload },
  };
}
