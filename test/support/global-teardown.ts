import type { ThrowawayCluster } from './throwaway-postgres';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as Record<string, unknown>).__TEST_PG__ as ThrowawayCluster | undefined;
  if (!cluster) return;
  (globalThis as Record<string, unknown>).__TEST_PG__ = undefined;
  delete process.env.TEST_PG_ADMIN_URL;
  await cluster.stop();
}
