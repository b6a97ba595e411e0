import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayCluster } from './throwaway-postgres';

/**
 * Starts one throwaway PostgreSQL cluster for the integration and e2e tiers (both projects point
 * here; the second call sees the cluster already running). Each test file then creates its own
 * database in it (see `createTestDatabase`), so files can run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_PG_ADMIN_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'arqsign-bridge-test-pg-'));
  chmodSync(dir, 0o755); // the cluster runs as the postgres user when we are root
  const cluster = await startThrowawayCluster(dir);
  (globalThis as Record<string, unknown>).__TEST_PG__ = cluster;
  process.env.TEST_PG_ADMIN_URL = cluster.adminUrl;
}
