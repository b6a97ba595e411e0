import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { claimLease, releaseLease } from './cluster-lease';
import { announceSql, JobAnnouncer } from './job-announcer';
import { countJobs, JobCount } from './job-counts';
import { InstanceRegistry, OrphanedJob } from './instance-registry';

/** Settings of the one pg-boss instance (all optional; see `DEFAULT_JOBS_OPTIONS`). */
export interface JobsOptions {
  /** PostgreSQL schema pg-boss creates and owns. */
  schema: string;
  /** Connections of pg-boss's own pool (polling, completion, maintenance). */
  poolSize: number;
  /** How often an idle worker polls for jobs. An enqueue also wakes the workers of every instance. */
  pollingIntervalSeconds: number;
  /** How often this instance records that it is alive. */
  heartbeatSeconds: number;
  /** An instance silent for this long is dead: its active jobs are failed and retried. */
  deadAfterSeconds: number;
  /** How often (once per cluster) active jobs of dead instances are looked for. */
  recoveryIntervalSeconds: number;
  /** An active job with no instance tag after this long was claimed by a process that died at once. */
  untaggedGraceSeconds: number;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

/** pg-boss's worker clean-up after stop polls every 1,000 ms; one poll and a margin. */
const PG_BOSS_WORKER_CLEANUP_MS = 1_100;

export const DEFAULT_JOBS_OPTIONS: JobsOptions = {
  schema: 'pgboss',
  poolSize: 4,
  pollingIntervalSeconds: 2,
  heartbeatSeconds: 5,
  deadAfterSeconds: 20,
  recoveryIntervalSeconds: 5,
  untaggedGraceSeconds: 60,
};

/** Why a job was handed back for another attempt. */
export type RecoveryReason = 'dead_instance' | 'untagged' | 'sweep';
export type RecoveryListener = (queue: string, reason: RecoveryReason, count: number) => void;

/** The task name of the cluster-wide recovery of dead instances' jobs (a lease row). */
const RECOVERY_TASK = 'job-recovery';

export interface EnqueueOptions {
  /**
   * The caller's open TypeORM transaction: the job is inserted through its connection, so it
   * exists exactly when that transaction commits (call `wake` after the commit for low latency).
   */
  manager?: EntityManager;
  /** Deduplication key; what it dedups depends on the queue policy (standard: nothing). */
  singletonKey?: string;
  /** Attempts after the first one (pg-boss default 2). */
  retryLimit?: number;
  /** Seconds between attempts. */
  retryDelay?: number;
  /** Exponential backoff from `retryDelay`. */
  retryBackoff?: boolean;
  /** Not before: a Date, or seconds from now. */
  startAfter?: Date | number;
  /** A job running longer than this is failed (and retried). Default 15 minutes. */
  expireInSeconds?: number;
}

export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  /** Attempts already failed before this one. */
  retryCount: number;
  retryLimit: number;
  /** True when failing now exhausts the retries (the job ends up `failed`). */
  lastAttempt: boolean;
}

