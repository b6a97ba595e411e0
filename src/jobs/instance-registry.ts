import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { rowsOf } from './cluster-lease';

/** An active job that belonged to an instance that is gone (or was never tagged by anyone). */
export interface OrphanedJob {
  queue: string;
  id: string;
  /** The dead instance, or null for a job nobody tagged within the grace period. */
  instance: string | null;
}

export interface RegistryTimings {
  /** An instance whose heartbeat is older than this is dead. */
  deadAfterSeconds: number;
  /** A job active this long without an instance tag was claimed by a process that died at once. */
  untaggedGraceSeconds: number;
}

/**
 * The running service instances, in `signing.job_instance` (docs/job-recovery.md). Each instance
 * beats every few seconds; each job it claims is tagged with its id in pg-boss's `output` column
 * (pg-boss overwrites that column when the job completes or fails, so a tag only ever marks the
 * current attempt). `orphans` finds active jobs whose instance stopped or stopped beating.
 */
export class InstanceRegistry {
  readonly id = randomUUID();

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobsSchema: string,
  ) {}

  async register(): Promise<void> {
    await this.dataSource.query('INSERT INTO signing.job_instance (id, host, pid) VALUES ($1, $2, $3)', [this.id, hostname().slice(0, 255), process.pid]);
  }

  async beat(): Promise<void> {
    await this.dataSource.query('UPDATE signing.job_instance SET heartbeat_at = now() WHERE id = $1 AND stopped_at IS NULL', [this.id]);
  }

  /** A clean stop: from now on every job still tagged with us is fair game. */
  async stopped(): Promise<void> {
    await this.dataSource.query('UPDATE signing.job_instance SET stopped_at = now() WHERE id = $1', [this.id]);
  }

  /** Marks the claimed jobs as ours (right after pg-boss made them active). */
  async tag(queue: string, jobIds: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.jobsSchema}.job SET output = jsonb_build_object('instance', $1::text)
        WHERE name = $2 AND id = ANY($3::uuid[]) AND state = 'active'`,
      [this.id, queue, jobIds],
    );
  }

  /** Other instances whose heartbeat is fresh. */
  async liveOthers(deadAfterSeconds: number): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM signing.job_instance
        WHERE id <> $1 AND stopped_at IS NULL AND heartbeat_at >= now() - make_interval(secs => $2::double precision)`,
      [this.id, deadAfterSeconds],
    );
    return rows[0]?.n ?? 0;
  }

  async orphans(timings: RegistryTimings, limit = 500): Promise<OrphanedJob[]> {
    const rows: { queue: string; id: string; instance: string | null }[] = await this.dataSource.query(
      `SELECT j.name AS queue, j.id, j.output->>'instance' AS instance
         FROM ${this.jobsSchema}.job j
        WHERE j.state = 'active'
          AND (
            j.output->>'instance' IN (
              SELECT i.id::text FROM signing.job_instance i
               WHERE i.stopped_at IS NOT NULL OR i.heartbeat_at < now() - make_interval(secs => $1::double precision))
            OR (j.output->>'instance' IS NULL AND j.started_on < now() - make_interval(secs => $2::double precision))
          )
        LIMIT $3`,
      [timings.deadAfterSeconds, timings.untaggedGraceSeconds, limit],
    );
    return rows;
  }

  /** Forgets instances dead for a day (their jobs were recovered long ago). */
  async prune(): Promise<void> {
    await this.dataSource.query("DELETE FROM signing.job_instance WHERE heartbeat_at < now() - interval '1 day'");
  }

  /** Values of `data->>key` among `values` that have no job of `queue` waiting or running. */
  async withoutLiveJob(queue: string, key: string, values: string[]): Promise<string[]> {
    if (!values.length) return [];
    const rows: unknown[] = await this.dataSource.query(
      `SELECT v FROM unnest($3::text[]) AS v
        WHERE NOT EXISTS (
          SELECT 1 FROM ${this.jobsSchema}.job j
           WHERE j.name = $1 AND j.data->>$2 = v AND j.state IN ('created', 'retry', 'active'))`,
      [queue, key, values],
    );
    return rowsOf<{ v: string }>(rows).map((r) => r.v);
  }
}
