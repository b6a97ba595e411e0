import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of outbound webhooks. `endpoint` is an endpoint id (bounded by the endpoints
 * clients register), never a URL; `outcome` is delivered / retry / failed / gone.
 */
export class NotificationMetrics {
  readonly attempts: Counter<'outcome'>;
  readonly delivered: Counter<'endpoint'>;
  readonly failed: Counter<'endpoint'>;
  readonly latency: Histogram<'outcome'>;
  readonly autoDisabled: Counter<'reason'>;
  readonly backlog: Gauge<'endpoint'>;

  constructor(registry: Registry, backlog: () => Promise<{ endpointId: string; n: number }[]>) {
    this.attempts = new Counter({ name: 'outbound_webhook_attempts_total', help: 'Outbound webhook attempts by outcome', labelNames: ['outcome'], registers: [registry] });
    this.delivered = new Counter({ name: 'outbound_webhook_delivered_total', help: 'Outbound webhook messages delivered (2xx), by endpoint id', labelNames: ['endpoint'], registers: [registry] });
    this.failed = new Counter({ name: 'outbound_webhook_failed_total', help: 'Outbound webhook messages given up on, by endpoint id', labelNames: ['endpoint'], registers: [registry] });
    this.latency = new Histogram({
      name: 'outbound_webhook_attempt_duration_seconds',
      help: 'Duration of outbound webhook attempts, by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.autoDisabled = new Counter({ name: 'outbound_webhook_endpoints_disabled_total', help: 'Endpoints disabled automatically (reason: gone = HTTP 410, failures = too many failed attempts in a row)', labelNames: ['reason'], registers: [registry] });
    this.backlog = new Gauge({
      name: 'outbound_webhook_backlog',
      help: 'PENDING outbound webhook deliveries per endpoint id',
      labelNames: ['endpoint'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { endpointId, n } of await backlog().catch(() => [])) this.set({ endpoint: endpointId }, n);
      },
    });
  }
}
