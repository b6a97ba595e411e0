import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Raised when the lock stays taken for the whole wait (the job fails and is retried). */
export class ProcessLockTimeoutError extends Error {
  override name = 'ProcessLockTimeoutError';
}

const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 500;

/**
 * Serializes the webhook work of one ArqSIGN process across instances: a PostgreSQL session
 * advisory lock held on a dedicated connection while `work` runs (released on return, or by
 * PostgreSQL if the instance dies). Deliveries of different processes run in parallel; those of
 * the same process — and the automatic reactions they trigger — one after another, so the
 * decisions that read state (an echo of our resend? renewals so far?) see each other's results.
 *
 * Waiting does not hold a pooled connection: the lock is tried (`pg_try_advisory_lock`) and, when
 * taken, the connection goes back to the pool until the next try (backing off up to 0.5 s).
 */
@Injectable()
export class ProcessLocks {
  constructor(private readonly dataSource: DataSource) {}

  async withLock<T>(key: string, work: () => Promise<T>, waitSeconds = 60): Promise<T> {
    const lock = `arqsign-webhook:${key.toLowerCase()}`;
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
      if (Date.now() + delay > deadline) throw new ProcessLockTimeoutError(`The webhook lock of ${key} stayed taken for ${waitSeconds} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
