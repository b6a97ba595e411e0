import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DurableEvents } from '../../../src/events/durable-events';
import { ConcurrentModificationError, IdempotencyKeyTakenError } from '../../../src/signing-processes/application/signing-process.repository';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, newProcess, newSigner, sentFor, T0 } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const PDF = Buffer.from('%PDF-1.4\n% bytes kept for restarts\n%%EOF\n');

describe('TypeOrmSigningProcessRepository on PostgreSQL (migrations applied)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: TypeOrmSigningProcessRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    repository = new TypeOrmSigningProcessRepository(dataSource, new DurableEvents(dataSource)); // no subscribers: publishes nothing
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function stored(overrides: Parameters<typeof newProcess>[0] = {}, at = T0) {
    const process = SigningProcess.send(newProcess(overrides), API, at);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    return process;
  }

  it('stores a process with its signers, documents, bytes and history, and reads it back unchanged', async () => {
    const process = await stored();
    process.markSent(sentFor(process), API, new Date(T0.getTime() + 1000));
    await repository.save(process);

    const loaded = (await repository.findById(process.id, 'erp'))!;
    expect(loaded.snapshot()).toEqual(process.snapshot());
    expect(loaded.version).toBe(1);
    expect(await repository.findById(process.id, 'crm')).toBeNull();
    expect(await repository.findById('not-a-uuid')).toBeNull();
    expect((await repository.findByArqsignProcessId(sentFor(process).arqsignProcessId.toUpperCase()))?.id).toBe(process.id);
    expect([...(await repository.documentContents(process.id)).values()]).toEqual([PDF]);
    expect((await repository.history(process.id)).map((h) => [h.type, h.fromStatus, h.toStatus, h.source])).toEqual([
      ['process.created', null, 'SENDING', 'api'],
      ['process.sent', 'SENDING', 'IN_PROGRESS', 'api'],
    ]);
  });

  it('refuses a save based on a stale version, writing nothing of it', async () => {
    const process = await stored();
    const first = (await repository.findById(process.id))!;
    const second = (await repository.findById(process.id))!;
    first.markSendFailed({ code: 'X', message: 'x', arqsignMessages: [] }, API, new Date());
    await repository.save(first);
    second.markSent(sentFor(second), API, new Date());
    await expect(repository.save(second)).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect((await repository.findById(process.id))!.status).toBe('SEND_FAILED');
    expect((await repository.history(process.id)).map((h) => h.type)).toEqual(['process.created', 'process.send-failed']);
  });

  it('stores an idempotency key with its process in one transaction; the same key again stores nothing', async () => {
    const first = SigningProcess.send(newProcess(), API, T0);
    const key = { clientName: 'erp', key: 'k-1', requestHash: 'a'.repeat(64) };
    await repository.insert(first, new Map(first.documents.map((d) => [d.id, PDF])), { idempotency: { ...key, processId: first.id } });
    const second = SigningProcess.send(newProcess(), API, T0);
    await expect(repository.insert(second, new Map(second.documents.map((d) => [d.id, PDF])), { idempotency: { ...key, processId: second.id } })).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(await repository.findById(second.id)).toBeNull();
    expect(await repository.findIdempotencyKey('erp', 'k-1')).toEqual({ ...key, processId: first.id });
    expect(await repository.findIdempotencyKey('crm', 'k-1')).toBeNull();
  });

  it('links a restart to its origin atomically (a stale origin stores neither)', async () => {
    const origin = await stored();
    const cancelled = (await repository.findById(origin.id))!;
    cancelled.markSendFailed({ code: 'X', message: 'x', arqsignMessages: [] }, API, new Date());
    await repository.save(cancelled);

    const stale = (await repository.findById(origin.id))!;
    const fresh = (await repository.findById(origin.id))!;
    const restart = SigningProcess.send(newProcess({ restartedFrom: origin.id }), API, new Date());
    fresh.markRestarted(restart.id, API, new Date());
    await repository.insert(restart, new Map(restart.documents.map((d) => [d.id, PDF])), { restartedFrom: fresh });
    expect((await repository.findById(origin.id))!.snapshot().restartedTo).toBe(restart.id);

    const another = SigningProcess.send(newProcess({ restartedFrom: origin.id }), API, new Date());
    stale.markRestarted(another.id, API, new Date());
    await expect(repository.insert(another, new Map(another.documents.map((d) => [d.id, PDF])), { restartedFrom: stale })).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect(await repository.findById(another.id)).toBeNull();
  });

  it('keeps the history append-only', async () => {
    const process = await stored();
    await expect(dataSource.query('UPDATE signing.signing_process_history SET type = $1 WHERE process_id = $2', ['x', process.id])).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM signing.signing_process_history WHERE process_id = $1', [process.id])).rejects.toThrow(/append-only/);
  });

  it('lists newest first with a stable order for equal creation times', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const ids = (await Promise.all([1, 2, 3].map(() => stored({ clientName: 'lister' }, at)))).map((p) => p.id).sort().reverse();
    const later = await stored({ clientName: 'lister', externalId: 'LATER' }, new Date(at.getTime() + 1));
    const page1 = await repository.list({ clientName: 'lister', limit: 2 });
    expect(page1).toMatchObject({ hasMore: true });
    expect(page1.items.map((p) => p.id)).toEqual([later.id, ids[0]]);
    const page2 = await repository.list({ clientName: 'lister', limit: 2, after: { createdAt: at, id: ids[0] } });
    expect(page2.items.map((p) => p.id)).toEqual([ids[1], ids[2]]);
    expect(page2.hasMore).toBe(false);
    expect((await repository.list({ clientName: 'lister', limit: 10, externalId: 'LATER', statuses: ['SENDING'] })).items.map((p) => p.id)).toEqual([later.id]);
  });

  it('pages through several statuses at once newest first, each process whole (signers, documents, a signature time to the millisecond)', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2031, 0, 1, 0, minutes));
    const made: SigningProcess[] = [];
    for (let i = 0; i < 7; i++) {
      const process = await stored({ clientName: 'multi', signers: [newSigner({ name: 'Ana' }), newSigner({ name: 'Bia', email: 'bia@example.com' })] }, at(i % 5));
      if (i % 3 !== 2) {
        process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, at(10));
        if (i % 3 === 1) process.recordSignature(process.signers[0].id, { signedAt: new Date(Date.UTC(2031, 0, 2, 3, 4, 5, 678)), data: null }, API);
        await repository.save(process);
      }
      made.push(process);
    }
    const newestFirst = (a: SigningProcess, b: SigningProcess) => b.snapshot().createdAt.getTime() - a.snapshot().createdAt.getTime() || (a.id < b.id ? 1 : -1);
    const expected = made.filter((p) => p.status === 'IN_PROGRESS' || p.status === 'SENDING').sort(newestFirst);
    const seen: SigningProcess[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await repository.list({ clientName: 'multi', statuses: ['SENDING', 'IN_PROGRESS', 'SENDING'], limit: 2, after });
      seen.push(...result.items);
      if (!result.hasMore) break;
      const last = result.items.at(-1)!.snapshot();
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen.map((p) => p.id)).toEqual(expected.map((p) => p.id));
    expect(seen.map((p) => p.snapshot())).toEqual(expected.map((p) => ({ ...p.snapshot(), version: p.version })));
    expect(seen.some((p) => p.snapshot().signers[0].signedAt?.toISOString() === '2031-01-02T03:04:05.678Z')).toBe(true);
    const window = await repository.list({ clientName: 'multi', statuses: ['IN_PROGRESS', 'SENDING'], createdFrom: at(1), createdTo: at(3), limit: 10 });
    expect(window.items.map((p) => p.id)).toEqual(expected.filter((p) => p.snapshot().createdAt >= at(1) && p.snapshot().createdAt < at(3)).map((p) => p.id));
  });

  it('can revert and re-apply its migration', async () => {
    const applied = async () => (await dataSource.query("SELECT 1 FROM signing_migrations WHERE name = 'CreateSigningProcesses1764295200000'")).length > 0;
    while (await applied()) await dataSource.undoLastMigration(); // later migrations first
    expect(await dataSource.query("SELECT to_regclass('signing.signing_process') AS t")).toEqual([{ t: null }]);
    await dataSource.runMigrations();
    expect(await dataSource.query("SELECT to_regclass('signing.signing_process') AS t")).toEqual([{ t: 'signing.signing_process' }]);
  });
});
