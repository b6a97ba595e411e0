import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobAnnouncer } from '../jobs/job-announcer';
import { connectionOf } from '../jobs/job-queue';
import { MetricsService } from '../observability/metrics.service';
import { ConsumerDispatcher } from './consumer-dispatcher';
import { durableEventStore as store, EVENTS_CHANNEL } from './durable-event.store';
import { DurableEventMetrics } from './durable-events.metrics';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_DURABLE_EVENTS_OPTIONS,
  DEFAULT_MAX_ATTEMPTS,
  DURABLE_EVENTS_OPTIONS,
  DurableEventsOptions,
  DurableHandler,
  NewDurableEvent,
  SubscribeOptions,
  Subscription,
} from './durable-events.types';

export * from './durable-events.types';

/**
 * Durable domain events, a transactional outbox (docs/durable-events.md): `publish` writes one row
 * per subscribed consumer into `signing.durable_event` inside the caller's transaction, so the
 * events exist exactly when the state they come from commits; each consumer's dispatcher (one loop
 * per consumer per instance, started at bootstrap) consumes them at least once, in a transaction
 * of its own that also removes them. Consumers must be idempotent (by `eventId`).
 */
@Injectable()
export class DurableEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly options: DurableEventsOptions;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly dispatchers = new Map<string, ConsumerDispatcher>();
  private readonly announcer: JobAnnouncer;
  private readonly metrics?: DurableEventMetrics;
  private started = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() metrics?: MetricsService,
    @Optional() @Inject(DURABLE_EVENTS_OPTIONS) options?: Partial<DurableEventsOptions>,
  ) {
    this.options = { ...DEFAULT_DURABLE_EVENTS_OPTIONS, ...options };
    this.metrics = metrics && new DurableEventMetrics(metrics.registry, () => store.counts(dataSource.manager));
    this.announcer = new JobAnnouncer(
      { ...connectionOf(dataSource), application_name: 'arqsign-bridge event announcements' },
      (consumer) => this.dispatchers.get(consumer)?.wake(),
      EVENTS_CHANNEL,
    );
  }

  /** Call in onModuleInit. `consumer` is a stable name (e.g. 'storage.archive'); one row per (consumer, event). */
  subscribe<P>(consumer: string, names: readonly string[], handler: DurableHandler<P>, options: SubscribeOptions = {}): void {
    if (!consumer || consumer.length > 100) throw new Error(`Durable event consumer name must have 1 to 100 characters: ${consumer}`);
    if (this.subscriptions.has(consumer)) throw new Error(`Durable event consumer ${consumer} is already subscribed`);
    if (!names.length) throw new Error(`Durable event consumer ${consumer} subscribes to no event`);
    const subscription: Subscription = {
      consumer,
      names: [...names],
      handler: handler as DurableHandler,
      batchSize: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    };
    this.subscriptions.set(consumer, subscription);
    if (this.started && !this.stopped) this.startDispatcher(subscription);
  }

  /** Inside the caller's open transaction: one outbox row per subscribed consumer of each event's name. */
  async publish(transaction: EntityManager, events: readonly NewDurableEvent[]): Promise<void> {
    if (!transaction.queryRunner?.isTransactionActive) throw new Error('DurableEvents.publish: `transaction` must belong to an open transaction');
    const announced = new Set<string>();
    for (const event of events) {
      const consumers = this.consumersOf(event.name);
      if (!consumers.length) continue;
      await store.insert(transaction, event, consumers);
      consumers.forEach((consumer) => announced.add(consumer));
    }
    if (announced.size) await store.announce(transaction, [...announced]);
  }

  /** Consumer names subscribed to `name` on this instance (every instance runs the same code). */
  consumersOf(name: string): string[] {
    return [...this.subscriptions.values()].filter((s) => s.names.includes(name)).map((s) => s.consumer);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started || this.stopped) return;
    this.started = true;
    await this.announcer.start();
    for (const subscription of this.subscriptions.values()) this.startDispatcher(subscription);
  }

  /** Lets every dispatcher finish its batch in hand (before the database closes). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.dispatchers.values()].map((dispatcher) => dispatcher.stop()));
    await this.announcer.stop();
  }

  private startDispatcher(subscription: Subscription): void {
    const dispatcher = new ConsumerDispatcher(this.dataSource, subscription, this.options, this.metrics);
    this.dispatchers.set(subscription.consumer, dispatcher);
    dispatcher.start();
  }
}
