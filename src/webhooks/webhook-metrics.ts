import { Counter, Gauge, Registry } from 'prom-client';

/** How a POST /webhooks/arqsign ended. */
export type ReceiveOutcome = 'received' | 'duplicate' | 'quarantined' | 'bad_signature' | 'foreign_account' | 'unavailable';
/** How a processing attempt ended. */
export type ProcessOutcome = 'processed' | 'parked' | 'quarantined' | 'failed' | 'retry';

/**
 * Webhook metrics on the module's registry. Labels are bounded enums, never ids. The backlog
 * gauge is read at scrape time (one indexed count per open state).
 */
export class WebhookMetrics {
  readonly requests: Counter<'outcome'>;
  readonly processed: Counter<'outcome'>;
  readonly backlog: Gauge<'state'>;

  constructor(registry: Registry, countOpen: () => Promise<Record<string, number>>) {
    this.requests = new Counter({
      name: 'arqsign_webhook_requests_total',
      help: 'POST /webhooks/arqsign requests by outcome (received, duplicate, quarantined, bad_signature, foreign_account, unavailable)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.processed = new Counter({
      name: 'arqsign_webhook_processing_total',
      help: 'Webhook delivery processing attempts by outcome (processed, parked, quarantined, failed, retry)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const backlog = (this.backlog = new Gauge({
      name: 'arqsign_webhook_inbox_deliveries',
      help: 'Inbox deliveries waiting or needing attention, by state (RECEIVED, PARKED, QUARANTINED, FAILED)',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        try {
          for (const [state, count] of Object.entries(await countOpen())) backlog.set({ state }, count);
        } catch {
          // Database unreachable: keep the last values; /health/ready reports the database.
        }
      },
    }));
  }
}
