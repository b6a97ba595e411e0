import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** `success` or the error code's suffix in lower case (`validation`, `uncertain`, …). */
export type CallOutcome = string;

/**
 * Prometheus metrics of the ArqSIGN client. Labels are bounded: `endpoint` is the client method
 * name and `outcome` is `success` or an error code, never an id or a path.
 * Several clients may share one registry: existing metrics are reused, not registered twice.
 */
export class ArqsignClientMetrics {
  readonly duration: Histogram<'endpoint' | 'outcome'>;
  readonly requests: Counter<'endpoint' | 'outcome'>;
  readonly retries: Counter<'endpoint' | 'reason'>;
  readonly circuitOpen: Gauge;

  constructor(readonly registry: Registry = new Registry()) {
    this.duration = this.reuse(
      'arqsign_client_request_duration_seconds',
      () =>
        new Histogram({
          name: 'arqsign_client_request_duration_seconds',
          help: 'Duration of ArqSIGN client calls (all attempts and waits included), by endpoint and outcome',
          labelNames: ['endpoint', 'outcome'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
          registers: [registry],
        }),
    );
    this.requests = this.reuse(
      'arqsign_client_requests_total',
      () =>
        new Counter({
          name: 'arqsign_client_requests_total',
          help: 'ArqSIGN client calls by endpoint and outcome',
          labelNames: ['endpoint', 'outcome'],
          registers: [registry],
        }),
    );
    this.retries = this.reuse(
      'arqsign_client_retries_total',
      () =>
        new Counter({
          name: 'arqsign_client_retries_total',
          help: 'ArqSIGN client HTTP retries by endpoint and reason',
          labelNames: ['endpoint', 'reason'],
          registers: [registry],
        }),
    );
    this.circuitOpen = this.reuse(
      'arqsign_client_circuit_open',
      () =>
        new Gauge({
          name: 'arqsign_client_circuit_open',
          help: '1 while the ArqSIGN circuit breaker is open or half-open, else 0',
          registers: [registry],
        }),
    );
  }

  observe(endpoint: string, outcome: CallOutcome, seconds: number): void {
    this.duration.observe({ endpoint, outcome }, seconds);
    this.requests.inc({ endpoint, outcome });
  }

  private reuse<T>(name: string, create: () => T): T {
    return (this.registry.getSingleMetric(name) as T | undefined) ?? create();
  }
}
