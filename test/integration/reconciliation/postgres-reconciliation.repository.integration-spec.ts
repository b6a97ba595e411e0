import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { PostgresReconciliationRepository } from '../../../src/reconciliation/postgres-reconciliation.repository';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/** Reconciliation's own persistence: the cluster lease (its worklist is the signing-processes facade's, test/integration/signing-processes/sync-checks.query.integration-spec.ts). */
describe('PostgresReconciliationRepository (migrations applied)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: PostgresReconciliationRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    repository = new PostgresReconciliationRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  describe('the run lease', () => {
    const task = () => `test-${randomUUID().slice(0, 8)}`;

    it('goes to exactly one of several concurrent claimers, and not again within the interval', async () => {
      const name = task();
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => repository.claimRun(name, owner, 3600, 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = ['a', 'b', 'c', 'd'][claims.indexOf(true)];
      await repository.finishRun(name, winner, { synced: 3 });
      expect(await repository.claimRun(name, 'e', 3600, 60_000)).toBe(false);
      const [row] = await dataSource.query('SELECT lease_owner, lease_until, last_outcome FROM signing.scheduled_task WHERE name = $1', [name]);
      expect(row).toEqual({ lease_owner: null, lease_until: null, last_outcome: { synced: 3 } });
    });

    it('is taken over once a crashed holder lets it expire; the old holder cannot release the new lease', async () => {
      const name = task();
      expect(await repository.claimRun(name, 'crashed', 1, 100)).toBe(true);
      expect(await repository.claimRun(name, 'other', 1, 60_000)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await repository.claimRun(name, 'other', 1, 60_000)).toBe(true);
      await repository.finishRun(name, 'crashed', {});
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await repository.claimRun(name, 'third', 1, 60_000)).toBe(false);
    });

    it('the migration created the reconciliation task row', async () => {
      expect(await dataSource.query("SELECT name FROM signing.scheduled_task WHERE name = 'reconciliation'")).toEqual([{ name: 'reconciliation' }]);
    });
  });
});
