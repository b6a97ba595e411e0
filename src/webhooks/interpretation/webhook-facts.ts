import { EventOrder, orderOfExpiry, orderOfResend } from '../../signing-processes/domain/event-order';
import type { ArqsignObservation } from '../../signing-processes/domain/observations';
import { ProcessStatus, SignerAction, SignerStatus } from '../../signing-processes/domain/process-status';
import type { SigningProcess } from '../../signing-processes/domain/signing-process';
import { Trigger, WebhookEvent, WebhookSigner } from './webhook-payload';

/** What a delivery means for our process, as of its current state. */
export type FactsDecision =
  /** Facts for `SigningProcess.observe` (source `webhook`), oldest first. */
  | { kind: 'apply'; observations: ArqsignObservation[] }
  /** Nothing to change: the process already reflects it (an echo of our own change, a redelivery). */
  | { kind: 'nothing'; reason: string }
  /** The payload lacks what the trigger needs, or its order is undecidable: re-read the process from ArqSIGN instead. */
  | { kind: 'sync'; reason: string }
  /** Older than what the process already knows: changes nothing and triggers no reaction. */
  | { kind: 'stale'; reason: string };

export interface FactsContext {
  /** When we first received the delivery: the time of facts whose payload carries none. */
  receivedAt: Date;
  /** A "resent" that echoes a resend we made ourselves (API, policy, sync): already in the history. */
  resendEcho?: boolean;
  /** The latest resend in the process history (orders "expired" and "resent" events). */
  lastResentAt?: Date | null;
}

/** The status a trigger leaves the process in, when that is all it does. */
const CLOSING: Partial<Record<Trigger, ProcessStatus[]>> = {
  [Trigger.REFUSED]: [ProcessStatus.REFUSED],
  // ArqSIGN may also fire "cancelled" for a refusal (docs/arqsign-gaps.md#gap-19): both mean "closed".
  [Trigger.CANCELLED]: [ProcessStatus.CANCELLED, ProcessStatus.REFUSED],
  [Trigger.EXPIRED]: [ProcessStatus.EXPIRED],
  [Trigger.CONCLUDED]: [ProcessStatus.COMPLETED],
};

/**
 * Turns one interpreted delivery into facts about `process`. Pure: it is re-run on a fresh load
 * when a concurrent change wins the version check. Idempotent by construction: a fact the
 * process already reflects yields nothing, so a re-processed delivery adds no history; a
 * genuinely new fact that comes too late is still observed (the aggregate records it as ignored).
 *
 * Signers' signatures listed in any payload (a conclusion lists everybody) are applied first,
 * oldest first, so a lost or late "signed" webhook never leaves a signer pending.
 */
