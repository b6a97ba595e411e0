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
 * Persistence port of reconciliation (the DI token): which processes are due, what a check found,
 * and the cluster-wide lease that makes one instance run per interval. Times come from the
 * database clock, so instances with skewed clocks agree.
 */
export abstract class ReconciliationRepository {
  /** Deferred sends first, then processes past their deadline, then the stale ones; oldest news first within each. */
  abstract findDue(query: DueQuery): Promise<DueProcess[]>;

  abstract recordCheck(check: CheckRecord): Promise<void>;

  /**
   * Takes the lease of `task` when nobody holds it (or the holder's lease expired) and the last
   * run started at least `intervalS` ago. True when this caller got it.
   */
  abstract claimRun(task: string, owner: string, intervalS: number, leaseMs: number): Promise<boolean>;

  /** Releases the lease (only the holder's) and records how the run ended. */
  abstract finishRun(task: string, owner: string, outcome: Record<string, unknown>): Promise<void>;
}
