/** Why a process is due for a sync (docs/behaviour.md#automatic-behaviour). */
export const DueReason = {
  /** SENDING after a failed attempt that certainly did not reach ArqSIGN: the sync sends it again. */
  SEND_DEFERRED: 'SEND_DEFERRED',
  /** IN_PROGRESS past its deadline (sent or last resent + expirationDays) and not checked since. */
  PAST_EXPIRY: 'PAST_EXPIRY',
  /** Open, and no news (no change, no check) for longer than RECONCILE_STALE_AFTER_S. */
  STALE: 'STALE',
} as const;
export type DueReason = (typeof DueReason)[keyof typeof DueReason];

export interface DueProcess {
  processId: string;
  status: string;
  reason: DueReason;
  /** The later of its last change and its last check. */
  lastNewsAt: Date;
}

export type CheckOutcome = 'UNCHANGED' | 'CHANGED' | 'FAILED';

/** What a check against ArqSIGN found (a sync by the system). */
export interface CheckRecord {
  processId: string;
  outcome: CheckOutcome;
  reason: DueReason;
  /** A short, secret-free message when the check failed. */
  error?: string | null;
}

export interface DueQuery {
  staleAfterS: number;
  /** Deferred sends are retried at most once per interval. */
  intervalS: number;
  limit: number;
}

/**
 * When each process was last checked against ArqSIGN and with what outcome (`signing.reconcile_check`),
 * and which open processes are due for such a check (the DI token). A check counts as news, so an
 * unchanged process is not picked again before it is stale again. Times come from the database
 * clock, so instances with skewed clocks agree.
 */
export abstract class SyncChecks {
  /** Deferred sends first, then processes past their deadline, then the stale ones; oldest news first within each. */
  abstract due(query: DueQuery): Promise<DueProcess[]>;

  /** Records the check (replacing the process's previous one). */
  abstract record(check: CheckRecord): Promise<void>;
}
