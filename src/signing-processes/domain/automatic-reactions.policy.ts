import type { HistoryEntry } from './history-entry';
import { ProcessStatus, SignerAction, SignerStatus } from './process-status';
import { otherChannel } from './signer-contact';
import type { SignerProps, SigningProcessProps } from './signing-process.props';

/** Which channel is "the other one" is a contact rule (signer-contact.ts); exported here with the policy. */
export { otherChannel } from './signer-contact';

/**
 * THE automatic-reaction policy (docs/behaviour.md#automatic-behaviour, docs/architecture.md#automatic-reactions):
 * what the service does on its own after a change to a process, whichever way the change was learnt
 * (a webhook, a sync by a client, the reconciliation sweep):
 *
 * - a signer's delivery failed → resend once to that signer through their other known channel
 *   (e-mail ↔ WhatsApp; WhatsApp only for electronic signatures), if AUTO_RESEND_ON_DELIVERY_FAILURE;
 * - the process expired → renew it (resend with no edits) while fewer than AUTO_RENEW_ON_EXPIRY_MAX
 *   renewals ran.
 *
 * It keys on the domain facts of one saved change (its history entries), so only the change that
 * records the failure or the expiry plans the reaction: a second source reporting the same fact
 * changes nothing and plans nothing. Carrying a reaction out (at most once, re-checked under the
 * process lock) is the reaction runner's job.
 */
export const AutomaticReaction = {
  RESEND_OTHER_CHANNEL: 'RESEND_OTHER_CHANNEL',
  RENEW_ON_EXPIRY: 'RENEW_ON_EXPIRY',
} as const;
export type AutomaticReaction = (typeof AutomaticReaction)[keyof typeof AutomaticReaction];

export interface AutomaticReactionSettings {
  /** AUTO_RESEND_ON_DELIVERY_FAILURE */
  autoResendOnDeliveryFailure: boolean;
  /** AUTO_RENEW_ON_EXPIRY_MAX */
  autoRenewOnExpiryMax: number;
}

/** What earlier reactions of the process already used up. */
export interface ReactionsSoFar {
  /** Our signer ids already resent through their other channel (once per signer). */
  resentSigners: ReadonlySet<string>;
  /** Renewals already started for the process. */
  renewals: number;
}

export interface PlannedReaction {
  kind: AutomaticReaction;
  signerId: string | null;
}

/** The reactions one saved change calls for: `process` is the state after it, `history` what it recorded. */
export function plannedReactions(
  process: Readonly<SigningProcessProps>,
  history: readonly HistoryEntry[],
  settings: AutomaticReactionSettings,
  soFar: ReactionsSoFar,
): PlannedReaction[] {
  const planned: PlannedReaction[] = [];
  if (settings.autoResendOnDeliveryFailure) {
    const failed = new Set(history.flatMap((entry) => (entry.type === 'signer.delivery-failed' ? [(entry as HistoryEntry<'signer.delivery-failed'>).data.signerId] : [])));
    for (const signer of process.signers) {
      if (failed.has(signer.id) && resendsThroughOtherChannel(signer) && !soFar.resentSigners.has(signer.id)) {
        planned.push({ kind: AutomaticReaction.RESEND_OTHER_CHANNEL, signerId: signer.id });
      }
    }
  }
  const expired = history.some((entry) => entry.type === 'process.expired');
  if (expired && process.status === ProcessStatus.EXPIRED && soFar.renewals < settings.autoRenewOnExpiryMax) {
    planned.push({ kind: AutomaticReaction.RENEW_ON_EXPIRY, signerId: null });
  }
  return planned;
}

/** A signer the delivery-failure resend applies to right now (re-checked before the resend runs). */
export function resendsThroughOtherChannel(signer: Readonly<SignerProps>): boolean {
  return signer.status === SignerStatus.DELIVERY_FAILED && signer.action === SignerAction.SIGN && otherChannel(signer) !== null;
}
