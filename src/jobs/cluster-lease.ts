import type { DataSource } from 'typeorm';

/**
 * "Once per interval across all instances": a lease row per task in `signing.scheduled_task`,
 * claimed with one conditional UPDATE on the database clock. A crashed holder blocks the task only
 * until its lease expires. Used by reconciliation, the webhook health check and the job sweeps
 * (docs/job-recovery.md).
 */
export async function claimLease(dataSource: DataSource, task: string, owner: string, intervalS: number, leaseMs: number): Promise<boolean> {
  const known = knownTasks.get(dataSource) ?? new Set<string>();
  knownTasks.set(dataSource, known);
  if (!known.has(task)) {
    await dataSource.query('INSERT INTO signing.scheduled_task (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [task]);
    known.add(task);
  }
  // Concurrent claimers: the row lock serializes them and the loser re-checks the WHERE against
  // the winner's row (READ COMMITTED), so exactly one gets it.
  const claimed: unknown[] = await dataSource.query(
    `UPDATE signing.scheduled_task
        SET lease_owner = $2, lease_until = now() + make_interval(secs => $4::double precision / 1000), last_started_at = now()
      WHERE name = $1
        AND (lease_until IS NULL OR lease_until < now())
        AND (last_started_at IS NULL OR last_started_at <= now() - make_interval(secs => $3::double precision))
      RETURNING name`,
    [task, owner, intervalS, leaseMs],
  );
  return rowsOf(claimed).length === 1;
}

/** Gives the lease back (only when still ours) and records how the run went. */
export async function releaseLease(dataSource: DataSource, task: string, owner: string, outcome: Record<string, unknown>): Promise<void> {
  await dataSource.query(
    `UPDATE signing.scheduled_task SET lease_owner = NULL, lease_until = NULL, last_finished_at = now(), last_outcome = $3
      WHERE name = $1 AND lease_owner = $2`,
    [task, owner, JSON.stringify(outcome)],
  );
}

/** Task rows already ensured, per database (the row is never deleted). */
const knownTasks = new WeakMap<DataSource, Set<string>>();

/** TypeORM's postgres driver answers an UPDATE … RETURNING with `[rows, affected]`. */
export function rowsOf<T = unknown>(result: unknown[]): T[] {
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
