import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvents } from '../../../src/events/durable-events';
import type { SigningProcessesService } from '../../../src/signing-processes';
import { InboxSignal } from '../../../src/webhooks/inbox/inbox-signal';
import { DeliveryState } from '../../../src/webhooks/inbox/webhook-delivery.entity';
import { WebhookInbox } from '../../../src/webhooks/inbox/webhook-inbox.repository';
import { DeliveryProcessor } from '../../../src/webhooks/processing/delivery-processor';
import { bytes, webhookExample } from '../../../src/webhooks/testing/examples';
import { WebhookMetrics } from '../../../src/webhooks/webhook-metrics';
import { eventually } from '../../support/eventually';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/**
 * The inbox as the queue of its own processing (docs/job-recovery.md#the-inbox-is-the-queue), on a
 * real PostgreSQL: batch claims with `FOR UPDATE SKIP LOCKED`, per-ArqSIGN-process locks, outcomes
 * in the claiming transaction, retries, delays and crashes. The signing-processes facade is a stub
 * port here (which ArqSIGN processes are ours, and an adoption that can be made to throw).
 */
describe('The inbox as a queue (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let inbox: WebhookInbox;
  const ours = new Map<string, string>();
  const failingAdoptions = new Set<string>();
  let lookupGate: Promise<void> | undefined;
  let openGate = () => undefined as void;
  let lookupStarted: (() => void) | undefined;

  const facade = {
    async processIdsOfArqsign(ids: readonly string[]) {
      lookupStarted?.();
      await lookupGate;
      return new Map(ids.map((id) => id.toLowerCase()).filter((id) => ours.has(id)).map((id) => [id, ours.get(id)!] as [string, string]));
    },
    async adoptUncertainSend(sent: { arqsignProcessId: string }) {
      if (failingAdoptions.has(sent.arqsignProcessId.toLowerCase())) throw new Error('adoption exploded');
      return null;
    },
  } as unknown as SigningProcessesService;

  const processorOn = (source: DataSource) => {
    const events = new DurableEvents(source);
    events.subscribe('test.arqsign-facts', ['arqsign.signer.signed'], async () => undefined);
    return new DeliveryProcessor(source, events, facade, new WebhookMetrics(new Registry(), async () => ({})));
  };
  let processor: DeliveryProcessor;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    inbox = new WebhookInbox(dataSource, new InboxSignal());
    processor = processorOn(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  afterEach(async () => {
    openGate();
    lookupGate = undefined;
    lookupStarted = undefined;
    // Whatever a test left queued is not the next test's business.
    await dataSource.query('UPDATE signing.webhook_delivery SET next_attempt_at = NULL');
  });

  async function store(example: 'webhook-signed-by-one.json' | 'webhook-sent.json', arqsignProcessId = randomUUID(), processAfterSeconds?: number) {
    const body: Record<string, any> = { ...webhookExample(example), IdProcesso: arqsignProcessId, DataHoraAtual: new Date().toISOString() };
    const stored = await inbox.store({
      state: DeliveryState.RECEIVED, dedupKey: randomUUID(), trigger: body.IdEvento, eventName: body.Evento, arqsignProcessId: arqsignProcessId.toLowerCase(),
      arqsignWebhookId: null, accountId: null, signature: { valid: true, matchedSecret: 'env#0', encoding: 'base64' }, headers: {}, body: bytes(body), error: null,
      processAfterSeconds,
    });
    return stored.id;
  }
  const rowsOf = async (ids: string[]) =>
    (await dataSource.query('SELECT id, state, attempts, failures, error, result, next_attempt_at, now() AS now FROM signing.webhook_delivery WHERE id = ANY($1)', [ids])) as {
      id: string; state: string; attempts: number; failures: number; error: string | null; result: any; next_attempt_at: Date | null; now: Date;
    }[];

  it('two claimers at the same moment never take the same delivery; every delivery is processed once', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => store('webhook-signed-by-one.json')));
    // Both claimers hold their batches (waiting in the lookup) at the same time.
    lookupGate = new Promise((resolve) => (openGate = resolve));
    let lookups = 0;
    lookupStarted = () => lookups++;
    const first = processor.processBatch(25);
    await eventually(async () => lookups === 1, 'the first batch claimed');
    const secondPromise = processorOn(dataSource).processBatch(25);
    await eventually(async () => lookups === 2, 'the second batch claimed');
    openGate();
    const [{ processed: a }, { processed: b }] = await Promise.all([first, secondPromise]);
    expect(a + b).toBe(40);
    expect(a).toBe(25);
    const rows = await rowsOf(ids);
    expect(rows.every((r) => r.state === DeliveryState.PARKED && r.attempts === 1 && r.next_attempt_at === null)).toBe(true);
  });

  it('a delivery whose processing throws is charged alone: the others of its batch are processed, it is retried with backoff, then FAILED', async () => {
    const processId = randomUUID();
    const known = randomUUID();
    ours.set(known, processId);
    const failing = randomUUID();
    failingAdoptions.add(failing);
    const good1 = await store('webhook-signed-by-one.json', known);
    const bad = await store('webhook-sent.json', failing);
    const good2 = await store('webhook-signed-by-one.json', known);

    expect((await processor.processBatch(10)).processed).toBe(3);
    const rows = new Map((await rowsOf([good1, bad, good2])).map((r) => [r.id, r]));
    for (const id of [good1, good2]) expect(rows.get(id)).toMatchObject({ state: DeliveryState.PROCESSED, attempts: 1, result: { published: 'arqsign.signer.signed' } });
    const events = await dataSource.query("SELECT payload->>'deliveryId' AS delivery FROM signing.durable_event WHERE consumer = 'test.arqsign-facts'");
    expect(events.map((e: { delivery: string }) => e.delivery).sort()).toEqual([good1, good2].sort());
    const failed = rows.get(bad)!;
    expect(failed).toMatchObject({ state: DeliveryState.RECEIVED, failures: 1, attempts: 1, error: 'Error: adoption exploded' });
    const delayMs = failed.next_attempt_at!.getTime() - failed.now.getTime();
    expect(delayMs).toBeGreaterThan(4_000); // 5 s, then doubling
    expect(delayMs).toBeLessThanOrEqual(5_000);

    // Its last attempt: FAILED, no longer queued (replay from the admin API).
    await dataSource.query('UPDATE signing.webhook_delivery SET failures = 10, next_attempt_at = now() WHERE id = $1', [bad]);
    expect((await processor.processBatch(10)).processed).toBe(1);
    expect((await rowsOf([bad]))[0]).toMatchObject({ state: DeliveryState.FAILED, failures: 11, next_attempt_at: null });

    // A replay queues it again from scratch.
    failingAdoptions.delete(failing);
    await inbox.requeue(bad);
    expect((await processor.processBatch(10)).processed).toBe(1);
    expect((await rowsOf([bad]))[0]).toMatchObject({ state: DeliveryState.PARKED, failures: 0, error: null });
  });

  it('a delayed delivery (a "resent" waits a few seconds) is not claimed before it is due', async () => {
    const storedAt = Date.now();
    const delayed = await store('webhook-signed-by-one.json', randomUUID(), 3);
    expect((await processor.processBatch(10)).processed).toBe(0);
    expect((await rowsOf([delayed]))[0].state).toBe(DeliveryState.RECEIVED);
    await eventually(async () => (await processor.processBatch(10)).processed === 1, 'the delayed delivery claimed once due', 10_000);
    expect(Date.now() - storedAt).toBeGreaterThanOrEqual(3_000);
    expect((await rowsOf([delayed]))[0].state).toBe(DeliveryState.PARKED);
  });

  it("a delivery whose ArqSIGN process's lock another session holds waits for it; the others do not", async () => {
    const held = randomUUID();
    const heldId = await store('webhook-signed-by-one.json', held);
    const freeId = await store('webhook-signed-by-one.json');
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`arqsign-webhook:${held.toLowerCase()}`]);
      expect(await processor.processBatch(10)).toEqual({ processed: 1, deferred: 1 });
      expect((await rowsOf([heldId, freeId])).map((r) => [r.id, r.state]).sort()).toEqual([[heldId, DeliveryState.RECEIVED], [freeId, DeliveryState.PARKED]].sort());
    } finally {
      await holder.end();
    }
    expect((await processor.processBatch(10)).processed).toBe(1);
    expect((await rowsOf([heldId]))[0].state).toBe(DeliveryState.PARKED);
  });

  it('a crash mid-batch loses nothing: the connection dies, its row locks with it, and another instance processes the batch', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => store('webhook-signed-by-one.json')));
    const dying = await new DataSource({ ...dataSourceOptions(database.url), applicationName: 'inbox-test-dying-instance' } as never).initialize();
    try {
      lookupGate = new Promise((resolve) => (openGate = resolve)); // the dying instance waits in its lookup
      const inLookup = new Promise<void>((resolve) => (lookupStarted = resolve));
      const doomed = processorOn(dying).processBatch(10);
      await inLookup;
      lookupStarted = undefined;
      lookupGate = undefined;
      // Meanwhile another instance finds the batch taken.
      expect((await processor.processBatch(10)).processed).toBe(0);
      // The dying instance's connections go away, as in a SIGKILL; what it does next fails.
      await dataSource.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'inbox-test-dying-instance'");
      openGate();
      await expect(doomed).rejects.toThrow();
      expect((await processor.processBatch(10)).processed).toBe(5);
      expect((await rowsOf(ids)).every((r) => r.state === DeliveryState.PARKED && r.attempts === 1)).toBe(true);
    } finally {
      await dying.destroy().catch(() => undefined);
    }
  });
});
