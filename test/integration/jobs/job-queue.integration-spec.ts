import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue, QueueJob } from '../../../src/jobs/job-queue';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
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
  const queue = async () => {
    const q = new JobQueue(dataSource, { pollingIntervalSeconds: 0.5 });
    await q.onApplicationBootstrap();
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url, applicationName: 'jobs-test' }).initialize();
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
    await a.work('test.shared', handler, { batchSize: 3 });
    await b.work('test.shared', handler, { batchSize: 3 });
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
});