export type JobHandler<T> = (job: QueueJob<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of the queue this instance runs at the same time. Default 1. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

/**
 * Durable PostgreSQL jobs (pg-boss 10) for the whole module: ONE pg-boss instance, in its own
 * schema of the same database as TypeORM (connection settings read from the DataSource),
 * started at application bootstrap and stopped (gracefully, waiting for running jobs) before
 * TypeORM closes. Jobs are claimed with `SKIP LOCKED`, so any number of service instances can
 * work the same queues. Queues are created on first use (pg-boss 10 needs that before `send`).
 *
 * Nothing stalls after a crash (docs/job-recovery.md): this instance registers itself with a
 * heartbeat, tags every job it claims, and — once per cluster, through a lease — fails-and-retries
 * the active jobs of instances that stopped beating, so interrupted work resumes within seconds
 * instead of after the job's expiry. A clean stop hands unfinished jobs back (pg-boss fails the
 * jobs still running when its graceful stop times out). Every enqueue is announced with
 * `NOTIFY`, so idle workers of every instance pick the job up at once.
 *
 * The handler of a job must be idempotent: a crash after its work but before pg-boss records
 * completion runs it again.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new SigningLogger(JobQueue.name);
  private readonly options: JobsOptions;
  private starting?: Promise<PgBoss>;
  private stopped = false;
  private readonly queues = new Map<string, Promise<void>>();
  private queueCreation: Promise<void> = Promise.resolve();
  /** Local worker slots per queue; `busy` while running a job. */
  private readonly workers = new Map<string, { id: string; busy: boolean }[]>();
  private readonly nextSlot = new Map<string, number>();
  private readonly registry: InstanceRegistry;
  private readonly announcer: JobAnnouncer;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly duties = new Set<Promise<unknown>>();
  private readonly recoveryListeners: RecoveryListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(JOBS_OPTIONS) options?: Partial<JobsOptions>,
  ) {
    this.options = { ...DEFAULT_JOBS_OPTIONS, ...options };
    this.registry = new InstanceRegistry(dataSource, this.options.schema);
    this.announcer = new JobAnnouncer({ ...connectionOf(dataSource), application_name: 'arqsign-bridge job announcements' }, (queue) => this.wakeIdle(queue));
  }

  /** This instance's id in `signing.job_instance` (the tag on the jobs it runs). */
  get instanceId(): string {
    return this.registry.id;
  }

  /** pg-boss's jobs by queue and state, cluster-wide (the `arqsign_jobs` gauges); none before pg-boss started once. */
  jobCounts(): Promise<JobCount[]> {
    return countJobs(this.dataSource, this.options.schema);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.splice(0).forEach((timer) => clearInterval(timer));
    await Promise.allSettled([...this.duties]);
    await this.announcer.stop();
    const starting = this.starting;
    if (!starting) return;
    const boss = await starting.catch(() => undefined);
    if (!boss) return;
    // Waits up to 10 s for running jobs, then fails (= hands back for a retry) those still running.
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((error: unknown) => this.logger.warn({ err: error }, 'pg-boss stop failed'));
    // pg-boss's stop does not await its own worker clean-up: a loop that checks once a second
    // whether the stopped workers have exited, then forgets them. Let that loop end before we
    // report stopped, so no pg-boss timer outlives the application (a test runner tearing the
    // process's modules down under it fails the run).
    if (this.workers.size) await new Promise((resolve) => setTimeout(resolve, PG_BOSS_WORKER_CLEANUP_MS));
    await this.registry.stopped().catch((error: unknown) => this.logger.warn({ error: describe(error) }, 'Could not record this instance as stopped (it will be taken for dead)'));
  }

  /** Called with every hand-back of jobs (for metrics). */
  onRecovered(listener: RecoveryListener): void {
    this.recoveryListeners.push(listener);
  }

  /** Reports jobs handed back by a sweep outside the job queue (e.g. the inbox sweep). */
  reportRecovered(queue: string, reason: RecoveryReason, count: number): void {
    if (count > 0) this.recoveryListeners.forEach((listener) => listener(queue, reason, count));
  }

  /** Of `values`, those that no waiting or running job of `queue` carries as `data[key]`. */
  async withoutLiveJob(queue: string, key: string, values: string[]): Promise<string[]> {
    await this.boss();
    await this.ensureQueue(queue);
    return this.registry.withoutLiveJob(queue, key, values);
  }

  /**
   * A cluster-wide duty: `run` roughly every `intervalSeconds`, on ONE instance at a time (a
   * lease row named `task`; a crashed holder blocks it until the lease expires).
   */
  every(task: string, intervalSeconds: number, run: () => Promise<unknown>, options: { leaseSeconds?: number } = {}): void {
    if (this.stopped) return;
    const leaseMs = (options.leaseSeconds ?? Math.max(60, intervalSeconds * 2)) * 1000;
    const tick = async () => {
      if (this.stopped) return;
      if (!(await claimLease(this.dataSource, task, this.registry.id, intervalSeconds, leaseMs))) return;
      let outcome: Record<string, unknown> = { ok: true };
      try {
        await run();
      } catch (error) {
        outcome = { error: describe(error).message };
        this.logger.warn({ task, error: describe(error) }, 'Cluster duty failed');
      }
      await releaseLease(this.dataSource, task, this.registry.id, outcome);
    };
    const guarded = () => {
      const running = tick().catch((error: unknown) => this.logger.warn({ task, error: describe(error) }, 'Cluster duty could not run (database unavailable?)'));
      this.duties.add(running);
      void running.finally(() => this.duties.delete(running));
    };
    const timer = setInterval(guarded, Math.max(500, Math.min(5_000, (intervalSeconds * 1000) / 3)));
    timer.unref();
    this.timers.push(timer);
    guarded();
  }

  /** Fails-and-retries the active jobs of dead instances (and untagged ones past the grace). */
  async recoverOrphans(): Promise<OrphanedJob[]> {
    const boss = await this.boss();
    const orphans = await this.registry.orphans(this.options);
    const byQueue = new Map<string, OrphanedJob[]>();
    for (const job of orphans) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    for (const [queue, jobs] of byQueue) {
      for (const job of jobs) await boss.fail(queue, job.id, { message: 'recovered: the instance running this job is gone' });
      for (const job of jobs) {
        this.logger.warn({ queue, jobId: job.id, deadInstance: job.instance }, job.instance ? 'Job of a dead instance handed back for a retry' : 'Job claimed by a process that died at once handed back for a retry');
      }
      const dead = jobs.filter((job) => job.instance).length;
      this.reportRecovered(queue, 'dead_instance', dead);
      this.reportRecovered(queue, 'untagged', jobs.length - dead);
      this.wakeIdle(queue);
    }
    return orphans;
  }

  /** Live instances other than this one (for warnings about what cannot be shared). */
  otherLiveInstances(): Promise<number> {
    return this.registry.liveOthers(this.options.deadAfterSeconds);
  }

  /**
   * Adds a job. With `manager`, inside that transaction. Returns the job id, or null when the
   * queue policy's singleton rule dropped it.
   */
  async enqueue<T extends object>(name: string, data: T, options: EnqueueOptions = {}): Promise<string | null> {
    const boss = await this.boss();
    await this.ensureQueue(name);
    const { manager, startAfter, ...rest } = options;
    const send: PgBoss.SendOptions = { ...rest };
    if (startAfter !== undefined) send.startAfter = startAfter;
    if (manager) send.db = executorOf(manager);
    const id = await boss.send(name, data, send);
    // Due now: tell every instance (in the transaction: delivered when it commits).
    if (id && startAfter === undefined) {
      const [sql, values] = announceSql(name);
      if (manager) await manager.query(sql, values);
      else await this.dataSource.query(sql, values).catch(() => undefined);
    }
    return id;
  }

  /**
   * Runs `handler` for every job of `name` (this instance claims jobs no other instance holds),
   * up to `concurrency` at a time. Each slot is its own pg-boss worker fetching one job, so a slow
   * or waiting job never holds back the others (a pg-boss batch waits for its slowest job).
   * A handler that throws fails that job (retried per its retry settings).
   */
  async work<T extends object>(name: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    const boss = await this.boss();
    await this.ensureQueue(name);
    const pollingIntervalSeconds = options.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds;
    for (let n = 0; n < Math.max(1, options.concurrency ?? 1); n++) {
      const slot = { id: '', busy: false };
      slot.id = await boss.work<T>(name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        slot.busy = true;
        try {
          // Ours from now on: if this instance dies, the recovery sweep hands it back.
          await this.registry.tag(name, [job.id]).catch((error: unknown) => this.logger.warn({ queue: name, error: describe(error) }, 'Could not tag a claimed job'));
          const run: QueueJob<T> = {
            id: job.id,
            name: job.name,
            data: job.data,
            retryCount: job.retryCount,
            retryLimit: job.retryLimit,
            lastAttempt: job.retryCount >= job.retryLimit,
          };
          try {
            await handler(run);
          } catch (error) {
            this.logger.warn({ queue: name, jobId: job.id, attempt: job.retryCount + 1, error: describe(error) }, 'Job failed');
            await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
          }
        } finally {
          slot.busy = false;
        }
        // There may be more: fetch again at once instead of waiting a poll interval.
        if (!this.stopped) boss.notifyWorker(slot.id);
      });
      this.workers.set(name, [...(this.workers.get(name) ?? []), slot]);
    }
  }

  /**
   * Runs queued jobs of `name` now rather than at the next poll (call after the enqueuing commit).
   * Every enqueue already announces itself to all instances (NOTIFY), so this only acts while that
   * announcement channel is down.
   */
  wake(name: string): void {
    if (!this.announcer.listening) this.wakeIdle(name);
  }

  /** Wakes one idle local worker of `name` (a busy one fetches again by itself when it is done). */
  private wakeIdle(name: string): void {
    const slots = this.workers.get(name);
    if (!slots?.length || !this.starting) return;
    const start = this.nextSlot.get(name) ?? 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[(start + i) % slots.length];
      if (slot.busy) continue;
      this.nextSlot.set(name, (start + i + 1) % slots.length);
      void this.starting.then((boss) => boss.notifyWorker(slot.id)).catch(() => undefined);
      return;
    }
  }

  /** A cron schedule (pg-boss fires it once per slot across all instances; minute resolution). */
  async schedule(name: string, cron: string, data: object = {}): Promise<void> {
    const boss = await this.boss();
    await this.ensureQueue(name);
    await boss.schedule(name, cron, data);
  }

  /** Jobs of `name` not yet completed (created, retry, active). */
  async pending(name: string): Promise<number> {
    const boss = await this.boss();
    await this.ensureQueue(name);
    return boss.getQueueSize(name, { before: 'completed' });
  }

  private boss(): Promise<PgBoss> {
    if (this.stopped) return Promise.reject(new Error('The job queue is stopped'));
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const boss = new PgBoss({ ...connectionOf(this.dataSource), schema: this.options.schema, max: this.options.poolSize });
    boss.on('error', (error: Error) => this.logger.error({ err: error }, 'pg-boss error'));
    try {
      await boss.start();
    } catch (error) {
      this.starting = undefined; // a later call may try again (e.g. the database was briefly down)
      throw error;
    }
    try {
      await this.registry.register();
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      this.starting = undefined;
      throw error;
    }
    const heartbeat = setInterval(
      () => void this.registry.beat().catch((error: unknown) => this.logger.warn({ error: describe(error) }, 'Heartbeat failed')),
      this.options.heartbeatSeconds * 1000,
    );
    heartbeat.unref();
    this.timers.push(heartbeat);
    await this.announcer.start();
    this.logger.log({ schema: this.options.schema, instance: this.registry.id }, 'Job queue started');
    this.every(RECOVERY_TASK, this.options.recoveryIntervalSeconds, async () => {
      await this.recoverOrphans();
      await this.registry.prune();
    });
    return boss;
  }

  /** Runs `work` under a PostgreSQL advisory lock (on a dedicated connection, released with it). */
  private async acrossInstances<T>(key: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      // One at a time, also across instances: pg-boss creates a partition table per queue, and
      // concurrent creations deadlock in PostgreSQL (seen at bootstrap when several modules start
      // their workers, and when two instances start at once on an empty database).
      created = this.queueCreation.then(() => this.boss()).then((boss) => this.acrossInstances('arqsign-bridge:pgboss-create-queue', () => boss.createQueue(name)));
      this.queueCreation = created.catch(() => undefined);
      created.catch(() => this.queues.delete(name));
      this.queues.set(name, created);
    }
    return created;
  }
}

