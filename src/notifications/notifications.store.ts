import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toEndpoint, WebhookEndpoint } from './endpoint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewEndpoint {
  clientName: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  secret: string;
}

export interface EndpointPatch {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
}

/** A delivery with what its attempt needs. */
export interface DeliveryWork {
  deliveryId: string;
  state: string;
  attempts: number;
  messageId: string;
  messageCreatedAt: Date;
  body: string;
  endpoint: WebhookEndpoint;
}

export interface DeliveryRow {
  id: string;
  messageId: string;
  type: string;
  processId: string;
  sequence: string;
  state: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The message as sent (only from `findDelivery`). */
  body?: string;
}

export interface AttemptRow {
  attemptedAt: Date;
  status: number | null;
  latencyMs: number;
  error: string | null;
  outcome: string;
}

/** Endpoints, messages, deliveries and attempts (schema `signing`, plain SQL). */
@Injectable()
export class NotificationsStore {
  constructor(private readonly dataSource: DataSource) {}

  async createEndpoint(input: NewEndpoint): Promise<WebhookEndpoint> {
    const [row] = await this.dataSource.query(
      'INSERT INTO signing.webhook_endpoint (client_name, url, description, event_types, secret) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [input.clientName, input.url, input.description, input.eventTypes, input.secret],
    );
    return toEndpoint(row);
  }

  async listEndpoints(clientName: string): Promise<WebhookEndpoint[]> {
    const rows = await this.dataSource.query('SELECT * FROM signing.webhook_endpoint WHERE client_name = $1 ORDER BY created_at, id', [clientName]);
    return rows.map(toEndpoint);
  }

