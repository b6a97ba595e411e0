import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Raised when the lock stays taken for the whole wait (the job fails and is retried). */
export class AdvisoryLockTimeoutError extends Error {
  override name = 'AdvisoryLockTimeoutError';
}

const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 500;

/**
 * Serializes work on one key across instances: a PostgreSQL session advisory lock (on
 * `hashtextextended(key, 0)`) held on a dedicated connection while `work` runs (released on
 * return, or by PostgreSQL if the instance dies). A transaction that takes the same key with
 * `lockInTransaction` waits for it, and the reverse. Used per ArqSIGN process by the webhook
 * processor and per process by the automatic reactions.
 *
 * Waiting does not hold a pooled connection: the lock is tried (`pg_try_advisory_lock`) and, when
 * taken, the connection goes back to the pool until the next try (backing off up to 0.5 s).
 */
@Injectable()
export class AdvisoryLocks {
  constructor(private readonly dataSource: DataSource) {}

  async withLock<T>(key: string, work: () => Promise<T>, waitSeconds = 60): Promise<T> {
    const lock = key.toLowerCase();
    const deadline = Date.now() + waitSeconds * 1000;
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(MAX_RETRY_MS, delay * 2)) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      let locked = false;
      try {
        const [row] = (await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [lock])) as { locked: boolean }[];
        locked = row.locked;
        if (locked) {
          try {
            return await work();
          } finally {
            await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lock]).catch(() => undefined);
          }
        }
      } finally {
        await runner.release();
      }
      if (Date.now() + delay > deadline) throw new AdvisoryLockTimeoutError(`The lock ${key} stayed taken for ${waitSeconds} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Takes `key` for the rest of `transaction` (`pg_advisory_xact_lock`), waiting while another holds it. */
export async function lockInTransaction(transaction: EntityManager, key: string): Promise<void> {
  await transaction.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key.toLowerCase()]);
}
