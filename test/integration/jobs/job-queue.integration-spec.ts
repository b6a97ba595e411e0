import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { JobQueue, JobsOptions, QueueJob, RecoveryReason } from '../../../src/jobs/job-queue';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * JobQueue (pg-boss 10) against a real PostgreSQL: jobs enqueued inside a TypeORM transaction
 * exist exactly when it commits; retries and the last attempt; two instances (two pg-boss
 * clients on one database) never run the same job twice.
 */
describe('JobQueue (pg-boss on the TypeORM database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const queues: JobQueue[] = [];
  const queue = async (options: Partial<JobsOptions> = {}) => {
    const q = new JobQueue(dataSource, { pollingIntervalSeconds: 0.5, ...options });
    await q.onApplicationBootstrap();
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations(); // the instance registry lives in signing.job_instance
  });
  afterAll(async () => {
    for (const q of queues) await q.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs a job enqueued inside a committed transaction, and none from a rolled-back one', async () => {
    const q = await queue();
    const seen: string[] = [];
    await q.work<{ n: string }>('test.tx', async (job) => {
      seen.push(job.data.n);
    });
    await dataSource.transaction(async (manager) => {
      await q.enqueue('test.tx', { n: 'committed' }, { manager });
    });
    await dataSource
      .transaction(async (manager) => {
        await q.enqueue('test.tx', { n: 'rolled back' }, { manager });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    q.wake('test.tx');
    await until(() => seen.includes('committed'), 'the committed job');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(seen).toEqual(['committed']);
  });

  it('retries a failing job and tells the handler which attempt is the last', async () => {
    const q = await queue();
    const attempts: Pick<QueueJob<object>, 'retryCount' | 'lastAttempt'>[] = [];
    await q.work('test.retry', async (job) => {
      attempts.push({ retryCount: job.retryCount, lastAttempt: job.lastAttempt });
      throw new Error('boom');
    });
    await q.enqueue('test.retry', {}, { retryLimit: 2, retryDelay: 0 });
    q.wake('test.retry');
    await until(() => attempts.length === 3, 'three attempts');
    expect(attempts).toEqual([
      { retryCount: 0, lastAttempt: false },
      { retryCount: 1, lastAttempt: false },
      { retryCount: 2, lastAttempt: true },
    ]);
  });

  it('two instances on one database share the work; each job runs once', async () => {
    const [a, b] = [await queue(), await queue()];
    const runs: number[] = [];
    const handler = async (job: QueueJob<{ i: number }>) => {
      runs.push(job.data.i);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await a.work('test.shared', handler, { concurrency: 3 });
    await b.work('test.shared', handler, { concurrency: 3 });
    for (let i = 0; i < 20; i++) await a.enqueue('test.shared', { i });
    a.wake('test.shared');
    b.wake('test.shared');
    await until(() => runs.length >= 20, 'twenty runs');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('refuses a manager outside a transaction (the job would not be tied to anything)', async () => {
    const q = await queue();
    await expect(q.enqueue('test.tx', {}, { manager: dataSource.manager })).rejects.toThrow(/open transaction/);
  });

  describe('recovery of interrupted work (instance heartbeats)', () => {
    const activeJob = async (queueName: string) =>
      (await dataSource.query(`SELECT id, state::text, retry_count, output FROM pgboss.job WHERE name = $1`, [queueName])) as { id: string; state: string; retry_count: number; output: { instance?: string } | null }[];

    it('tags each claimed job with the instance running it', async () => {
      const a = await queue();
      let release!: () => void;
      const running = new Promise<void>((resolve) => (release = resolve));
      let started = false;
      await a.work('test.tag', async () => {
        started = true;
        await running;
      });
      await a.enqueue('test.tag', {});
      await until(() => started, 'the job to start');
      const [row] = await activeJob('test.tag');
      expect(row).toMatchObject({ state: 'active', output: { instance: a.instanceId } });
      release();
    });

    it('an instance that stops beating has its active job handed back and run by another instance within seconds', async () => {
      // A claims the job and then "dies": its handler never returns and its heartbeat stops.
      const a = await queue({ heartbeatSeconds: 3600, recoveryIntervalSeconds: 3600 });
      let aStarted = false;
      let unfreeze!: () => void;
      const frozen = new Promise<void>((resolve) => (unfreeze = resolve));
      await a.work('test.dead', async () => {
        aStarted = true;
        await frozen; // released at the end, so that A can be stopped
      });
      await a.enqueue('test.dead', { n: 1 }, { retryLimit: 3, retryDelay: 0, expireInSeconds: 3600 });
      await until(() => aStarted, 'A to claim the job');
      await dataSource.query("UPDATE signing.job_instance SET heartbeat_at = now() - interval '1 minute' WHERE id = $1", [a.instanceId]);

      const recovered: [string, RecoveryReason, number][] = [];
      const b = await queue({ deadAfterSeconds: 20, recoveryIntervalSeconds: 1 });
      b.onRecovered((name, reason, count) => recovered.push([name, reason, count]));
      const bRuns: QueueJob<{ n: number }>[] = [];
      await b.work<{ n: number }>('test.dead', async (job) => {
        bRuns.push(job);
      });
      const started = Date.now();
      await until(() => bRuns.length === 1, 'B to run the recovered job', 15_000);
      expect(Date.now() - started).toBeLessThan(10_000); // not the job's 1 h expiry
      expect(bRuns[0]).toMatchObject({ data: { n: 1 }, retryCount: 1 });
      expect(recovered).toContainEqual(['test.dead', 'dead_instance', 1]);
      unfreeze();
    });

    it('a long job of a live instance is never taken away', async () => {
      const a = await queue({ heartbeatSeconds: 0.5, deadAfterSeconds: 2, recoveryIntervalSeconds: 0.5 });
      const b = await queue({ heartbeatSeconds: 0.5, deadAfterSeconds: 2, recoveryIntervalSeconds: 0.5 });
      const starts: string[] = [];
      let finished = false;
      const handler = (who: string) => async () => {
        starts.push(who);
        await new Promise((resolve) => setTimeout(resolve, 5_000)); // 2.5 × the dead-after time
        finished = true;
      };
      await a.work('test.long', handler('a'));
      await b.work('test.long', handler('b'));
      await a.enqueue('test.long', {}, { retryLimit: 3, retryDelay: 0 });
      await until(() => finished, 'the long job to finish', 15_000);
      await until(async () => (await activeJob('test.long'))[0]?.state === 'completed', 'pg-boss to record completion');
      const [row] = await activeJob('test.long');
      expect(row.state).toBe('completed');
      expect(row.retry_count).toBe(0);
      expect(starts).toHaveLength(1);
    });

    it('announces an enqueue to every instance: an idle worker elsewhere starts it long before its next poll', async () => {
      const a = await queue();
      const b = await queue({ pollingIntervalSeconds: 60 });
      let ranAt = 0;
      await b.work('test.notify', async () => {
        ranAt = Date.now();
      });
      await new Promise((resolve) => setTimeout(resolve, 1000)); // B's first (empty) fetch is done; it now sleeps 60 s
      const sentAt = Date.now();
      await dataSource.transaction((manager) => a.enqueue('test.notify', {}, { manager }));
      await until(() => ranAt, 'B to run the job', 10_000);
      expect(ranAt - sentAt).toBeLessThan(5_000);
    });
  
    it('a clean stop hands a job it could not finish back at once, and another instance runs it', async () => {
      const a = new JobQueue(dataSource, { pollingIntervalSeconds: 0.5 }); // stopped here, not in afterAll
      await a.onApplicationBootstrap();
      let aStarted = false;
      let unfreeze!: () => void;
      const frozen = new Promise<void>((resolve) => (unfreeze = resolve));
      await a.work('test.handback', async () => {
        aStarted = true;
        await frozen;
      });
      await a.enqueue('test.handback', { n: 7 }, { retryLimit: 3, retryDelay: 0, expireInSeconds: 3600 });
      await until(() => aStarted, 'A to start the job');

      const b = await queue({ recoveryIntervalSeconds: 3600 }); // no recovery sweep: the hand-back is A's own
      const bRuns: QueueJob<{ n: number }>[] = [];
      await b.work<{ n: number }>('test.handback', async (job) => {
        bRuns.push(job);
      });
      const stopping = Date.now();
      await a.beforeApplicationShutdown(); // waits up to 10 s for the job, then hands it back
      await until(() => bRuns.length === 1, 'B to run the handed-back job', 10_000);
      expect(Date.now() - stopping).toBeLessThan(15_000); // not the job's 1 h expiry
      expect(bRuns[0]).toMatchObject({ data: { n: 7 }, retryCount: 1 });
      const [instance] = await dataSource.query('SELECT stopped_at FROM signing.job_instance WHERE id = $1', [a.instanceId]);
      expect(instance.stopped_at).not.toBeNull();
      unfreeze();
    });
  });
});
