import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvent, DurableEvents } from '../../../src/events/durable-events';
import { ProcessEventsPublisher } from '../../../src/signing-processes/application/process-events.publisher';
import { ProcessMutator } from '../../../src/signing-processes/application/process-mutator';
import { ConcurrentModificationError } from '../../../src/signing-processes/application/signing-process.repository';
import { RecordingEventPublisher } from '../../../src/signing-processes/application/testing/recording-event-publisher';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, later, newProcess, sentFor, T0, WEBHOOK } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { PROCESS_CHANGED, ProcessChangedPayload, readProcessChange } from '../../../src/signing-processes';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/eventually';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/**
 * The producer of `signing.process.changed` (docs/durable-events.md): every saved change of a
 * process publishes ONE durable event in the saving transaction — also inside a caller's
 * transaction, where it commits or rolls back with the caller's work.
 */
describe('signing.process.changed, published by the process repository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: DurableEvents;
  let repository: TypeOrmSigningProcessRepository;
  let mutator: ProcessMutator;
  let recorded: RecordingEventPublisher;
  const received: DurableEvent<ProcessChangedPayload>[] = [];
  const of = (processId: string) => received.filter((e) => e.key === processId);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    bus = new DurableEvents(dataSource, undefined, { pollIntervalMs: 200 });
    bus.subscribe<ProcessChangedPayload>('test.process-changed', [PROCESS_CHANGED], async (event) => void received.push(event));
    await bus.onApplicationBootstrap();
    repository = new TypeOrmSigningProcessRepository(dataSource, bus);
    recorded = new RecordingEventPublisher();
    mutator = new ProcessMutator(repository, new ProcessEventsPublisher(recorded));
  });
  afterAll(async () => {
    await bus?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function stored(): Promise<SigningProcess> {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    return process;
  }
  const waiting = async (processId: string) => (await dataSource.query(`SELECT count(*)::int AS n FROM signing.durable_event WHERE key = $1`, [processId]))[0].n as number;

  it('publishes one event per saved change: the state after it, the history it added, its cause', async () => {
    const process = await stored();
    process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, later(1));
    process.complete(later(2), WEBHOOK);
    await repository.save(process, { cause: { deliveryId: 'delivery-1', arqsignEventId: 'evt-9' } });

    await eventually(() => of(process.id).length === 2, 'both changes consumed');
    const [created, completed] = of(process.id);
    expect(created).toMatchObject({ name: PROCESS_CHANGED, key: process.id });
    expect(created.payload.history.map((h) => h.type)).toEqual(['process.created']);
    expect(created.payload.cause).toBeNull();
    expect(created.payload.process.version).toBe(0);

    const change = readProcessChange(completed.payload);
    expect(change.cause).toEqual({ deliveryId: 'delivery-1', arqsignEventId: 'evt-9' });
    expect(change.history.map((h) => h.type)).toEqual(['process.sent', 'process.completed']);
    expect(change.history[1].occurredAt).toEqual(later(2));
    expect(change.process).toMatchObject({ id: process.id, status: 'COMPLETED', version: 1, completedAt: later(2), createdAt: T0 });
    expect(change.process).toEqual((await repository.findById(process.id))!.snapshot());
  });

  it("saves inside the caller's transaction: the change and its event roll back with it", async () => {
    const process = await stored();
    await eventually(() => of(process.id).length === 1, 'the creation consumed');
    const loaded = (await repository.findById(process.id))!;
    loaded.markSent({ ...sentFor(loaded), arqsignProcessId: randomUUID() }, API, later(1));
    await dataSource
      .transaction(async (transaction) => {
        await repository.save(loaded, { transaction });
        expect(await transaction.query(`SELECT count(*)::int AS n FROM signing.durable_event WHERE key = $1`, [process.id])).toEqual([{ n: 1 }]);
        throw new Error('the caller fails after the save');
      })
      .catch(() => undefined);
    expect((await repository.findById(process.id))!.status).toBe('SENDING');
    expect(await waiting(process.id)).toBe(0);
  });

  it('mutate with a transaction: saved once in it, no retry on a version conflict, in-memory events after the commit', async () => {
    const process = await stored();
    const afterCommit: (() => void | Promise<void>)[] = [];
    const arqsignProcessId = randomUUID();
    await dataSource.transaction(async (transaction) => {
      await mutator.mutate(process.id, undefined, (p) => p.markSent({ ...sentFor(p), arqsignProcessId }, API, later(1)), {
        transaction,
        cause: { deliveryId: 'delivery-2' },
        afterCommit: (fn) => void afterCommit.push(fn),
      });
      expect(recorded.names()).not.toContain('signing.process.sent');
    });
    expect(afterCommit).toHaveLength(1);
    for (const fn of afterCommit) await fn();
    expect(recorded.published.filter((e) => e.payload.processId === process.id).map((e) => e.name)).toEqual(['signing.process.sent']);
    await eventually(() => of(process.id).length === 2, 'the change consumed');
    expect(of(process.id)[1].payload.cause).toEqual({ deliveryId: 'delivery-2' });

    // Someone else saved since the load (here: the caller's own transaction moved the version on).
    const conflicting = dataSource.transaction(async (transaction) => {
      await transaction.query('UPDATE signing.signing_process SET version = version + 1 WHERE id = $1', [process.id]);
      await mutator.mutate(process.id, undefined, (p) => p.complete(later(2), WEBHOOK), { transaction });
    });
    await expect(conflicting).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect((await repository.findById(process.id))!.status).toBe('IN_PROGRESS');
  });
});