export function factsFor(event: WebhookEvent, process: SigningProcess, context: FactsContext): FactsDecision {
  const known = { status: process.status, expiredAt: process.expiredAt, lastResentAt: context.lastResentAt ?? null };
  if (event.trigger === Trigger.EXPIRED) {
    const order = ordered(orderOfExpiry(known, event.expiresAt));
    if (order) return order;
  }
  const closed = CLOSING[event.trigger];
  if (closed?.includes(process.status)) return { kind: 'nothing', reason: `the process is already ${process.status}` };
  const at = (date: Date | null) => date ?? context.receivedAt;

  switch (event.trigger) {
    case Trigger.SENT:
      return { kind: 'nothing', reason: 'our send already linked the process' };

    case Trigger.DELIVERY_FAILED: {
      if (!event.signers.length) return { kind: 'sync', reason: 'no signer listed in a delivery failure' };
      // Only the failing recipients are listed (docs/arqsign.md#triggers); trust the flag when it is present.
      const failing = event.signers.some((s) => s.deliveryFailed !== null) ? event.signers.filter((s) => s.deliveryFailed) : event.signers;
      if (!failing.length) return { kind: 'nothing', reason: 'no listed recipient has FalhaEnvio set (e.g. only a security code failed to arrive)' };
      const observations: ArqsignObservation[] = failing
        .filter((s) => !alreadyReflected(process, s, SignerStatus.DELIVERY_FAILED))
        .map((s) => ({ kind: 'signer-delivery-failed', arqsignSignerId: s.arqsignSignerId, at: context.receivedAt }));
      return decided(observations, 'the delivery failure is already recorded');
    }

    case Trigger.SIGNED: {
      if (!event.signers.length) return { kind: 'sync', reason: 'no signer listed in a "signed" event' };
      const observations = event.signers
        .filter((s) => !alreadyReflected(process, s, SignerStatus.SIGNED))
        .map((s) => signed(s, at(s.signedAt)));
      return observations.length ? { kind: 'apply', observations } : { kind: 'stale', reason: 'the signature is already recorded' };
    }

    case Trigger.REFUSED: {
      const refuser = event.signers.find((s) => s.refused) ?? null;
      return decided([
        ...signatures(event, process, refuser),
        { kind: 'refused', arqsignSignerId: refuser?.arqsignSignerId ?? null, reason: refuser?.refusalReason ?? null, at: at(event.cancelledAt) },
      ]);
    }

    case Trigger.CANCELLED:
      return decided([...signatures(event, process), { kind: 'cancelled', cancelledBy: event.cancelledBy, at: at(event.cancelledAt) }]);

    case Trigger.EXPIRED:
      return decided([...signatures(event, process), { kind: 'expired', expiredAt: at(event.expiresAt) }]);

    case Trigger.RESENT: {
      if (context.resendEcho) return { kind: 'nothing', reason: 'the echo of a resend already recorded' };
      const order = ordered(orderOfResend(known, event.resentAt));
      if (order) return order;
      const pending = event.signers.filter((s) => !s.signedAt && !s.refused && s.copyOnly !== true).map((s) => s.arqsignSignerId);
      return decided([...signatures(event, process), { kind: 'resent', arqsignSignerIds: pending, at: at(event.resentAt) }]);
    }

    case Trigger.CONCLUDED:
      return decided([...signatures(event, process), { kind: 'completed', completedAt: at(event.concludedAt) }]);
  }
}

/** Signatures the payload shows that our process has not recorded yet (our SIGN signers only). */
function signatures(event: WebhookEvent, process: SigningProcess, except: WebhookSigner | null = null): ArqsignObservation[] {
  return event.signers
    .filter((s) => s !== except && s.signedAt && !s.refused)
    .filter((s) => {
      const ours = ourSigner(process, s);
      return ours !== undefined && ours.action === SignerAction.SIGN && ours.status !== SignerStatus.SIGNED;
    })
    .sort((a, b) => a.signedAt!.getTime() - b.signedAt!.getTime())
    .map((s) => signed(s, s.signedAt!));
}

function signed(signer: WebhookSigner, signedAt: Date): ArqsignObservation {
  return { kind: 'signer-signed', arqsignSignerId: signer.arqsignSignerId, signedAt, signature: signer.signature };
}

function alreadyReflected(process: SigningProcess, signer: WebhookSigner, status: SignerStatus): boolean {
  return ourSigner(process, signer)?.status === status;
}

function ourSigner(process: SigningProcess, signer: WebhookSigner) {
  return process.signers.find((s) => s.arqsignSignerId?.toLowerCase() === signer.arqsignSignerId);
}

/** A stale or undecidable order as a decision; null when the event is current. */
function ordered(order: EventOrder): FactsDecision | null {
  if (order.kind === 'stale') return { kind: 'stale', reason: order.reason };
  if (order.kind === 'undecidable') return { kind: 'sync', reason: order.reason };
  return null;
}

function decided(observations: ArqsignObservation[], emptyReason = 'nothing new'): FactsDecision {
  return observations.length ? { kind: 'apply', observations } : { kind: 'nothing', reason: emptyReason };
}
