import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Serializes the webhook work of one ArqSIGN process across instances: a PostgreSQL session
 * advisory lock held on a dedicated connection while `work` runs (released on return, or by
 * PostgreSQL if the instance dies). Deliveries of different processes run in parallel; those of
 * the same process — and the automatic reactions they trigger — one after another, so the
 * decisions that read state (an echo of our resend? renewals so far?) see each other's results.
 */
@Injectable()
export class ProcessLocks {
  constructor(private readonly dataSource: DataSource) {}

  async withLock<T>(key: string, work: () => Promise<T>, waitSeconds = 60): Promise<T> {
    const lock = `arqsign-webhook:${key.toLowerCase()}`;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET lock_timeout = '${Math.max(1, Math.round(waitSeconds))}s'`);
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lock]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lock]).catch(() => undefined);
      }
    } finally {
      await runner.query('RESET lock_timeout').catch(() => undefined);
      await runner.release();
    }
  }
}
