import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ProcessLocks, ProcessLockTimeoutError } from '../../../src/webhooks/processing/process-lock';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/**
 * The per-process webhook lock across connections (instances): waiting for it does not hold a
 * pooled connection — with a pool of ONE connection, other queries still run while a caller waits.
 */
describe('ProcessLocks (PostgreSQL advisory lock, real database)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let other: Client;
  const key = 'a0000000-0000-4000-8000-0000000000aa';
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
    await other.query(lockSql, [`arqsign-webhook:${key}`]);
    let ran = false;
    const waiting = new ProcessLocks(dataSource).withLock(key, async () => {
      ran = true;
    });
    // Meanwhile the pool (max 1) still serves other work, promptly.
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect(ran).toBe(false);
    await other.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`arqsign-webhook:${key}`]);
    await waiting;
    expect(ran).toBe(true);
  });

  it('gives up with a clear error when the lock stays taken for the whole wait', async () => {
    await other.query(lockSql, [`arqsign-webhook:${key}`]);
    try {
      await expect(new ProcessLocks(dataSource).withLock(key, async () => undefined, 1)).rejects.toBeInstanceOf(ProcessLockTimeoutError);
    } finally {
      await other.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`arqsign-webhook:${key}`]);
    }
  });
});