/** Type and message only: a TypeORM QueryFailedError would drag its query parameters into the logs. */
function describe(error: unknown): { type: string; message: string } {
  return error instanceof Error ? { type: error.constructor.name, message: error.message } : { type: typeof error, message: String(error) };
}

/** pg-boss's SQL executor over a TypeORM transaction's connection. */
function executorOf(manager: EntityManager): PgBoss.Db {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('JobQueue.enqueue: `manager` must belong to an open transaction');
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records as unknown[] }),
  };
}

/** The DataSource option fields we read (PostgreSQL data source options). */
interface PostgresSettings {
  type: string;
  url?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string | (() => string) | (() => Promise<string>);
  database?: string;
  ssl?: unknown;
  applicationName?: string;
}

/** The DataSource's PostgreSQL connection settings in pg-boss's terms. */
export function connectionOf(dataSource: DataSource): PgBoss.DatabaseOptions {
  const options = dataSource.options as PostgresSettings;
  if (options.type !== 'postgres') throw new Error(`JobQueue needs PostgreSQL, not ${options.type}`);
  const name = options.applicationName ? `${options.applicationName} jobs` : 'arqsign-bridge jobs';
  return {
    ...(options.url ? { connectionString: options.url } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.username ? { user: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(options.database ? { database: options.database } : {}),
    ...(options.ssl ? { ssl: options.ssl } : {}),
    application_name: name,
  };
}
