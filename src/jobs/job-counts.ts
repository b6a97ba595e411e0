import type { DataSource } from 'typeorm';

/** The jobs of one queue in one state, among those pg-boss keeps in its job table. */
export interface JobCount {
  queue: string;
  /** pg-boss's state: `created`, `retry`, `active`, `completed`, `failed`, `cancelled`. */
  state: string;
  jobs: number;
  /** Attempts after the first, summed over those jobs. */
  retries: number;
}

/**
 * Counts pg-boss's jobs by queue and state (finished ones stay in its table about 12 hours before
 * pg-boss archives them). Read here, in the kernel that owns pg-boss's schema; none before pg-boss
 * has created its table.
 */
export async function countJobs(dataSource: DataSource, schema: string): Promise<JobCount[]> {
  const [found]: { job: string | null }[] = await dataSource.query(`SELECT to_regclass('${schema}.job')::text AS job`);
  if (!found?.job) return [];
  const rows: JobCount[] = await dataSource.query(
    `SELECT name AS queue, state::text AS state, count(*)::int AS jobs, COALESCE(sum(retry_count), 0)::int AS retries FROM ${schema}.job GROUP BY name, state`,
  );
  return rows.map((r) => ({ queue: r.queue, state: r.state, jobs: r.jobs, retries: r.retries }));
}
