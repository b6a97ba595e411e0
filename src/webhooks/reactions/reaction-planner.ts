import { DeliveryChannel, ProcessStatus, SignatureType, SignerAction, SignerStatus } from '../../signing-processes/domain/process-status';
import type { SigningProcess } from '../../signing-processes/domain/signing-process';
import type { SignerProps } from '../../signing-processes/domain/signing-process.props';
import { ReactionKind } from '../inbox/webhook-reaction.entity';
import { Trigger, WebhookEvent } from '../interpretation/webhook-payload';

export interface ReactionPolicy {
  /** AUTO_RESEND_ON_DELIVERY_FAILURE */
  autoResendOnDeliveryFailure: boolean;
  /** AUTO_RENEW_ON_EXPIRY_MAX */
  autoRenewOnExpiryMax: number;
}

/** What earlier reactions of the process already used up. */
export interface ReactionHistory {
  /** Our signer ids already resent through their other channel (once per signer). */
  resentSigners: ReadonlySet<string>;
  /** Renewals already started for the process. */
  renewals: number;
}

export interface PlannedReaction {
  kind: ReactionKind;
  signerId: string | null;
}

/**
 * The automatic reactions of docs/behaviour.md#automatic-behaviour a processed delivery calls for, decided from the
 * process state after it was applied (so re-processing the same delivery decides the same):
 * - delivery failure → resend once through the signer's other known channel (e-mail ↔ WhatsApp);
 * - expiry → renew (resend, no edits) while fewer than AUTO_RENEW_ON_EXPIRY_MAX renewals ran.
 */
export function planReactions(event: WebhookEvent, process: SigningProcess, policy: ReactionPolicy, history: ReactionHistory): PlannedReaction[] {
  if (event.trigger === Trigger.DELIVERY_FAILED && policy.autoResendOnDeliveryFailure) {
    const listed = new Set(event.signers.filter((s) => s.deliveryFailed !== false).map((s) => s.arqsignSignerId));
    return process.signers
      .filter((s) => s.arqsignSignerId && listed.has(s.arqsignSignerId.toLowerCase()))
      .filter((s) => s.status === SignerStatus.DELIVERY_FAILED && s.action === SignerAction.SIGN && !history.resentSigners.has(s.id))
      .filter((s) => otherChannel(s) !== null)
      .map((s) => ({ kind: ReactionKind.RESEND_OTHER_CHANNEL, signerId: s.id }));
  }
  if (event.trigger === Trigger.EXPIRED && process.status === ProcessStatus.EXPIRED && history.renewals < policy.autoRenewOnExpiryMax) {
    return [{ kind: ReactionKind.RENEW_ON_EXPIRY, signerId: null }];
  }
  return [];
}

/** The channel a signer can be reached on besides the failed one; WhatsApp only for electronic signatures. */
export function otherChannel(signer: Readonly<SignerProps>): DeliveryChannel | null {
  if (signer.delivery === DeliveryChannel.EMAIL) {
    return signer.phone && signer.options.signatureType === SignatureType.ELECTRONIC ? DeliveryChannel.WHATSAPP : null;
  }
  return signer.email ? DeliveryChannel.EMAIL : null;
}
