import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Reconciliation metrics on the module's registry (labels are bounded enums, never ids):
 * - `arqsign_reconcile_processes_total{reason,outcome}`: processes reconciled (synced with ArqSIGN),
 *   by why they were due and whether the sync changed them (`unchanged`, `changed`, `failed`);
 * - `arqsign_reconcile_changes_total{status}`: changes found, by the status the process had after
 *   the sync (a COMPLETED here is a conclusion whose webhook never arrived);
 * - `arqsign_reconcile_runs_total{outcome}` and `arqsign_reconcile_last_run_timestamp_seconds`:
 *   whether the job runs at all (alert when the timestamp stops moving).
 */
export class ReconciliationMetrics {
  readonly processes: Counter<'reason' | 'outcome'>;
  readonly changes: Counter<'status'>;
  readonly runs: Counter<'outcome'>;
  readonly lastRun: Gauge;

  constructor(registry: Registry) {
    this.processes = metric(registry, 'arqsign_reconcile_processes_total', () =>
      new Counter({
        name: 'arqsign_reconcile_processes_total',
        help: 'Processes synced from ArqSIGN by reconciliation, by why they were due (STALE, PAST_EXPIRY, SEND_DEFERRED) and outcome (unchanged, changed, failed)',
        labelNames: ['reason', 'outcome'],
        registers: [registry],
      }),
    );
    this.changes = metric(registry, 'arqsign_reconcile_changes_total', () =>
      new Counter({
        name: 'arqsign_reconcile_changes_total',
        help: 'Changes found by reconciliation (a sync that changed the process), by the status after the sync',
        labelNames: ['status'],
        registers: [registry],
      }),
    );
    this.runs = metric(registry, 'arqsign_reconcile_runs_total', () =>
      new Counter({
        name: 'arqsign_reconcile_runs_total',
        help: 'Reconciliation runs by this instance, by outcome (completed, stopped: ArqSIGN rate limited or unavailable, failed)',
        labelNames: ['outcome'],
        registers: [registry],
      }),
    );
    this.lastRun = metric(registry, 'arqsign_reconcile_last_run_timestamp_seconds', () =>
      new Gauge({
        name: 'arqsign_reconcile_last_run_timestamp_seconds',
        help: 'When this instance last finished a reconciliation run (Unix time)',
        registers: [registry],
      }),
    );
  }
}

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
