import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DurableEvents } from '../../../src/events/durable-events';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { JobQueue, RecoveryReason } from '../../../src/jobs/job-queue';
import { DeliveryState } from '../../../src/webhooks/inbox/webhook-delivery.entity';
import { PROCESS_DELIVERY_QUEUE, WebhookInbox } from '../../../src/webhooks/inbox/webhook-inbox.repository';
import { SigningProcessesService } from '../../../src/signing-processes';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, newProcess, sentFor, T0 } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { InboxSweeper } from '../../../src/webhooks/processing/inbox-sweeper';
import { UnparkListener } from '../../../src/webhooks/processing/unpark.listener';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/**
 * The inbox is the source of truth: a RECEIVED delivery whose processing job is gone gets a new
 * one from the sweep; one with a live job, or a recent one, is left alone.
 */
describe('InboxSweeper (real PostgreSQL, pg-boss)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let jobs: JobQueue;
  let inbox: WebhookInbox;
  let sweeper: InboxSweeper;
  let repository: TypeOrmSigningProcessRepository;
  const recovered: [string, RecoveryReason, number][] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    jobs = new JobQueue(dataSource, { recoveryIntervalSeconds: 3600 });
    await jobs.onApplicationBootstrap();
    jobs.onRecovered((queue, reason, count) => recovered.push([queue, reason, count]));
    inbox = new WebhookInbox(dataSource, jobs);
    repository = new TypeOrmSigningProcessRepository(dataSource, new DurableEvents(dataSource)); // no subscribers: publishes nothing
    // The real facade over the real repository (only its queries are used here).
    const facade = new SigningProcessesService(repository, null as never, null as never, null as never, null as never, null as never, null as never, null as never, null as never);
    sweeper = new InboxSweeper(inbox, jobs, new UnparkListener(inbox, jobs, facade)); // no worker: jobs stay `created`
  });
  afterAll(async () => {
    await jobs?.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  const store = () =>
    inbox.store({
      state: DeliveryState.RECEIVED,
      dedupKey: randomUUID(),
      trigger: 3,
      eventName: 'ProcessoAssinado',
      arqsignProcessId: randomUUID(),
      arqsignWebhookId: null,
      accountId: null,
      signature: { valid: true, matchedSecret: 'env#0', encoding: 'base64' },
      headers: {},
      body: Buffer.from('{}'),
      error: null,
    });
  const liveJobs = async (deliveryId: string) =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = $2 AND state IN ('created', 'retry', 'active')`, [PROCESS_DELIVERY_QUEUE, deliveryId]))[0].n as number;
  const age = (id: string) => dataSource.query("UPDATE signing.webhook_delivery SET received_at = now() - interval '5 minutes' WHERE id = $1", [id]);

  it('re-enqueues only the old RECEIVED delivery that lost its job, once', async () => {
    const lost = await store();
    const kept = await store();
    const recent = await store();
    await dataSource.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = ANY($2)`, [PROCESS_DELIVERY_QUEUE, [lost.id, recent.id]]);
    await age(lost.id);
    await age(kept.id);

    expect(await sweeper.sweep()).toMatchObject({ requeued: 1 });
    expect(await liveJobs(lost.id)).toBe(1);
    expect(await liveJobs(kept.id)).toBe(1);
    expect(await liveJobs(recent.id)).toBe(0); // within the grace period: maybe still on its normal path
    expect(recovered).toContainEqual([PROCESS_DELIVERY_QUEUE, 'sweep', 1]);

    expect(await sweeper.sweep()).toMatchObject({ requeued: 0 }); // idempotent: it has a live job now
  });

  it('releases the PARKED deliveries whose ArqSIGN process became ours, and only those', async () => {
    const process = SigningProcess.send(newProcess(), API, T0);
    await repository.insert(process, new Map(process.documents.map((d) => [d.id, Buffer.from('%PDF-1.4')])));
    const linkedId = randomUUID();
    const park = async (arqsignProcessId: string) => {
      const stored = await inbox.store({
        state: DeliveryState.RECEIVED, dedupKey: randomUUID(), trigger: 3, eventName: 'ProcessoAssinado', arqsignProcessId, arqsignWebhookId: null, accountId: null,
        signature: { valid: true, matchedSecret: 'env#0', encoding: 'base64' }, headers: {}, body: Buffer.from('{}'), error: null,
      });
      await inbox.complete(stored.id, { state: DeliveryState.PARKED, processId: null, result: { parked: 'test' } });
      await dataSource.query(`DELETE FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = $2`, [PROCESS_DELIVERY_QUEUE, stored.id]);
      return stored.id;
    };
    const waiting = await park(linkedId);
    const stranger = await park(randomUUID());
    expect(await sweeper.sweep()).toMatchObject({ unparked: 0 }); // nothing is ours yet

    process.markSent({ ...sentFor(process), arqsignProcessId: linkedId }, API, T0);
    await repository.save(process);
    expect(await sweeper.sweep()).toMatchObject({ unparked: 1 });
    expect(await liveJobs(waiting)).toBe(1);
    expect(await liveJobs(stranger)).toBe(0);
  });
});
