import type { DataSource } from 'typeorm';

/** The inbox's health at one moment: what the pipeline gauges of reconciliation report (`webhook_inbox_*`). */
export interface InboxHealth {
  /** Deliveries stored (answered 200) and not yet applied (RECEIVED). */
  backlog: number;
  /** When the oldest of them arrived; null when there is none. */
  oldestReceivedAt: Date | null;
  /** Correctly signed deliveries nobody could interpret (need an operator). */
  quarantined: number;
  /** Deliveries whose processing ran out of retries (replay them). */
  failed: number;
}

/** One query over the inbox's open states (`signing.webhook_delivery`, this module's table). */
export async function readInboxHealth(dataSource: DataSource): Promise<InboxHealth> {
  const [row] = (await dataSource.query(
    `SELECT count(*) FILTER (WHERE state = 'RECEIVED')::int AS backlog,
            min(received_at) FILTER (WHERE state = 'RECEIVED') AS oldest,
            count(*) FILTER (WHERE state = 'QUARANTINED')::int AS quarantined,
            count(*) FILTER (WHERE state = 'FAILED')::int AS failed
       FROM signing.webhook_delivery WHERE state IN ('RECEIVED', 'QUARANTINED', 'FAILED')`,
  )) as { backlog: number; oldest: Date | null; quarantined: number; failed: number }[];
  return { backlog: row.backlog, oldestReceivedAt: row.oldest, quarantined: row.quarantined, failed: row.failed };
}
