import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryLocks, AdvisoryLockTimeoutError, lockInTransaction } from '../../../src/jobs/advisory-locks';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/**
 * The advisory locks (per ArqSIGN process for webhooks, per process for reactions) across connections (instances): waiting for it does not hold a
 * pooled connection — with a pool of ONE connection, other queries still run while a caller waits.
 */
describe('AdvisoryLocks (PostgreSQL advisory lock, real database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let other: Client;
  const key = 'arqsign-webhook:a0000000-0000-4000-8000-0000000000aa';
  const lockSql = 'SELECT pg_advisory_lock(hashtextextended($1, 0))';

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 1 } }).initialize();
    other = new Client({ connectionString: database.url }); // "another instance"
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('a waiting caller leaves the only pooled connection free, and runs once the holder lets go', async () => {
    await other.query(lockSql, [key]);
    let ran = false;
    const waiting = new AdvisoryLocks(dataSource).withLock(key, async () => {
      ran = true;
    });
    // Meanwhile the pool (max 1) still serves other work, promptly.
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(ran).toBe(false);
    await other.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    await waiting;
    expect(ran).toBe(true);
  });

  it('gives up with a clear error when the lock stays taken for the whole wait', async () => {
    await other.query(lockSql, [key]);
    try {
      await expect(new AdvisoryLocks(dataSource).withLock(key, async () => undefined, 1)).rejects.toBeInstanceOf(AdvisoryLockTimeoutError);
    } finally {
      await other.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  });

  it('a transaction taking the same key waits for the session holder (reactions vs. the facts consumer)', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const dataSource2 = await new DataSource({ type: 'postgres', url: database.url, extra: { max: 2 } }).initialize();
    try {
      const holder = new AdvisoryLocks(dataSource2).withLock(key, async () => {
        order.push('holder');
        await held;
        order.push('holder done');
      });
      while (!order.length) await new Promise((resolve) => setTimeout(resolve, 10));
      const waiter = dataSource2.transaction(async (manager) => {
        await lockInTransaction(manager, key);
        order.push('transaction');
      });
      // The transaction is seen waiting on the advisory lock, then let go.
      while ((await other.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n !== 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(order).toEqual(['holder']);
      release();
      await Promise.all([holder, waiter]);
      expect(order).toEqual(['holder', 'holder done', 'transaction']);
    } finally {
      await dataSource2.destroy();
    }
  });
});
