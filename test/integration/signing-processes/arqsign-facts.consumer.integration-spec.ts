import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvents } from '../../../src/events/durable-events';
import { JobQueue } from '../../../src/jobs/job-queue';
import type { ArqsignFact } from '../../../src/shared/events/arqsign-events';
import { ArqsignFactsConsumer } from '../../../src/signing-processes/application/arqsign/arqsign-facts.consumer';
import { RESYNC_QUEUE, ResyncJobs } from '../../../src/signing-processes/application/arqsign/resync.job';
import { ProcessEventsPublisher } from '../../../src/signing-processes/application/process-events.publisher';
import { ProcessMutator } from '../../../src/signing-processes/application/process-mutator';
import { RecordingEventPublisher } from '../../../src/signing-processes/application/testing/recording-event-publisher';
import type { ProcessSynchronizer } from '../../../src/signing-processes/application/process-synchronizer';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, newProcess, sentFor, T0, WEBHOOK } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmArqsignFactLedger } from '../../../src/signing-processes/infrastructure/typeorm-arqsign-fact.ledger';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/eventually';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** Makes the first `mutate` lose the version check: another change of the process is saved between its load and its save. */
class RacingMutator extends ProcessMutator {
  races = 0;
  constructor(
    private readonly repo: TypeOrmSigningProcessRepository,
    events: ProcessEventsPublisher,
  ) {
    super(repo, events);
  }

  override async load(id: string, clientName?: string): Promise<SigningProcess> {
    const loaded = await super.load(id, clientName);
    if (this.races > 0) {
      this.races--;
      const other = await super.load(id);
      other.observe({ kind: 'signer-delivery-failed', arqsignSignerId: other.signers[1].arqsignSignerId!, at: new Date() }, WEBHOOK);
      await this.repo.save(other);
    }
    return loaded;
  }
}

/**
 * The consumer of the `arqsign.*` events (docs/architecture.md#events) on the real durable bus and
 * PostgreSQL: a fact is applied once whatever the redeliveries, a lost version check rolls the
 * whole dispatch back and the event is retried, and a re-read is a durable job, not a call.
 */
describe('ArqsignFactsConsumer (durable events, real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: JobQueue;
  let bus: DurableEvents;
  let repository: TypeOrmSigningProcessRepository;
  let mutator: RacingMutator;
  const published = new RecordingEventPublisher();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    jobs = new JobQueue(dataSource, { recoveryIntervalSeconds: 3600 });
    await jobs.onApplicationBootstrap(); // no worker for the re-sync queue: its jobs stay `created`
    bus = new DurableEvents(dataSource, undefined, { pollIntervalMs: 200, retryBaseMs: 100 });
    repository = new TypeOrmSigningProcessRepository(dataSource, undefined, bus);
    mutator = new RacingMutator(repository, new ProcessEventsPublisher(published));
    const resyncs = new ResyncJobs(jobs, repository, null as unknown as ProcessSynchronizer);
    new ArqsignFactsConsumer(bus, repository, mutator, new TypeOrmArqsignFactLedger(dataSource), resyncs).onModuleInit();
    await bus.onApplicationBootstrap();
  });
  afterAll(async () => {
    await bus?.beforeApplicationShutdown();
    await jobs?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function sentProcess(): Promise<SigningProcess> {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, T0);
    await repository.save(process);
    return process;
  }

  const publish = (eventId: string, fact: ArqsignFact) =>
    dataSource.transaction((manager) => bus.publish(manager, [{ eventId, name: fact.name, key: null, payload: fact.payload }]));
  const consumed = () =>
    eventually(async () => (await dataSource.query("SELECT count(*)::int AS n FROM signing.durable_event WHERE consumer = 'signing-processes.arqsign-facts'"))[0].n === 0, 'the events consumed');
  const ledger = (eventId: string) => dataSource.query('SELECT delivery_id, process_id, name, outcome FROM signing.arqsign_fact WHERE event_id = $1', [eventId]);
  const historyTypes = async (id: string) => (await repository.history(id)).map((h) => h.type);

  function signed(process: SigningProcess, deliveryId = randomUUID()): ArqsignFact {
    const signer = { arqsignSignerId: process.signers[0].arqsignSignerId!, copyOnly: false, signedAt: '2026-01-10T12:30:00.000Z', signature: null, refused: false, refusalReason: null, deliveryFailed: null };
    return { name: 'arqsign.signer.signed', payload: { deliveryId, arqsignProcessId: process.arqsignProcessId!, receivedAt: '2026-01-10T12:30:01.000Z', signers: [signer] } };
  }

  it('applies a fact once: the same event published again after it was consumed changes nothing', async () => {
    const process = await sentProcess();
    const eventId = randomUUID();
    const fact = signed(process);
    await publish(eventId, fact);
    await consumed();
    expect(await ledger(eventId)).toEqual([{ delivery_id: fact.payload.deliveryId, process_id: process.id, name: 'arqsign.signer.signed', outcome: { applied: ['signer-signed'] } }]);
    expect((await repository.findById(process.id))!.signers[0].status).toBe('SIGNED');
    const after = await historyTypes(process.id);

    await publish(eventId, fact); // a redelivery of the very same event
    await consumed();
    expect(await historyTypes(process.id)).toEqual(after);
    expect(await ledger(eventId)).toHaveLength(1);
    // The in-memory event was published once, after the commit.
    expect(published.names().filter((name) => name === 'signing.signer.signed')).toHaveLength(1);
  });

  it('a change that loses the version check rolls the dispatch back; the event is retried and applied once', async () => {
    const process = await sentProcess();
    const eventId = randomUUID();
    mutator.races = 1;
    await publish(eventId, signed(process));
    await consumed();
    expect(mutator.races).toBe(0); // the race happened
    const types = await historyTypes(process.id);
    expect(types.filter((t) => t === 'signer.signed')).toHaveLength(1);
    expect(types).toContain('signer.delivery-failed'); // the concurrent change survived
    expect(await ledger(eventId)).toEqual([expect.objectContaining({ outcome: { applied: ['signer-signed'] } })]);
  });

  it('an unrecognised event becomes a durable re-sync job, enqueued in the consuming transaction', async () => {
    const process = await sentProcess();
    const eventId = randomUUID();
    const deliveryId = randomUUID();
    await publish(eventId, {
      name: 'arqsign.process.unrecognised',
      payload: { deliveryId, arqsignProcessId: process.arqsignProcessId!, receivedAt: new Date().toISOString(), eventName: 'ProcessoNovo', trigger: 42 },
    });
    await consumed();
    expect(await ledger(eventId)).toEqual([expect.objectContaining({ outcome: { synced: 'unknown event ProcessoNovo: re-read from ArqSIGN' } })]);
    const resyncJobs = await dataSource.query('SELECT data FROM pgboss.job WHERE name = $1', [RESYNC_QUEUE]);
    expect(resyncJobs).toEqual([{ data: { processId: process.id, reason: 'unknown event ProcessoNovo: re-read from ArqSIGN' } }]);
    expect(await historyTypes(process.id)).toEqual(['process.created', 'process.sent']); // nothing applied, no ArqSIGN call
  });
});
