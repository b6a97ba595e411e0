import type { DataSource } from 'typeorm';

/** Advisory-lock key of "applying the signing migrations" (any constant shared by all instances). */
const MIGRATIONS_LOCK = 'arqsign-bridge:migrations';

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so any number of instances
 * (or an embedding host) starting at once on one database apply each migration exactly once:
 * the others wait, then find nothing pending. The lock lives on one dedicated connection and is
 * released with it, also if this process dies.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATIONS_LOCK]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
