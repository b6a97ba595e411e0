import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { DurableEvent, DurableEvents, DurableEventsOptions, DurableHandler, NewDurableEvent, SubscribeOptions } from '../../../src/events/durable-events';
import { MetricsService } from '../../../src/observability/metrics.service';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/eventually';

const event = (name = 'test.happened', payload: unknown = { n: 1 }, key: string | null = randomUUID()): NewDurableEvent => ({ eventId: randomUUID(), name, key, payload });

/**
 * The durable event bus (transactional outbox, docs/durable-events.md) against a real PostgreSQL:
 * events exist exactly when the publishing transaction commits, are consumed once in the
 * consumer's own transaction, retried with backoff and then dead, and shared safely between
 * several service instances on one database.
 */
describe('DurableEvents (outbox on PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const instances: DurableEvents[] = [];

  /** A "service instance": its own bus with one consumer subscribed, started unless told otherwise. */
  async function instance<P>(consumer: string, handler: DurableHandler<P>, options: SubscribeOptions & { start?: boolean; metrics?: MetricsService; bus?: Partial<DurableEventsOptions> } = {}) {
    const bus = new DurableEvents(dataSource, options.metrics, { pollIntervalMs: 200, retryBaseMs: 100, ...options.bus });
    bus.subscribe(consumer, ['test.happened'], handler, options);
    if (options.start !== false) await bus.onApplicationBootstrap();
    instances.push(bus);
    return bus;
  }
  const publish = (bus: DurableEvents, ...events: NewDurableEvent[]) => dataSource.transaction((manager) => bus.publish(manager, events));
  const rowsOf = (consumer: string) =>
    dataSource.query(`SELECT event_id, attempts, last_error, available_at, dead_at FROM signing.durable_event WHERE consumer = $1 ORDER BY id`, [consumer]) as Promise<
      { event_id: string; attempts: number; last_error: string | null; available_at: Date; dead_at: Date | null }[]
    >;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE public.effect (event_id uuid NOT NULL, consumer text NOT NULL)');
  });
  afterAll(async () => {
    for (const bus of instances) await bus.beforeApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('consumes an event published in a committed transaction once, and never one from a rolled-back transaction', async () => {
    const seen: DurableEvent[] = [];
    const bus = await instance('test.once', async (e) => void seen.push(e));
    const rolledBack = event('test.happened', { n: 'rolled back' });
    await dataSource
      .transaction(async (manager) => {
        await bus.publish(manager, [rolledBack]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const committed = event('test.happened', { n: 'committed', at: new Date('2026-01-02T03:04:05Z') }, 'k-1');
    await publish(bus, committed);

    await eventually(() => seen.length >= 1 && rowsOf('test.once').then((rows) => rows.length === 0), 'the committed event consumed');
    // The committed one came after the rolled-back one: had that existed, it would have been consumed first.
    expect(seen.map((e) => e.eventId)).toEqual([committed.eventId]);
    expect(seen[0]).toMatchObject({ name: 'test.happened', key: 'k-1', payload: { n: 'committed', at: '2026-01-02T03:04:05.000Z' } });
    expect(seen[0].occurredAt).toBeInstanceOf(Date);
  });

  it('writes one row per (consumer, event): publishing the same event again is a no-op, other names are not stored', async () => {
    const bus = await instance('test.dedup', async () => undefined, { start: false });
    const same = event();
    await publish(bus, same, same, event('test.other-name'));
    await publish(bus, same);
    expect((await rowsOf('test.dedup')).map((r) => r.event_id)).toEqual([same.eventId]);
  });

  it('refuses to publish outside a transaction', async () => {
    const bus = await instance('test.no-tx', async () => undefined, { start: false });
    await expect(bus.publish(dataSource.manager, [event()])).rejects.toThrow('open transaction');
  });

  it('retries a failing event with exponential backoff, then keeps it dead (logged, counted) after maxAttempts', async () => {
    const attempts: number[] = [];
    const metrics = new MetricsService();
    const bus = await instance(
      'test.failing',
      async () => {
        attempts.push(Date.now());
        throw new Error('endpoint said no to ana@example.com');
      },
      { maxAttempts: 3, metrics },
    );
    const failing = event();
    await publish(bus, failing);

    const [row] = await eventually(async () => {
      const rows = await rowsOf('test.failing');
      return rows[0]?.dead_at ? rows : undefined;
    }, 'the event dead');
    expect(row).toMatchObject({ event_id: failing.eventId, attempts: 3 });
    expect(attempts).toHaveLength(3);
    // Backoff: 100 ms after the 1st failure, 200 ms after the 2nd.
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(90);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(190);
    expect(row.last_error).toContain('Error: endpoint said no');
    expect(row.last_error).not.toContain('ana@example.com');

    const text = await metrics.registry.metrics();
    expect(text).toContain('durable_events_dead{consumer="test.failing"} 1');
    expect(text).toContain('durable_events_died_total{consumer="test.failing"} 1');
    expect(text).toContain('durable_events_failed_attempts_total{consumer="test.failing"} 3');
    expect(text).toMatch(/durable_events_backlog\{consumer="test.failing"\} 0/);
  });

  it("rolls a failing batch back with the consumer's writes, then commits the good events one by one", async () => {
    const [good1, bad, good2] = [event(), event(), event()];
    const metrics = new MetricsService();
    const bus = await instance(
      'test.batch',
      async (e, { transaction }) => {
        await transaction.query('INSERT INTO public.effect (event_id, consumer) VALUES ($1, $2)', [e.eventId, 'test.batch']);
        if (e.eventId === bad.eventId) throw new Error('bad event');
      },
      { maxAttempts: 1, batchSize: 10, start: false, metrics },
    );
    await publish(bus, good1, bad, good2);
    await bus.onApplicationBootstrap(); // all three are waiting: one batch

    await eventually(async () => (await rowsOf('test.batch')).length === 1, 'the good events consumed');
    const effects: { event_id: string }[] = await dataSource.query(`SELECT event_id FROM public.effect WHERE consumer = 'test.batch' ORDER BY event_id`);
    expect(effects.map((e) => e.event_id).sort()).toEqual([good1.eventId, good2.eventId].sort());
    expect(await rowsOf('test.batch')).toEqual([expect.objectContaining({ event_id: bad.eventId, attempts: 1, dead_at: expect.any(Date) })]);
    expect(await metrics.registry.metrics()).toContain('durable_events_consumed_total{consumer="test.batch"} 2');
  });

  it('runs afterCommit callbacks only after the consuming transaction committed', async () => {
    const observed: number[] = [];
    const bus = await instance('test.after-commit', async (e, { afterCommit }) => {
      afterCommit(async () => {
        // Outside the consuming transaction, the row is already gone.
        const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM signing.durable_event WHERE event_id = $1', [e.eventId]);
        observed.push(n);
      });
    });
    await publish(bus, event());
    await eventually(() => observed.length === 1, 'the callback');
    expect(observed).toEqual([0]);
  });

  it('never lets two instances on one database consume the same row twice', async () => {
    const handled = new Map<string, string[]>();
    const handler = (who: string) => async (e: DurableEvent) => {
      handled.set(e.eventId, [...(handled.get(e.eventId) ?? []), who]);
      await new Promise((resolve) => setTimeout(resolve, 2));
    };
    const a = await instance('test.shared', handler('a'), { batchSize: 5 });
    await instance('test.shared', handler('b'), { batchSize: 5 });
    const events = Array.from({ length: 200 }, () => event());
    for (let i = 0; i < events.length; i += 20) await publish(a, ...events.slice(i, i + 20));

    await eventually(() => handled.size === events.length, 'every event consumed', 20_000);
    await eventually(async () => (await rowsOf('test.shared')).length === 0, 'the table empty');
    expect([...handled.values()].filter((by) => by.length !== 1)).toEqual([]);
    const byA = [...handled.values()].filter(([who]) => who === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(events.length);
  });

  it("hands a stopped instance's events to another instance", async () => {
    const stoppedSeen: string[] = [];
    const stopped = await instance('test.handover', async (e) => void stoppedSeen.push(e.eventId));
    await stopped.beforeApplicationShutdown();
    const pending = [event(), event()];
    await publish(stopped, ...pending);

    const seen: string[] = [];
    await instance('test.handover', async (e) => void seen.push(e.eventId));
    await eventually(() => seen.length === 2, 'the other instance consumed them');
    expect(seen).toEqual(pending.map((e) => e.eventId));
    expect(stoppedSeen).toEqual([]);
  });

  it('hands out the events of one key in publishing order, across instances', async () => {
    let release!: () => void;
    const hang = new Promise<void>((resolve) => (release = resolve));
    const [first, second, other] = [event('test.happened', { n: 1 }, 'p-1'), event('test.happened', { n: 2 }, 'p-1'), event('test.happened', { n: 3 }, 'p-2')];
    const seen: string[] = [];
    let holding = false;
    const slow = await instance('test.ordered', async (e) => {
      if (e.eventId === first.eventId) {
        holding = true;
        await hang;
      }
      seen.push(e.eventId);
    });
    await publish(slow, first);
    await eventually(() => holding, 'the first instance holding the first event of p-1');
    await publish(slow, second, other);

    // Another instance: without the per-key rule its first claim would take `second` with `other`.
    const fast = await instance('test.ordered', async (e) => void seen.push(e.eventId));
    await eventually(() => seen.includes(other.eventId), 'the other key consumed');
    expect(seen).toEqual([other.eventId]);
    release();
    await eventually(() => seen.length === 3, 'p-1 consumed');
    expect(seen).toEqual([other.eventId, first.eventId, second.eventId]);
    await fast.beforeApplicationShutdown();
  });

  it('loses nothing when an instance dies mid-batch: its locks go with its connection, another instance consumes the events', async () => {
    let release!: () => void;
    const hang = new Promise<void>((resolve) => (release = resolve));
    let dyingPid: number | undefined;
    const dying = await instance('test.crash', async (_e, { transaction }) => {
      [{ pid: dyingPid }] = await transaction.query('SELECT pg_backend_pid() AS pid');
      await hang;
    });
    const pending = event();
    await publish(dying, pending);
    await eventually(() => dyingPid, 'the dying instance holding the event');

    const seen: string[] = [];
    await instance('test.crash', async (e) => void seen.push(e.eventId));
    await dataSource.query('SELECT pg_terminate_backend($1)', [dyingPid]); // the "crash": its transaction is gone
    await eventually(() => seen.length === 1, 'the survivor consumed the event');
    expect(seen).toEqual([pending.eventId]);
    release();
    await eventually(async () => (await rowsOf('test.crash')).length === 0, 'the table empty');
  });
});
