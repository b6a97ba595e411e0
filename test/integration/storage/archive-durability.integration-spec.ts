import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvents } from '../../../src/events/durable-events';
import { JobQueue } from '../../../src/jobs/job-queue';
import { ChangeSource } from '../../../src/signing-processes/domain/process-status';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, later, newProcess, sentFor, T0, WEBHOOK } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { PendingArchivesQuery } from '../../../src/signing-processes/infrastructure/pending-archives.query';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { ARCHIVE_QUEUE, ArchiveJob } from '../../../src/storage/archive/archive.job';
import { ARCHIVE_CONSUMER, ArchiveTrigger } from '../../../src/storage/archive/archive-trigger';
import type { ArchiveService } from '../../../src/storage/archive/archive.service';
import { TypeOrmStoredFileRepository } from '../../../src/storage/stored-file.repository';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const SYSTEM = { source: ChangeSource.POLICY, actor: 'system' };

/**
 * The archive job survives crashes: the COMPLETED transition writes its `signing.process.changed`
 * durable event in the same transaction, the `storage.archive` consumer enqueues the job in the
 * transaction that consumes that event, and a sweep re-enqueues PENDING archives whose job was
 * lost. Real PostgreSQL, outbox and pg-boss; the archive run is a stub.
 */
describe('Archive job durability (PostgreSQL + pg-boss)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let queue: JobQueue;
  let bus: DurableEvents;
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
    const pending = new PendingArchivesQuery(dataSource); // what ProcessArchiveService.pendingArchives reads
    files = new TypeOrmStoredFileRepository(dataSource, { pendingArchives: (before, limit) => pending.list(before, limit) });
    job = new ArchiveJob(queue, stubArchive, files);
    bus = await instance({ start: true });
    repository = new TypeOrmSigningProcessRepository(dataSource, bus);
  });
  afterAll(async () => {
    for (const started of buses) await started.beforeApplicationShutdown();
    await queue?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  const buses: DurableEvents[] = [];
  /** One "service instance"'s durable events, with the archive consumer subscribed. */
  async function instance({ start }: { start: boolean }): Promise<DurableEvents> {
    const events = new DurableEvents(dataSource, undefined, { pollIntervalMs: 200 });
    new ArchiveTrigger(events, job).onModuleInit();
    if (start) await events.onApplicationBootstrap();
    buses.push(events);
    return events;
  }
  const waitingEvents = async (processId: string) =>
    ((await dataSource.query(`SELECT count(*)::int AS n FROM signing.durable_event WHERE consumer = $1 AND key = $2`, [ARCHIVE_CONSUMER, processId])) as { n: number }[])[0].n;
  const jobsOf = async (processId: string) =>
    (await dataSource.query(`SELECT state, data FROM pgboss.job WHERE name = $1 AND data->>'processId' = $2`, [ARCHIVE_QUEUE, processId])) as { state: string }[];

  async function inProgress(): Promise<SigningProcess> {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, later(1));
    await repository.save(process);
    return (await repository.findById(process.id))!;
  }

  /** Completes the process and waits until the consumer enqueued its archive job. */
  async function complete(process: SigningProcess): Promise<void> {
    process.complete(later(2), WEBHOOK);
    await repository.save(process);
    await until(async () => (await jobsOf(process.id)).length > 0, 'the archive job');
  }

  it('completing a process writes its event with the change; the consumer enqueues the archive job', async () => {
    const process = await inProgress();
    expect(await jobsOf(process.id)).toEqual([]);
    await complete(process);
    expect(await jobsOf(process.id)).toEqual([{ state: 'created', data: { processId: process.id } }]);
    expect(await waitingEvents(process.id)).toBe(0);
    expect((await repository.findById(process.id))!.snapshot().archive.status).toBe('PENDING');
  });

  it('if the completing transaction fails, neither the completion nor its event (so no job) exists', async () => {
    const process = await inProgress();
    await until(async () => (await waitingEvents(process.id)) === 0, 'the earlier changes consumed');
    process.complete(later(2), WEBHOOK);
    await expect(
      dataSource.transaction(async (transaction) => {
        await repository.save(process, { transaction });
        throw new Error('crash after the save, before the commit');
      }),
    ).rejects.toThrow('crash after the save');
    expect((await repository.findById(process.id))!.status).toBe('IN_PROGRESS');
    expect(await waitingEvents(process.id)).toBe(0);
    expect(await jobsOf(process.id)).toEqual([]);
  });

  it('an archive retry request enqueues the job too', async () => {
    const process = await inProgress();
    await complete(process);
    const loaded = (await repository.findById(process.id))!;
    loaded.markArchiveFailed('link expired; API down', SYSTEM, later(3));
    await repository.save(loaded);
    const again = (await repository.findById(process.id))!;
    again.retryArchive(API, later(4));
    await repository.save(again);
    await until(async () => (await jobsOf(process.id)).length === 2, 'the second archive job');
  });

  it('the worker runs the jobs, and the sweep re-enqueues a PENDING archive whose job was lost (and only that one)', async () => {
    const process = await inProgress();
    await complete(process);
    // Simulate a lost job (e.g. a database restored without the pg-boss schema).
    await dataSource.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'processId' = $2`, [ARCHIVE_QUEUE, process.id]);
    await dataSource.query(`UPDATE signing.signing_process SET updated_at = now() - interval '1 hour' WHERE id = $1`, [process.id]);

    const kept = await inProgress();
    await complete(kept);
    await dataSource.query(`UPDATE signing.signing_process SET updated_at = now() - interval '1 hour' WHERE id = $1`, [kept.id]);

    // Before any worker runs: only the archive without a job gets one.
    expect(await job.sweep(new Date(Date.now() - 60_000))).toEqual([process.id]);
    expect(await jobsOf(kept.id)).toHaveLength(1);
    await job.onApplicationBootstrap(); // starts the worker
    await waitFor(() => runs.includes(process.id) && runs.includes(kept.id), 'the archive runs');
  });

  it('a process completed while no instance consumes the event is archived once a new instance starts', async () => {
    const process = await inProgress();
    await until(async () => (await waitingEvents(process.id)) === 0, 'the earlier changes consumed');
    await bus.beforeApplicationShutdown(); // the running instance goes away
    const crashed = await instance({ start: false }); // one that saves the completion, then dies before consuming
    process.complete(later(2), WEBHOOK);
    await new TypeOrmSigningProcessRepository(dataSource, crashed).save(process);
    expect(await waitingEvents(process.id)).toBe(1);
    expect(await jobsOf(process.id)).toEqual([]);

    await instance({ start: true }); // a new instance starts
    await until(async () => (await jobsOf(process.id)).length === 1, 'the archive job enqueued by the new instance');
    await waitFor(() => runs.includes(process.id), 'the archive run');
    expect(await waitingEvents(process.id)).toBe(0);
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

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitFor(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
