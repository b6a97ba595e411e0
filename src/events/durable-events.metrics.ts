import { Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of the durable events, by consumer name (a fixed, small set). */
export class DurableEventMetrics {
  readonly consumed: Counter<'consumer'>;
  readonly failed: Counter<'consumer'>;
  readonly died: Counter<'consumer'>;

  constructor(registry: Registry, counts: () => Promise<{ consumer: string; backlog: number; dead: number }[]>) {
    this.consumed = new Counter({ name: 'durable_events_consumed_total', help: 'Durable events consumed (committed), by consumer', labelNames: ['consumer'], registers: [registry] });
    this.failed = new Counter({ name: 'durable_events_failed_attempts_total', help: 'Failed attempts to consume a durable event, by consumer', labelNames: ['consumer'], registers: [registry] });
    this.died = new Counter({ name: 'durable_events_died_total', help: 'Durable events given up on (dead) by this instance, by consumer', labelNames: ['consumer'], registers: [registry] });
    new Gauge({
      name: 'durable_events_backlog',
      help: 'Durable events waiting to be consumed (not dead), by consumer',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await counts().catch(() => [])) this.set({ consumer: row.consumer }, row.backlog);
      },
    });
    new Gauge({
      name: 'durable_events_dead',
      help: 'Dead durable events (out of attempts, kept in signing.durable_event), by consumer',
      labelNames: ['consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await counts().catch(() => [])) this.set({ consumer: row.consumer }, row.dead);
      },
    });
  }
}
