import type { ResolvedSigningOptions } from '../signing.module-definition';

/**
 * How reconciliation runs. `intervalS` and `staleAfterS` come from the module options
 * (RECONCILE_INTERVAL_S, RECONCILE_STALE_AFTER_S); the rest have defaults a host may override by
 * providing `RECONCILIATION_SETTINGS` (partial).
 */
export interface ReconciliationSettings {
  /** A run starts at most once per interval across all instances (docs/behaviour.md#automatic-behaviour). */
  intervalS: number;
  /** An open process with no news (no change, no check) for this long is synced. */
  staleAfterS: number;
  /**
   * Processes synced per run at most. ArqSIGN's per-hour limit is per account and shared with
   * sends and everything else (80/h on the smallest plan, docs/arqsign.md#rate-limits): with the default hourly
   * interval, 50 keeps reconciliation to a fraction of it. What is left waits for the next run,
   * oldest first.
   */
  maxProcessesPerRun: number;
  /**
   * Minimum spacing of reconciliation's ArqSIGN calls (the client's own limiter enforces the
   * account's 4/s for everything; this keeps most of it for user traffic and webhooks' work).
   */
  minCallSpacingMs: number;
  /** A run stops picking new processes after this long (its lease is longer). */
  maxRunMs: number;
  /** How long a run's lease lasts: a crashed instance blocks reconciliation this long at most. */
  leaseMs: number;
  /** Check the webhook configurations in ArqSIGN on every interval (each instance, for its own gauge). */
  checkWebhooks: boolean;
}

export const RECONCILIATION_SETTINGS = Symbol('RECONCILIATION_SETTINGS');

export const RECONCILIATION_TASK = 'reconciliation';

export function resolveReconciliationSettings(options: ResolvedSigningOptions, overrides?: Partial<ReconciliationSettings>): ReconciliationSettings {
  return {
    intervalS: options.reconcile.intervalS,
    staleAfterS: options.reconcile.staleAfterS,
    maxProcessesPerRun: 50,
    minCallSpacingMs: 1_000,
    maxRunMs: 8 * 60_000,
    leaseMs: 10 * 60_000,
    checkWebhooks: true,
    ...overrides,
  };
}
