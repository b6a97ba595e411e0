import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DispatchContext, DurableEvent, DurableEvents } from '../../../events/durable-events';
import { JobQueue } from '../../../jobs/job-queue';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../../signing.module-definition';
import { AutomaticReaction, plannedReactions } from '../../domain/automatic-reactions.policy';
import { PROCESS_CHANGED, ProcessChangedPayload, readProcessChange } from '../process-changed.event';
import { ReactionStore, RUN_REACTION_QUEUE } from './reaction-store';

/** The durable consumer name (docs/architecture.md#events). */
export const REACTIONS_CONSUMER = 'signing-processes.reactions';

/**
 * Asks the automatic-reaction policy (docs/architecture.md#automatic-reactions) about EVERY saved
 * process change — applied from a webhook or found by a sync — as a consumer of the durable
 * `signing.process.changed` event, and stores what it plans with the jobs that carry it out
 * (ReactionRunner) in the dispatch transaction: the event is consumed exactly when they exist.
 */
@Injectable()
export class ReactionScheduler implements OnModuleInit {
  constructor(
    private readonly events: DurableEvents,
    private readonly reactions: ReactionStore,
    private readonly jobs: JobQueue,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ProcessChangedPayload>(REACTIONS_CONSUMER, [PROCESS_CHANGED], async (event, context) => void (await this.schedule(event, context)));
  }

  async schedule(event: DurableEvent<ProcessChangedPayload>, context: DispatchContext): Promise<string[]> {
    const change = readProcessChange(event.payload);
    const facts = change.history.filter((entry) => entry.type === 'signer.delivery-failed' || entry.type === 'process.expired');
    if (!facts.length) return [];
    const processId = change.process.id;
    const [resends, renewals] = await Promise.all([
      this.reactions.of(processId, AutomaticReaction.RESEND_OTHER_CHANNEL, context.transaction),
      this.reactions.of(processId, AutomaticReaction.RENEW_ON_EXPIRY, context.transaction),
    ]);
    const planned = plannedReactions(
      change.process,
      change.history,
      { autoResendOnDeliveryFailure: this.options.autoResendOnDeliveryFailure, autoRenewOnExpiryMax: this.options.autoRenewOnExpiryMax },
      { resentSigners: new Set(resends.flatMap((r) => r.signerId ?? [])), renewals: renewals.length },
    );
    const created = await this.reactions.add(context.transaction, change.cause?.deliveryId ?? null, planned.map((reaction) => ({ ...reaction, processId })));
    if (created.length) context.afterCommit(() => this.jobs.wake(RUN_REACTION_QUEUE));
    return created;
  }
}
