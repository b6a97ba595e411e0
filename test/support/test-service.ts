import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/app-config';
import { secretValues } from '../../src/config/runtime-config';
import { createRootLogger } from '../../src/observability/logger';
import { RunningService, startService } from '../../src/service';
import { freePort } from './free-port';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestService extends RunningService {
  database: TestDatabase;
  /** Every log line the service wrote (JSON strings). */
  logLines: string[];
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

/**
 * The whole service as `npm start` runs it (startService), on ephemeral ports, against a fresh
 * database in the throwaway cluster. In sandbox mode (no ARQSIGN_BASE_URL in `env`) it starts
 * the real simulator too.
 */
export async function startTestService(env: NodeJS.ProcessEnv = {}, options: { database?: TestDatabase } = {}): Promise<TestService> {
  const database = options.database ?? (await createTestDatabase());
  // Archived files (local storage driver) go to a throwaway DATA_DIR unless the test chose one.
  const dataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'arqsign-bridge-data-')) : undefined;
  if (dataDir) env = { ...env, DATA_DIR: dataDir };
  const removeDataDir = () => dataDir && rmSync(dataDir, { recursive: true, force: true });
  // Real free ports (not 0): PUBLIC_BASE_URL, and so the webhook URLs given to ArqSIGN, derive from PORT.
  const config = loadConfig({ PORT: String(await freePort()), SANDBOX_PORT: '0', DATABASE_URL: database.url, LOG_LEVEL: 'info', ...env });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createRootLogger({ level: config.logLevel, secrets: secretValues(config), publicValues: ['sandbox-key'], destination });
  try {
    const service = await startService(config, logger);
    return {
      ...service,
      database,
      logLines,
      async close() {
        await service.stop();
        if (!options.database) await database.drop();
        removeDataDir();
      },
    };
  } catch (error) {
    if (!options.database) await database.drop();
    removeDataDir();
    throw error;
  }
}
