import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvents } from '../../../src/events/durable-events';
import { JobQueue } from '../../../src/jobs/job-queue';
import { ProcessEventsPublisher } from '../../../src/signing-processes/application/process-events.publisher';
import { ProcessMutator } from '../../../src/signing-processes/application/process-mutator';
import { ReactionScheduler } from '../../../src/signing-processes/application/reactions/reaction-scheduler';
import { ReactionStore, RUN_REACTION_QUEUE } from '../../../src/signing-processes/application/reactions/reaction-store';
import { RecordingEventPublisher } from '../../../src/signing-processes/application/testing/recording-event-publisher';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, newProcess, sentFor, T0, WEBHOOK } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import type { ResolvedSigningOptions } from '../../../src/signing.module-definition';
import { eventually } from '../../support/eventually';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/**
 * The automatic reactions planned from the durable `signing.process.changed` event
 * (docs/architecture.md#automatic-reactions): stored with their job in the consuming transaction,
 * with the delivery that caused the change, at most as often as the policy allows.
 */
describe('ReactionScheduler (consumer of signing.process.changed, real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: JobQueue;
  let bus: DurableEvents;
  let repository: TypeOrmSigningProcessRepository;
  let mutator: ProcessMutator;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    jobs = new JobQueue(dataSource, { recoveryIntervalSeconds: 3600 });
    await jobs.onApplicationBootstrap(); // no reaction worker: the jobs stay `created`
    bus = new DurableEvents(dataSource, undefined, { pollIntervalMs: 200, retryBaseMs: 100 });
    repository = new TypeOrmSigningProcessRepository(dataSource, undefined, bus);
    mutator = new ProcessMutator(repository, new ProcessEventsPublisher(new RecordingEventPublisher()));
    const options = { autoResendOnDeliveryFailure: true, autoRenewOnExpiryMax: 1 } as ResolvedSigningOptions;
    new ReactionScheduler(bus, new ReactionStore(dataSource, jobs), jobs, options).onModuleInit();
    await bus.onApplicationBootstrap();
  });
  afterAll(async () => {
    await bus?.beforeApplicationShutdown();
    await jobs?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  const consumed = () =>
    eventually(async () => (await dataSource.query("SELECT count(*)::int AS n FROM signing.durable_event WHERE consumer = 'signing-processes.reactions'"))[0].n === 0, 'the changes consumed');
  const reactionsOf = (processId: string) => dataSource.query('SELECT id, delivery_id, kind, state FROM signing.process_reaction WHERE process_id = $1 ORDER BY created_at', [processId]);
  const jobsOf = async (reactionId: string) => (await dataSource.query("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'reactionId' = $2", [RUN_REACTION_QUEUE, reactionId]))[0].n as number;

  it('an expiry caused by a delivery plans one renewal with that delivery and its job; a later expiry plans none (max 1)', async () => {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, PDF])));
    process.markSent({ ...sentFor(process), arqsignProcessId: randomUUID() }, API, T0);
    await repository.save(process);
    await consumed();
    expect(await reactionsOf(process.id)).toEqual([]); // a change without a delivery failure or expiry plans nothing

    const deliveryId = randomUUID();
    await mutator.mutate(process.id, undefined, (p) => p.observe({ kind: 'expired', expiredAt: new Date() }, WEBHOOK), { cause: { deliveryId } });
    await consumed();
    const [renewal, ...others] = await reactionsOf(process.id);
    expect(others).toEqual([]);
    expect(renewal).toMatchObject({ delivery_id: deliveryId, kind: 'RENEW_ON_EXPIRY', state: 'PENDING' });
    expect(await jobsOf(renewal.id)).toBe(1);

    // Renewed by hand, then expired again (learnt by a sync: no delivery): the one renewal allowed is used.
    await mutator.mutate(process.id, undefined, (p) => p.recordResend({ signerIds: [], edits: [], automatic: false }, API, new Date()));
    await mutator.mutate(process.id, undefined, (p) => p.observe({ kind: 'expired', expiredAt: new Date() }, WEBHOOK));
    await consumed();
    expect(await reactionsOf(process.id)).toHaveLength(1);
  });
});
