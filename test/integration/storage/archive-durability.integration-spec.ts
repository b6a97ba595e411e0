import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { JobQueue } from '../../../src/jobs/job-queue';
import { ProcessTransactionHooks } from '../../../src/signing-processes/application/process-transaction-hooks';
import { ChangeSource } from '../../../src/signing-processes/domain/process-status';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, later, newProcess, sentFor, T0, WEBHOOK } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { PendingArchivesQuery } from '../../../src/signing-processes/infrastructure/pending-archives.query';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { ARCHIVE_QUEUE, ArchiveJob } from '../../../src/storage/archive/archive.job';
import type { ArchiveService } from '../../../src/storage/archive/archive.service';
import { TypeOrmStoredFileRepository } from '../../../src/storage/stored-file.repository';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const SYSTEM = { source: ChangeSource.POLICY, actor: 'system' };

/**
 * The archive job survives crashes because it is enqueued in the SAME transaction as the
 * COMPLETED transition (through the signing-processes transaction hook), and a sweep re-enqueues
 * PENDING archives whose job was lost. Real PostgreSQL and pg-boss; the archive run is a stub.
 */
describe('Archive job durability (PostgreSQL + pg-boss)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let queue: JobQueue;
  let hooks: ProcessTransactionHooks;
  let repository: TypeOrmSigningProcessRepository;
  let files: TypeOrmStoredFileRepository;
  let job: ArchiveJob;
  const runs: string[] = [];
  const stubArchive = { run: async (processId: string) => (runs.push(processId), { outcome: 'skipped', reason: 'stub' }), fail: async () => undefined } as unknown as ArchiveService;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    queue = new JobQueue(dataSource, { pollingIntervalSeconds: 0.5 });
    await queue.onApplicationBootstrap();
    hooks = new ProcessTransactionHooks();
    repository = new TypeOrmSigningProcessRepository(dataSource, hooks);
    const pending = new PendingArchivesQuery(dataSource); // what ProcessArchiveService.pendingArchives reads
    files = new TypeOrmStoredFileRepository(dataSource, { pendingArchives: (before, limit) => pending.list(before, limit) });
    job = new ArchiveJob(queue, stubArchive, hooks, files);
    job.onModuleInit();
  });
  afterAll(async () => {
    await queue?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  const jobsOf = async (processId: string) =>
    (await dataSource.query(`SELECT state, data FROM pgboss.job WHERE name = $1 AND data->>'processId' = $2`, [ARCHIVE_QUEUE, processId])) as { state: string }[];

  async function inProgress(): Promise<SigningProcess> {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, later(1));
    await repository.save(process);
    return (await repository.findById(process.id))!;
  }

  it('completing a process enqueues its archive job in the same transaction', async () => {
    const process = await inProgress();
    expect(await jobsOf(process.id)).toEqual([]);
    process.complete(later(2), WEBHOOK);
    await repository.save(process);
    expect(await jobsOf(process.id)).toEqual([{ state: 'created', data: { processId: process.id } }]);
    expect((await repository.findById(process.id))!.snapshot().archive.status).toBe('PENDING');
  });

  it('if the transaction fails, neither the completion nor the job exists', async () => {
    const process = await inProgress();
    // The archive hook enqueues first; a later hook then fails the transaction.
    const failing = new ProcessTransactionHooks();
    new ArchiveJob(queue, stubArchive, failing, files).onModuleInit();
    failing.register(async () => {
      throw new Error('crash after the enqueue, before the commit');
    });
    const crashing = new TypeOrmSigningProcessRepository(dataSource, failing);
    process.complete(later(2), WEBHOOK);
    await expect(crashing.save(process)).rejects.toThrow('crash after the enqueue');
    expect((await repository.findById(process.id))!.status).toBe('IN_PROGRESS');
    expect(await jobsOf(process.id)).toEqual([]);
  });

  it('an archive retry request enqueues the job too', async () => {
    const process = await inProgress();
    process.complete(later(2), WEBHOOK);
    await repository.save(process);
    const loaded = (await repository.findById(process.id))!;
    loaded.markArchiveFailed('link expired; API down', SYSTEM, later(3));
    await repository.save(loaded);
    const again = (await repository.findById(process.id))!;
    again.retryArchive(API, later(4));
    await repository.save(again);
    expect(await jobsOf(process.id)).toHaveLength(2);
  });

  it('the worker runs the jobs, and the sweep re-enqueues a PENDING archive whose job was lost (and only that one)', async () => {
    const process = await inProgress();
    process.complete(later(2), WEBHOOK);
    await repository.save(process);
    // Simulate a lost job (e.g. a database restored without the pg-boss schema).
    await dataSource.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'processId' = $2`, [ARCHIVE_QUEUE, process.id]);
    await dataSource.query(`UPDATE signing.signing_process SET updated_at = now() - interval '1 hour' WHERE id = $1`, [process.id]);

    const kept = await inProgress();
    kept.complete(later(2), WEBHOOK);
    await repository.save(kept);
    await dataSource.query(`UPDATE signing.signing_process SET updated_at = now() - interval '1 hour' WHERE id = $1`, [kept.id]);

    // Before any worker runs: only the archive without a job gets one.
    expect(await job.sweep(new Date(Date.now() - 60_000))).toEqual([process.id]);
    expect(await jobsOf(kept.id)).toHaveLength(1);
    await job.onApplicationBootstrap(); // starts the worker
    await waitFor(() => runs.includes(process.id) && runs.includes(kept.id), 'the archive runs');
  });

  describe('stored files', () => {
    it('records a file once per (process, kind, order): a second insert is refused', async () => {
      const process = await inProgress();
      const row = (id: string) => ({
        id,
        processId: process.id,
        kind: 'SIGNED_DOCUMENT' as const,
        documentOrder: 1,
        arqsignDocumentId: null,
        fileName: 'contrato.pdf',
        storageKey: `processes/${process.id}/${id}.pdf`,
        size: 10,
        sha256: 'a'.repeat(64),
        source: 'LINK' as const,
      });
      const first = randomUUID();
      expect(await files.insertIfAbsent(row(first))).toBe(true);
      expect(await files.insertIfAbsent(row(randomUUID()))).toBe(false);
      expect((await files.listByProcess(process.id)).map((f) => f.id)).toEqual([first]);
      expect(await files.findById(process.id, first)).toMatchObject({ size: 10, sha256: 'a'.repeat(64) });
      expect(await files.findById(randomUUID(), first)).toBeNull();
    });

    it('lets one archive run per process at a time, across connections', async () => {
      const id = randomUUID();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = files.withProcessLock(id, () => held.then(() => 'first'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await files.withProcessLock(id, async () => 'second')).toEqual({ locked: false });
      expect(await files.withProcessLock(randomUUID(), async () => 'other process')).toEqual({ locked: true, result: 'other process' });
      release();
      expect(await first).toEqual({ locked: true, result: 'first' });
      expect(await files.withProcessLock(id, async () => 'after')).toEqual({ locked: true, result: 'after' });
    });
  });
});

async function waitFor(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