  /** The endpoint when it exists AND belongs to `clientName` (else null: another client's id is not found). */
  async findEndpoint(clientName: string, id: string): Promise<WebhookEndpoint | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.dataSource.query('SELECT * FROM signing.webhook_endpoint WHERE id = $1 AND client_name = $2', [id, clientName]);
    return row ? toEndpoint(row) : null;
  }

  async updateEndpoint(clientName: string, id: string, patch: EndpointPatch): Promise<WebhookEndpoint | null> {
    const sets: string[] = [];
    const values: unknown[] = [id, clientName];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (patch.url !== undefined) set('url', patch.url);
    if (patch.description !== undefined) set('description', patch.description);
    if (patch.eventTypes !== undefined) set('event_types', patch.eventTypes);
    return this.changeEndpoint(`${[...sets, 'updated_at = now()'].join(', ')}`, values);
  }

  async setEnabled(clientName: string, id: string, enabled: boolean, reason: string | null): Promise<WebhookEndpoint | null> {
    return this.changeEndpoint('enabled = $3, disabled_reason = $4, consecutive_failures = 0, updated_at = now()', [id, clientName, enabled, enabled ? null : reason]);
  }

  async rotateSecret(clientName: string, id: string, secret: string, overlapSeconds: number): Promise<WebhookEndpoint | null> {
    return this.changeEndpoint(
      "previous_secret = CASE WHEN $4::int > 0 THEN secret END, previous_secret_expires_at = CASE WHEN $4::int > 0 THEN now() + make_interval(secs => $4::int) END, secret = $3, updated_at = now()",
      [id, clientName, secret, overlapSeconds],
    );
  }

  /** `UPDATE … SET <assignments>` of the client's endpoint ($1 = id, $2 = client); null when not found. */
  private async changeEndpoint(assignments: string, values: unknown[]): Promise<WebhookEndpoint | null> {
    if (!UUID.test(String(values[0]))) return null;
    const [rows] = await this.dataSource.query(`UPDATE signing.webhook_endpoint SET ${assignments} WHERE id = $1 AND client_name = $2 RETURNING *`, values);
    return rows?.[0] ? toEndpoint(rows[0]) : null;
  }

  async deleteEndpoint(clientName: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const [, affected] = await this.dataSource.query('DELETE FROM signing.webhook_endpoint WHERE id = $1 AND client_name = $2', [id, clientName]);
    return affected > 0;
  }

  /** Enabled endpoints of a client (inside the outbox transaction). */
  async enabledEndpoints(manager: EntityManager, clientName: string): Promise<WebhookEndpoint[]> {
    const rows = await manager.query('SELECT * FROM signing.webhook_endpoint WHERE client_name = $1 AND enabled', [clientName]);
    return rows.map(toEndpoint);
  }

  async nextSequence(manager: EntityManager): Promise<string> {
    const [row] = await manager.query("SELECT nextval(pg_get_serial_sequence('signing.outbound_message', 'sequence'))::text AS value");
    return row.value as string;
  }

  /** Inserts a message; false when it already exists (the same change retried). */
  async insertMessage(manager: EntityManager, message: { id: string; sequence: string; clientName: string; processId: string; type: string; occurredAt: Date; body: string }): Promise<boolean> {
    const rows = await manager.query(
      'INSERT INTO signing.outbound_message (id, sequence, client_name, process_id, type, occurred_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id',
      [message.id, message.sequence, message.clientName, message.processId, message.type, message.occurredAt, message.body],
    );
    return rows.length > 0;
  }

  /** A PENDING delivery of `messageId` to `endpointId` (a replay of an existing one resets it); returns its id. */
  async upsertDelivery(manager: EntityManager | DataSource, messageId: string, endpointId: string): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO signing.outbound_delivery (message_id, endpoint_id) VALUES ($1, $2)
       ON CONFLICT (endpoint_id, message_id) DO UPDATE SET state = 'PENDING', next_attempt_at = now(), updated_at = now()
       RETURNING id`,
      [messageId, endpointId],
    );
    return row.id as string;
  }

  async deliveryWork(deliveryId: string): Promise<DeliveryWork | null> {
    const [row] = await this.dataSource.query(
      `SELECT d.id AS delivery_id, d.state, d.attempts, m.id AS message_id, m.created_at AS message_created_at, m.body, to_jsonb(e) AS endpoint
         FROM signing.outbound_delivery d
         JOIN signing.outbound_message m ON m.id = d.message_id
         JOIN signing.webhook_endpoint e ON e.id = d.endpoint_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (!row) return null;
    const e = row.endpoint;
    const endpoint = toEndpoint({ ...e, created_at: new Date(e.created_at), updated_at: new Date(e.updated_at), previous_secret_expires_at: e.previous_secret_expires_at ? new Date(e.previous_secret_expires_at) : null });
    return { deliveryId: row.delivery_id, state: row.state, attempts: row.attempts, messageId: row.message_id, messageCreatedAt: row.message_created_at, body: row.body, endpoint };
  }

  async recordAttempt(manager: EntityManager, deliveryId: string, attempt: Omit<AttemptRow, 'attemptedAt'> & { attemptedAt: Date }): Promise<void> {
    await manager.query('INSERT INTO signing.outbound_attempt (delivery_id, attempted_at, status, latency_ms, error, outcome) VALUES ($1, $2, $3, $4, $5, $6)', [
      deliveryId,
      attempt.attemptedAt,
      attempt.status,
      attempt.latencyMs,
      attempt.error?.slice(0, 500) ?? null,
      attempt.outcome,
    ]);
  }

  async updateDelivery(manager: EntityManager, deliveryId: string, change: { state: string; attempts: number; nextAttemptAt: Date | null; lastStatus: number | null; lastError: string | null }): Promise<void> {
    await manager.query(
      'UPDATE signing.outbound_delivery SET state = $2, attempts = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_status = $5, last_error = $6, updated_at = now() WHERE id = $1',
      [deliveryId, change.state, change.attempts, change.nextAttemptAt, change.lastStatus, change.lastError?.slice(0, 500) ?? null],
    );
  }

  /** Counts a failed attempt against the endpoint; returns the run of failures so far. */
  async countFailure(manager: EntityManager, endpointId: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await manager.query('UPDATE signing.webhook_endpoint SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures', [endpointId]);
    return rows?.[0]?.consecutive_failures ?? 0;
  }

  async resetFailures(manager: EntityManager, endpointId: string): Promise<void> {
    await manager.query('UPDATE signing.webhook_endpoint SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0', [endpointId]);
  }

  async disable(manager: EntityManager, endpointId: string, reason: string): Promise<boolean> {
    const [, affected] = await manager.query('UPDATE signing.webhook_endpoint SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND enabled', [endpointId, reason]);
    return affected > 0;
  }

  /** PENDING deliveries of enabled endpoints due before `before` (the sweep's candidates). */
  async overdueDeliveries(before: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query(
      `SELECT d.id FROM signing.outbound_delivery d JOIN signing.webhook_endpoint e ON e.id = d.endpoint_id
        WHERE d.state = 'PENDING' AND e.enabled AND d.next_attempt_at < $1 ORDER BY d.next_attempt_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async pendingOf(endpointId: string, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query("SELECT id FROM signing.outbound_delivery WHERE endpoint_id = $1 AND state = 'PENDING' ORDER BY created_at LIMIT $2", [endpointId, limit]);
    return rows.map((r: { id: string }) => r.id);
  }

  async listDeliveries(endpointId: string, filter: { state?: string; limit: number; before?: string }): Promise<DeliveryRow[]> {
    const values: unknown[] = [endpointId, filter.limit];
    let where = 'd.endpoint_id = $1';
    if (filter.state) {
      values.push(filter.state);
      where += ` AND d.state = $${values.length}`;
    }
    if (filter.before) {
      values.push(filter.before);
      where += ` AND m.sequence < $${values.length}`;
    }
    const rows = await this.dataSource.query(
      `SELECT d.*, m.type, m.process_id, m.sequence::text AS sequence FROM signing.outbound_delivery d JOIN signing.outbound_message m ON m.id = d.message_id
        WHERE ${where} ORDER BY m.sequence DESC LIMIT $2`,
      values,
    );
    return rows.map(toDeliveryRow);
  }

  async findDelivery(endpointId: string, messageId: string): Promise<DeliveryRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT d.*, m.type, m.process_id, m.sequence::text AS sequence, m.body FROM signing.outbound_delivery d JOIN signing.outbound_message m ON m.id = d.message_id
        WHERE d.endpoint_id = $1 AND d.message_id = $2`,
      [endpointId, messageId],
    );
    return row ? toDeliveryRow(row) : null;
  }

  async attempts(deliveryId: string): Promise<AttemptRow[]> {
    const rows = await this.dataSource.query('SELECT attempted_at, status, latency_ms, error, outcome FROM signing.outbound_attempt WHERE delivery_id = $1 ORDER BY id', [deliveryId]);
    return rows.map((r: { attempted_at: Date; status: number | null; latency_ms: number; error: string | null; outcome: string }) => ({
      attemptedAt: r.attempted_at,
      status: r.status,
      latencyMs: r.latency_ms,
      error: r.error,
      outcome: r.outcome,
    }));
  }

  /** A message of the client's (for a replay to an endpoint that never had it). */
  async messageOf(clientName: string, messageId: string): Promise<{ id: string; type: string } | null> {
    const [row] = await this.dataSource.query('SELECT id, type FROM signing.outbound_message WHERE id = $1 AND client_name = $2', [messageId, clientName]);
    return row ?? null;
  }

  /** PENDING deliveries per endpoint id (the backlog gauge). */
  async backlog(): Promise<{ endpointId: string; n: number }[]> {
    const rows = await this.dataSource.query("SELECT endpoint_id, count(*)::int AS n FROM signing.outbound_delivery WHERE state = 'PENDING' GROUP BY endpoint_id");
    return rows.map((r: { endpoint_id: string; n: number }) => ({ endpointId: r.endpoint_id, n: r.n }));
  }
}

function toDeliveryRow(r: Record<string, any>): DeliveryRow {
  return {
    id: r.id,
    messageId: r.message_id,
    type: r.type,
    processId: r.process_id,
    sequence: r.sequence,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'PENDING' ? r.next_attempt_at : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.body !== undefined ? { body: r.body } : {}),
  };
}
