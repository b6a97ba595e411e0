import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { PostgresSyncChecks } from '../../../src/signing-processes/infrastructure/sync-checks.query';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

interface Row {
  status: string;
  /** Ago, in seconds. */
  updated: number;
  sent?: number;
  expirationDays?: number | null;
  deferred?: boolean;
  resent?: number;
  checked?: number;
}

/** Which processes are due for a check against ArqSIGN, and the record of each check (reconciliation's worklist). */
describe('PostgresSyncChecks (migrations applied)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let checks: PostgresSyncChecks;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    checks = new PostgresSyncChecks(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  beforeEach(async () => {
    await dataSource.query('TRUNCATE signing.signing_process_history, signing.reconcile_check, signing.signing_process CASCADE');
  });

  async function insert(name: string, row: Row): Promise<string> {
    const id = randomUUID();
    const ago = (seconds: number | undefined) => (seconds === undefined ? null : new Date(Date.now() - seconds * 1000));
    const settings = row.expirationDays === null ? {} : { expirationDays: row.expirationDays ?? 30 };
    await dataSource.query(
      `INSERT INTO signing.signing_process (id, client_name, name, status, settings, send_attempted_at, send_deferred, created_at, updated_at)
       VALUES ($1, 'erp', $2, $3, $4, $5, $6, $7, $8)`,
      [id, name, row.status, JSON.stringify(settings), ago(row.sent ?? row.updated), row.deferred ?? false, ago(row.sent ?? row.updated), ago(row.updated)],
    );
    if (row.resent !== undefined) {
      await dataSource.query(
        `INSERT INTO signing.signing_process_history (process_id, type, from_status, to_status, actor, source, occurred_at) VALUES ($1, 'process.resent', 'EXPIRED', 'IN_PROGRESS', 'erp', 'api', $2)`,
        [id, ago(row.resent)],
      );
    }
    if (row.checked !== undefined) {
      await dataSource.query(`INSERT INTO signing.reconcile_check (process_id, checked_at, outcome, reason) VALUES ($1, $2, 'UNCHANGED', 'STALE')`, [id, ago(row.checked)]);
    }
    return id;
  }

  const HOUR = 3600;
  const DAY = 24 * HOUR;

  it('finds deferred sends, past deadlines, stale IN_PROGRESS/SENDING, then stale EXPIRED, oldest news first; never terminal or uncertain ones', async () => {
    const ids = {
      staleInProgress: await insert('stale in progress', { status: 'IN_PROGRESS', updated: 2 * HOUR }),
      olderInProgress: await insert('older in progress', { status: 'IN_PROGRESS', updated: 4 * HOUR }),
      fresh: await insert('fresh', { status: 'IN_PROGRESS', updated: 600 }),
      completed: await insert('completed', { status: 'COMPLETED', updated: 2 * DAY }),
      uncertain: await insert('uncertain', { status: 'SEND_UNCERTAIN', updated: 2 * DAY }),
      staleExpired: await insert('stale expired', { status: 'EXPIRED', updated: 3 * HOUR }),
      pastDeadline: await insert('past deadline', { status: 'IN_PROGRESS', sent: 31 * DAY, updated: 300 }),
      renewed: await insert('renewed', { status: 'IN_PROGRESS', sent: 31 * DAY, resent: 2 * DAY, updated: 300 }),
      noDeadline: await insert('no deadline known', { status: 'IN_PROGRESS', sent: 400 * DAY, updated: 300, expirationDays: null }),
      deferred: await insert('deferred send', { status: 'SENDING', deferred: true, updated: 60 }),
      sending: await insert('sending now', { status: 'SENDING', updated: 60 }),
      checkedRecently: await insert('checked recently', { status: 'IN_PROGRESS', updated: 5 * HOUR, checked: 600 }),
    };
    const due = await checks.due({ staleAfterS: HOUR, intervalS: 60, limit: 10 });
    const name = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
    expect(due.map((d) => [name[d.processId], d.reason])).toEqual([
      ['deferred', 'SEND_DEFERRED'],
      ['pastDeadline', 'PAST_EXPIRY'],
      ['olderInProgress', 'STALE'],
      ['staleInProgress', 'STALE'],
      // EXPIRED only changes when renewed or cancelled: it must not crowd out processes being signed.
      ['staleExpired', 'STALE'],
    ]);
    expect(due[2].lastNewsAt.getTime()).toBeLessThan(due[3].lastNewsAt.getTime());
    expect(await checks.due({ staleAfterS: HOUR, intervalS: 60, limit: 2 })).toHaveLength(2);
  });

  it('a recorded check is news: the process is not due again until it is stale again, or its deadline passes after the check', async () => {
    const stale = await insert('stale', { status: 'IN_PROGRESS', updated: 2 * HOUR });
    const pastDeadline = await insert('past deadline', { status: 'IN_PROGRESS', sent: 31 * DAY, updated: 300 });
    const deferred = await insert('deferred', { status: 'SENDING', deferred: true, updated: 60 });
    for (const processId of [stale, pastDeadline, deferred]) await checks.record({ processId, outcome: 'UNCHANGED', reason: 'STALE' });
    expect(await checks.due({ staleAfterS: HOUR, intervalS: 60, limit: 10 })).toEqual([]);
    // A stale-after shorter than the time since the check: due again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await checks.due({ staleAfterS: 1, intervalS: 1, limit: 10 })).map((d) => d.processId).sort()).toEqual([stale, pastDeadline, deferred].sort());

    await checks.record({ processId: stale, outcome: 'FAILED', reason: 'STALE', error: 'ArqSIGN getProcess: not found' });
    const [row] = await dataSource.query('SELECT outcome, error FROM signing.reconcile_check WHERE process_id = $1', [stale]);
    expect(row).toEqual({ outcome: 'FAILED', error: 'ArqSIGN getProcess: not found' });
  });
});
