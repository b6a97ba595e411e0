import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckRecord, DueProcess, DueQuery, DueReason, SyncChecks } from '../application/sync-checks';

/** The open statuses that can be due (SEND_UNCERTAIN only an operator can resolve: docs/behaviour.md#uncertain-sends). */
const OPEN = `'IN_PROGRESS', 'EXPIRED', 'SENDING'`;

/** Stale by its last change (never checked, or not since): oldest change first, from `signing_process_open_updated_idx`. */
const staleByChange = (status: string) => `
  (SELECT p.id FROM signing.signing_process p LEFT JOIN signing.reconcile_check c ON c.process_id = p.id
   WHERE p.status = '${status}' AND p.updated_at < now() - make_interval(secs => $1) AND (c.checked_at IS NULL OR c.checked_at <= p.updated_at)
   ORDER BY p.updated_at, p.id LIMIT $3)`;

/** Stale by its last check (unchanged since): the checks joined with the open ids of `signing_process_open_updated_idx`, oldest check first. */
const staleByCheck = (statuses: string) => `
  (SELECT p.id FROM signing.reconcile_check c JOIN signing.signing_process p ON p.id = c.process_id
   WHERE p.status IN (${statuses}) AND c.checked_at > p.updated_at AND c.checked_at < now() - make_interval(secs => $1)
   ORDER BY c.checked_at, c.process_id LIMIT $3)`;

/**
 * The candidates, a superset of the answer gathered from indexes (migration 1764342000000), so
 * that only they are ranked rather than every open process:
 * - every deferred send (`signing_process_deferred_send_idx`);
 * - IN_PROGRESS whose deadline counted from the send has passed (a resend only moves it later),
 *   found through `signing_process_in_progress_expiry_idx` one day ahead, then the exact rule;
 * - per status, the `limit` stale ones with the oldest news, news being either the last change or
 *   the last check. Whichever of them are due for another reason, the answer takes at most
 *   `limit` stale ones after all the others, so these suffice.
 */
const CANDIDATES_SQL = `
  SELECT p.id FROM signing.signing_process p WHERE p.status = 'SENDING' AND p.send_deferred
  UNION
  SELECT p.id FROM signing.signing_process p
  WHERE p.status = 'IN_PROGRESS' AND signing.expiry_floor(COALESCE(p.send_attempted_at, p.created_at), p.settings) <= now() + interval '1 day'
    AND CASE WHEN p.settings->>'expirationDays' ~ '^[0-9]{1,4}$'
             THEN COALESCE(p.send_attempted_at, p.created_at) + make_interval(days => (p.settings->>'expirationDays')::int) <= now() END
  UNION ${staleByChange('IN_PROGRESS')}
  UNION ${staleByChange('SENDING')}
  UNION ${staleByChange('EXPIRED')}
  UNION ${staleByCheck(`'IN_PROGRESS', 'SENDING'`)}
  UNION ${staleByCheck(`'EXPIRED'`)}`;

/**
 * The candidates, each with its "news" time (the later of its last change and its last check),
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
 * Each candidate's row is fetched by its primary key (the `OFFSET 0` lateral keeps it a per-row
 * lookup); the other `OFFSET 0` laterals compute the deadline and the reason once per row
 * (PostgreSQL would otherwise inline and repeat them). Plans: bench/README.md, "Query plans".
 */
export const FIND_DUE_SQL = `
  WITH candidate AS (${CANDIDATES_SQL})
  SELECT p.id, p.status, n.news_at, r.reason
  FROM candidate k
  CROSS JOIN LATERAL (SELECT * FROM signing.signing_process p WHERE p.id = k.id OFFSET 0) p
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
  WHERE p.status IN (${OPEN}) AND r.reason IS NOT NULL
  ORDER BY CASE r.reason WHEN '${DueReason.SEND_DEFERRED}' THEN 0 WHEN '${DueReason.PAST_EXPIRY}' THEN 1 ELSE 2 END, p.status = 'EXPIRED', n.news_at, p.id
  LIMIT $3`;

/**
 * SyncChecks on PostgreSQL (raw SQL, no entities): the due query over the processes, their history
 * and `signing.reconcile_check`, and the upsert of a check into that table.
 */
@Injectable()
export class PostgresSyncChecks extends SyncChecks {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async due(query: DueQuery): Promise<DueProcess[]> {
    const rows: { id: string; status: string; news_at: Date; reason: DueReason }[] = await this.dataSource.query(FIND_DUE_SQL, [query.staleAfterS, query.intervalS, query.limit]);
    return rows.map((r) => ({ processId: r.id, status: r.status, reason: r.reason, lastNewsAt: r.news_at }));
  }

  async record(check: CheckRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO signing.reconcile_check (process_id, checked_at, outcome, reason, error) VALUES ($1, now(), $2, $3, $4)
       ON CONFLICT (process_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, error = EXCLUDED.error`,
      [check.processId, check.outcome, check.reason, check.error?.slice(0, 1000) ?? null],
    );
  }
}
