import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { claimLease, releaseLease } from '../jobs/cluster-lease';
import { CheckRecord, DueProcess, DueQuery, DueReason, ReconciliationRepository } from './reconciliation.repository';

/**
 * Open processes, each with its "news" time (the later of its last change and its last check),
 * its deadline where one applies, and the reason it is due, if any:
 * - SEND_DEFERRED: SENDING with `send_deferred`, not checked within the interval (the sync sends again);
 * - PAST_EXPIRY: IN_PROGRESS whose deadline — GREATEST(send attempt, last resend) + expirationDays
 *   (docs/arqsign.md#status-model: `dataExpiracao` = (`dataReenvio` ?? `dataEnvio`) + `expiracaoDias`) — has passed
 *   and that was not checked since. The history lookup only runs when the deadline counted from
 *   the send has passed already (a resend only moves it later);
 * - STALE: no news for longer than `staleAfterS`.
 * Order: deferred sends, past deadline, stale IN_PROGRESS/SENDING, then stale EXPIRED (they only
 * change if renewed or cancelled, and must not crowd out processes that are being signed);
 * within each, oldest news first, so a budget smaller than the backlog still rotates through all.
 * SEND_UNCERTAIN is left out on purpose: only an operator can resolve it (docs/behaviour.md#uncertain-sends).
 *
 * The status filter uses `signing_process_status_updated_idx`; the `OFFSET 0` laterals compute the
 * deadline and the reason once per row (PostgreSQL would otherwise inline and repeat them).
 */
export const FIND_DUE_SQL = `
  SELECT p.id, p.status, n.news_at, r.reason
  FROM signing.signing_process p
  LEFT JOIN signing.reconcile_check c ON c.process_id = p.id
  CROSS JOIN LATERAL (SELECT GREATEST(p.updated_at, COALESCE(c.checked_at, '-infinity')) AS news_at) n
  CROSS JOIN LATERAL (
    SELECT CASE
             WHEN p.status <> 'IN_PROGRESS' OR NOT (p.settings->>'expirationDays' ~ '^[0-9]{1,4}$') THEN NULL
             WHEN COALESCE(p.send_attempted_at, p.created_at) + make_interval(days => (p.settings->>'expirationDays')::int) > now()
               THEN COALESCE(p.send_attempted_at, p.created_at) + make_interval(days => (p.settings->>'expirationDays')::int)
             ELSE GREATEST(
                    COALESCE(p.send_attempted_at, p.created_at),
                    (SELECT max(h.occurred_at) FROM signing.signing_process_history h WHERE h.process_id = p.id AND h.type = 'process.resent')
                  ) + make_interval(days => (p.settings->>'expirationDays')::int)
           END AS deadline
    OFFSET 0
  ) d
  CROSS JOIN LATERAL (
    SELECT CASE
             WHEN p.status = 'SENDING' AND p.send_deferred AND COALESCE(c.checked_at, '-infinity') < now() - make_interval(secs => $2) THEN '${DueReason.SEND_DEFERRED}'
             WHEN d.deadline <= now() AND COALESCE(c.checked_at, '-infinity') < d.deadline THEN '${DueReason.PAST_EXPIRY}'
             WHEN n.news_at < now() - make_interval(secs => $1) THEN '${DueReason.STALE}'
           END AS reason
    OFFSET 0
  ) r
  WHERE p.status IN ('IN_PROGRESS', 'EXPIRED', 'SENDING') AND r.reason IS NOT NULL
  ORDER BY CASE r.reason WHEN '${DueReason.SEND_DEFERRED}' THEN 0 WHEN '${DueReason.PAST_EXPIRY}' THEN 1 ELSE 2 END, p.status = 'EXPIRED', n.news_at, p.id
  LIMIT $3`;

/** The reconciliation port on PostgreSQL (schema `signing`; raw SQL, no entities). */
@Injectable()
export class PostgresReconciliationRepository extends ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findDue(query: DueQuery): Promise<DueProcess[]> {
    const rows: { id: string; status: string; news_at: Date; reason: DueReason }[] = await this.dataSource.query(FIND_DUE_SQL, [query.staleAfterS, query.intervalS, query.limit]);
    return rows.map((r) => ({ processId: r.id, status: r.status, reason: r.reason, lastNewsAt: r.news_at }));
  }

  async recordCheck(check: CheckRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO signing.reconcile_check (process_id, checked_at, outcome, reason, error) VALUES ($1, now(), $2, $3, $4)
       ON CONFLICT (process_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, error = EXCLUDED.error`,
      [check.processId, check.outcome, check.reason, check.error?.slice(0, 1000) ?? null],
    );
  }

  claimRun(task: string, owner: string, intervalS: number, leaseMs: number): Promise<boolean> {
    return claimLease(this.dataSource, task, owner, intervalS, leaseMs);
  }

  finishRun(task: string, owner: string, outcome: Record<string, unknown>): Promise<void> {
    return releaseLease(this.dataSource, task, owner, outcome);
  }
}
