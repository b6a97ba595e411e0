import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DurableEvents } from '../../../src/events/durable-events';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { JobQueue, RecoveryReason } from '../../../src/jobs/job-queue';
import { DeliveryState } from '../../../src/webhooks/inbox/webhook-delivery.entity';
import { InboxSignal } from '../../../src/webhooks/inbox/inbox-signal';
import { WebhookInbox } from '../../../src/webhooks/inbox/webhook-inbox.repository';
import { SigningProcessesService } from '../../../src/signing-processes';
import { SigningProcess } from '../../../src/signing-processes/domain/signing-process';
import { API, newProcess, sentFor, T0 } from '../../../src/signing-processes/domain/testing/process-fixtures';
import { TypeOrmSigningProcessRepository } from '../../../src/signing-processes/infrastructure/typeorm-signing-process.repository';
import { InboxSweeper } from '../../../src/webhooks/processing/inbox-sweeper';
import { UnparkListener } from '../../../src/webhooks/processing/unpark.listener';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const PROCESSING = 'arqsign-webhook.process-delivery';

/**
 * The inbox is the source of truth (and its own queue): a RECEIVED delivery that is not queued
 * (a hand edit) is queued again by the sweep; a queued one, or a recent one, is left alone.
 */
describe('InboxSweeper (real PostgreSQL)', () => {
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
    inbox = new WebhookInbox(dataSource, new InboxSignal());
    repository = new TypeOrmSigningProcessRepository(dataSource, new DurableEvents(dataSource)); // no subscribers: publishes nothing
    // The real facade over the real repository (only its queries are used here).
    const facade = new SigningProcessesService(repository, null as never, null as never, null as never, null as never, null as never, null as never, null as never, null as never);
    sweeper = new InboxSweeper(inbox, jobs, new UnparkListener(inbox, jobs, facade)); // no inbox worker: queued deliveries stay queued
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
  const queued = async (deliveryId: string) =>
    (await dataSource.query('SELECT count(*)::int AS n FROM signing.webhook_delivery WHERE id = $1 AND next_attempt_at IS NOT NULL', [deliveryId]))[0].n as number;
  const unqueue = (ids: string[]) => dataSource.query('UPDATE signing.webhook_delivery SET next_attempt_at = NULL WHERE id = ANY($1)', [ids]);
  const age = (id: string) => dataSource.query("UPDATE signing.webhook_delivery SET received_at = now() - interval '5 minutes' WHERE id = $1", [id]);

  it('queues again only the old RECEIVED delivery that was not queued, once', async () => {
    const lost = await store();
    const kept = await store();
    const recent = await store();
    expect(await queued(kept.id)).toBe(1); // the ack queues what it stores
    await unqueue([lost.id, recent.id]);
    await age(lost.id);
    await age(kept.id);

    expect(await sweeper.sweep()).toMatchObject({ requeued: 1 });
    expect(await queued(lost.id)).toBe(1);
    expect(await queued(kept.id)).toBe(1);
    expect(await queued(recent.id)).toBe(0); // within the grace period: left alone
    expect(recovered).toContainEqual([PROCESSING, 'sweep', 1]);

    expect(await sweeper.sweep()).toMatchObject({ requeued: 0 }); // idempotent: it is queued now
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
      expect(await queued(stored.id)).toBe(0);
      return stored.id;
    };
    const waiting = await park(linkedId);
    const stranger = await park(randomUUID());
    expect(await sweeper.sweep()).toMatchObject({ unparked: 0 }); // nothing is ours yet

    process.markSent({ ...sentFor(process), arqsignProcessId: linkedId }, API, T0);
    await repository.save(process);
    expect(await sweeper.sweep()).toMatchObject({ unparked: 1 });
    expect(await queued(waiting)).toBe(1);
    expect(await queued(stranger)).toBe(0);
    expect(await sweeper.sweep()).toMatchObject({ unparked: 0 }); // released once: it is queued now
  });
});
