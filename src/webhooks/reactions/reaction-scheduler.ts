import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { plannedReactions } from '../../signing-processes';
import { ProcessChange, ProcessTransactionHooks } from '../../signing-processes/application/process-transaction-hooks';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../../signing.module-definition';
import { WebhookInbox } from '../inbox/webhook-inbox.repository';
import { ReactionKind } from '../inbox/webhook-reaction.entity';
import { deliveryOfChange } from '../processing/change-context';

/**
 * Asks the automatic-reaction policy (signing-processes, docs/architecture.md#automatic-reactions)
 * about EVERY saved process change — applied from a webhook or found by a sync — and stores what it
 * plans, with the jobs that carry it out (ReactionRunner), in that change's transaction.
 */
@Injectable()
export class ReactionScheduler implements OnModuleInit {
  constructor(
    private readonly hooks: ProcessTransactionHooks,
    private readonly inbox: WebhookInbox,
    @Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions,
  ) {}

  onModuleInit(): void {
    this.hooks.register(async (transaction, change) => {
      await this.schedule(transaction, change);
    });
  }

  async schedule(transaction: EntityManager, change: ProcessChange): Promise<string[]> {
    const facts = change.history.filter((entry) => entry.type === 'signer.delivery-failed' || entry.type === 'process.expired');
    if (!facts.length) return [];
    const processId = change.process.id;
    const [resends, renewals] = await Promise.all([
      this.inbox.reactionsOf(processId, ReactionKind.RESEND_OTHER_CHANNEL, transaction),
      this.inbox.reactionsOf(processId, ReactionKind.RENEW_ON_EXPIRY, transaction),
    ]);
    const planned = plannedReactions(
      change.process,
      change.history,
      { autoResendOnDeliveryFailure: this.options.autoResendOnDeliveryFailure, autoRenewOnExpiryMax: this.options.autoRenewOnExpiryMax },
      { resentSigners: new Set(resends.flatMap((r) => r.signerId ?? [])), renewals: renewals.length },
    );
    return this.inbox.addReactions(transaction, deliveryOfChange(processId), planned.map((reaction) => ({ ...reaction, processId })));
  }
}
