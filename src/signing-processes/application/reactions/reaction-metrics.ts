import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../../observability/metrics.service';

/** Automatic-reaction outcomes (labels are bounded enums, never ids). */
@Injectable()
export class ReactionMetrics {
  readonly reactions: Counter<'kind' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.reactions = new Counter({
      // The name dates from when the webhooks module ran the reactions; dashboards rely on it.
      name: 'arqsign_webhook_reactions_total',
      help: 'Automatic reactions (resend through the other channel, renew on expiry) by outcome',
      labelNames: ['kind', 'outcome'],
      registers: [metrics.registry],
    });
  }
}
