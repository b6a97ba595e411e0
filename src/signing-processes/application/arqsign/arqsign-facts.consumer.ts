import { Injectable, OnModuleInit } from '@nestjs/common';
import { lockInTransaction } from '../../../jobs/advisory-locks';
import { DispatchContext, DurableEvent, DurableEvents } from '../../../events/durable-events';
import { ARQSIGN_EVENT_NAMES, ArqsignFact } from '../../../shared/events/arqsign-events';
import { SigningLogger } from '../../../shared/logging/signing-logger';
import { afterTerminal } from '../../domain/event-order';
import type { HistoryEntry } from '../../domain/history-entry';
import { ChangeSource, type Origin } from '../../domain/process-status';
import type { SigningProcess } from '../../domain/signing-process';
import { ProcessMutator } from '../process-mutator';
import { processLockKey } from '../process-lock';
import { SigningProcessRepository } from '../signing-process.repository';
import { ArqsignFactLedger, ArqsignFactOutcome } from './arqsign-fact-ledger';
import { factsFor, FactsContext } from './arqsign-facts';
import { ResyncJobs } from './resync.job';

/** The durable consumer name (docs/architecture.md#events). */
export const ARQSIGN_FACTS_CONSUMER = 'signing-processes.arqsign-facts';

/** Facts from a webhook. */
export const WEBHOOK_ORIGIN: Origin = { source: ChangeSource.WEBHOOK, actor: 'arqsign' };

/**
 * Applies the `arqsign.*` events the webhooks module publishes (docs/event-order.md), each in its
 * dispatch transaction, serialized per process (`pg_advisory_xact_lock`, shared with the automatic
 * reactions):
 *
 * 1. an event already in the ledger (`signing.arqsign_fact`) is a redelivery: nothing;
 * 2. the ordering context (last resend, echo of our own resend) comes from our own history and ledger;
 * 3. `factsFor` decides: apply (through the mutator, in this transaction, cause = the delivery),
 *    nothing, stale, or sync — a durable re-sync job enqueued in this transaction;
 * 4. the outcome is recorded in the ledger, in this transaction.
 *
 * A concurrent change of the process (version conflict) throws: the transaction rolls back and
 * the event is retried. In-memory `signing.*` events are published after the commit.
 */
@Injectable()
export class ArqsignFactsConsumer implements OnModuleInit {
  private readonly logger = new SigningLogger('ArqsignFacts');

  constructor(
    private readonly events: DurableEvents,
    private readonly repository: SigningProcessRepository,
    private readonly mutator: ProcessMutator,
    private readonly ledger: ArqsignFactLedger,
    private readonly resyncs: ResyncJobs,
  ) {}

  onModuleInit(): void {
    // One event per transaction: the mutator loads outside it, so a second change of the same
    // process in one batch would always conflict.
    this.events.subscribe<ArqsignFact['payload']>(ARQSIGN_FACTS_CONSUMER, ARQSIGN_EVENT_NAMES, async (event, context) => void (await this.consume(event, context)), { batchSize: 1 });
  }

  async consume(event: DurableEvent<ArqsignFact['payload']>, context: DispatchContext): Promise<ArqsignFactOutcome | null> {
    const fact = { name: event.name, payload: event.payload } as ArqsignFact;
    const { transaction } = context;
    const found = await this.repository.findByArqsignProcessId(fact.payload.arqsignProcessId);
    if (found) await lockInTransaction(transaction, processLockKey(found.id));
    if (await this.ledger.recorded(transaction, event.eventId)) return null; // a redelivery
    const record = (processId: string | null, outcome: ArqsignFactOutcome) =>
      this.ledger.record(transaction, { eventId: event.eventId, deliveryId: fact.payload.deliveryId, processId, name: fact.name, outcome }).then(() => outcome);
    // Under the lock: the state every decision below reads.
    const process = found && (await this.repository.findById(found.id));
    if (!process) return record(null, { nothing: 'no process of ours is linked to this ArqSIGN process' });

    const history = fact.name === 'arqsign.process.resent' || fact.name === 'arqsign.process.expired' ? await this.repository.history(process.id) : [];
    const factsContext: FactsContext = {
      resendEcho: fact.name === 'arqsign.process.resent' ? await this.isResendEcho(transaction, process.id, fact.payload.deliveryId, history) : false,
      lastResentAt: lastResendOf(history),
    };
    const decision = factsFor(fact, process, factsContext);
    switch (decision.kind) {
      case 'sync':
        await this.resyncs.enqueue(transaction, { processId: process.id, reason: decision.reason });
        context.afterCommit(() => this.resyncs.wake());
        return record(process.id, { synced: decision.reason });
      case 'stale':
        this.logger.log({ deliveryId: fact.payload.deliveryId, processId: process.id, event: fact.name }, 'Stale ArqSIGN event: recorded, not applied');
        return record(process.id, { stale: decision.reason });
      case 'nothing':
        return record(process.id, { nothing: decision.reason, ...(factsContext.resendEcho ? { resendEcho: true as const } : {}) });
      case 'apply':
        return record(process.id, await this.apply(fact, process, factsContext, event.eventId, context));
    }
  }

  private async apply(fact: ArqsignFact, process: SigningProcess, factsContext: FactsContext, eventId: string, context: DispatchContext): Promise<ArqsignFactOutcome> {
    // A fact reaching a finished process is recorded in its history as ignored, and as stale here.
    const terminal = afterTerminal(process);
    const staleNote = terminal.kind === 'stale' ? { stale: terminal.reason } : {};
    let applied: string[] = [];
    await this.mutator.mutate(
      process.id,
      undefined,
      (current) => {
        const fresh = factsFor(fact, current, factsContext);
        const observations = fresh.kind === 'apply' ? fresh.observations : [];
        applied = observations.map((o) => o.kind);
        for (const observation of observations) current.observe(observation, WEBHOOK_ORIGIN);
      },
      { transaction: context.transaction, cause: { deliveryId: fact.payload.deliveryId, arqsignEventId: eventId }, afterCommit: (fn) => context.afterCommit(fn) },
    );
    // No change was saved (the fresh load already reflected everything).
    if (!applied.length) return { nothing: 'already reflected', ...staleNote };
    return { applied, ...staleNote };
  }

  /**
   * A "resent" echoes a resend we made (API, policy, operator, sync) when our resends outnumber the
   * "resent" facts already taken as echoes. Under the process lock, which an automatic reaction
   * holds until its resend is recorded.
   */
  private async isResendEcho(transaction: DispatchContext['transaction'], processId: string, deliveryId: string, history: HistoryEntry[]): Promise<boolean> {
    const ours = history.filter((entry) => entry.type === 'process.resent' && entry.source !== ChangeSource.WEBHOOK).length;
    return ours > (await this.ledger.resendEchoes(transaction, processId, deliveryId));
  }
}

/** When the process was last resent (any source), from its history. */
function lastResendOf(history: HistoryEntry[]): Date | null {
  const times = history.filter((entry) => entry.type === 'process.resent').map((entry) => entry.occurredAt.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}
