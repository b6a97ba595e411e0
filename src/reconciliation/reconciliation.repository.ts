/**
 * Persistence port of reconciliation (the DI token): the cluster-wide lease that makes one instance
 * run per interval (over the jobs kernel's `cluster-lease.ts`, on the database clock). Which
 * processes are due and what a check found belong to signing-processes (`SigningProcessesService.dueForSync`,
 * `recordSyncCheck`).
 */
export abstract class ReconciliationRepository {
  /**
   * Takes the lease of `task` when nobody holds it (or the holder's lease expired) and the last
   * run started at least `intervalS` ago. True when this caller got it.
   */
  abstract claimRun(task: string, owner: string, intervalS: number, leaseMs: number): Promise<boolean>;

  /** Releases the lease (only the holder's) and records how the run ended. */
  abstract finishRun(task: string, owner: string, outcome: Record<string, unknown>): Promise<void>;
}
