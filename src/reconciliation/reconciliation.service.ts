import { Inject, Injectable } from '@nestjs/common';
import { SigningLogger } from '../shared/logging/signing-logger';
import { ArqsignError, ArqsignRateLimitedError, ArqsignUnauthorizedError, ArqsignUnavailableError } from '../arqsign-client';
import { CheckOutcome, DueProcess, DueReason, SigningProcessesService } from '../signing-processes';
import { ReconciliationMetrics } from './reconciliation.metrics';
import { RECONCILIATION_SETTINGS, ReconciliationSettings } from './reconciliation.settings';

/** What reconciliation does is a sync by the system (history source `sync`, actor `system`). */

export interface RunSummary {
  due: number;
  synced: number;
  changed: number;
  failed: number;
  /** Set when the run stopped early, and why (the rest waits for the next run). */
  stoppedBecause?: 'rate-limited' | 'arqsign-unavailable' | 'arqsign-unauthorized' | 'time-limit' | 'shutting-down';
}

/**
 * One reconciliation run (docs/behaviour.md#automatic-behaviour), entirely through the
 * signing-processes facade: the processes that are due (`dueForSync` — deferred sends, processes
 * past their deadline, open processes with no news for RECONCILE_STALE_AFTER_S — oldest news
 * first, at most `maxProcessesPerRun`), each synced from ArqSIGN like `POST …/sync` does
 * (`resyncAsSystem`) and its check recorded (`recordSyncCheck`, which counts as news), with
 * reconciliation's calls spaced by `minCallSpacingMs` on top of the client's own rate limiter.
 * A sync that finds the conclusion completes the process, and the archive job enqueued with that
 * change fetches the files (from GET v2 when no webhook carried them), exactly as after a
 * conclusion webhook. Reconciliation itself keeps only the schedule, the cluster lease
 * (`ReconciliationScheduler`), its metrics and its settings.
 *
 * Rate limited, ArqSIGN down or keys refused: the run stops and the rest waits for the next one.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new SigningLogger('Reconciliation');

  constructor(
    private readonly processes: SigningProcessesService,
    private readonly metrics: ReconciliationMetrics,
    @Inject(RECONCILIATION_SETTINGS) private readonly settings: ReconciliationSettings,
  ) {}

  async run(shouldStop: () => boolean = () => false): Promise<RunSummary> {
    const startedAt = Date.now();
    const due = await this.processes.dueForSync({ staleAfterS: this.settings.staleAfterS, intervalS: this.settings.intervalS, limit: this.settings.maxProcessesPerRun });
    const summary: RunSummary = { due: due.length, synced: 0, changed: 0, failed: 0 };
    let lastCallAt = 0;
    for (const item of due) {
      if (shouldStop()) {
        summary.stoppedBecause = 'shutting-down';
        break;
      }
      if (Date.now() - startedAt > this.settings.maxRunMs) {
        summary.stoppedBecause = 'time-limit';
        break;
      }
      const wait = lastCallAt + this.settings.minCallSpacingMs - Date.now();
      if (wait > 0) await sleep(wait);
      lastCallAt = Date.now();
      const outcome = await this.reconcile(item);
      summary.synced++;
      if (outcome.outcome === 'CHANGED') summary.changed++;
      if (outcome.outcome === 'FAILED') summary.failed++;
      if (outcome.stop) {
        summary.stoppedBecause = outcome.stop;
        break;
      }
    }
    const level = summary.changed || summary.failed || summary.stoppedBecause ? 'log' : 'debug';
    this.logger[level]({ ...summary, ms: Date.now() - startedAt }, `Reconciliation run: ${summary.synced} of ${summary.due} due process(es) synced, ${summary.changed} changed, ${summary.failed} failed`);
    return summary;
  }

  private async reconcile(item: DueProcess): Promise<{ outcome: CheckOutcome; stop?: RunSummary['stoppedBecause'] }> {
    const context = { processId: item.processId, reason: item.reason, status: item.status };
    try {
      // A stale open process only needs the cheap status call unless its status moved; overdue and deferred ones are read in full.
      const synced = await this.processes.resyncAsSystem(item.processId, { statusFirst: item.reason === DueReason.STALE });
      if (!synced) return { outcome: 'UNCHANGED' };
      const { before, after, changed } = synced;
      await this.record(item, changed ? 'CHANGED' : 'UNCHANGED');
      if (changed) {
        this.metrics.changes.inc({ status: after });
        this.logger.log({ ...context, from: before, to: after }, `Reconciliation found changes: ${before} → ${after}`);
      }
      return { outcome: changed ? 'CHANGED' : 'UNCHANGED' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ ...context, error: { type: error instanceof Error ? error.constructor.name : typeof error, message } }, 'Reconciliation could not sync a process');
      await this.record(item, 'FAILED', message).catch((failure: unknown) => this.logger.warn({ ...context, error: String(failure) }, 'Could not record a reconciliation check'));
      return { outcome: 'FAILED', stop: stopReason(error) };
    }
  }

  private async record(item: DueProcess, outcome: CheckOutcome, error?: string): Promise<void> {
    this.metrics.processes.inc({ reason: item.reason, outcome: outcome.toLowerCase() });
    await this.processes.recordSyncCheck({ processId: item.processId, outcome, reason: item.reason, error });
  }
}

/** Errors that every further call would hit too. */
function stopReason(error: unknown): RunSummary['stoppedBecause'] {
  if (!(error instanceof ArqsignError)) return undefined;
  if (error instanceof ArqsignRateLimitedError) return 'rate-limited';
  if (error instanceof ArqsignUnavailableError) return 'arqsign-unavailable';
  if (error instanceof ArqsignUnauthorizedError) return 'arqsign-unauthorized';
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
