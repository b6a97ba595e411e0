import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';

describe('throwaway PostgreSQL cluster', () => {
  it('gives each test file its own database that accepts writes', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (v int)');
      await client.query('INSERT INTO t VALUES (42)');
      const { rows } = await client.query('SELECT v, current_database() AS name FROM t');
      expect(rows).toEqual([{ v: 42, name: db.name }]);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
