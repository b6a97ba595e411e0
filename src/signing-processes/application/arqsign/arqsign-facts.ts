import type { ArqsignEventName, ArqsignFact, ArqsignSignerFact } from '../../../shared/events/arqsign-events';
import { EventOrder, orderOfExpiry, orderOfResend } from '../../domain/event-order';
import type { ArqsignObservation } from '../../domain/observations';
import { ProcessStatus, SignerAction, SignerStatus } from '../../domain/process-status';
import type { SigningProcess } from '../../domain/signing-process';

/** What an `arqsign.*` fact means for our process, as of its current state. */
export type FactsDecision =
  /** Facts for `SigningProcess.observe` (source `webhook`), oldest first. */
  | { kind: 'apply'; observations: ArqsignObservation[] }
  /** Nothing to change: the process already reflects it (an echo of our own change, a redelivery). */
  | { kind: 'nothing'; reason: string }
  /** The payload lacks what the event needs, its order is undecidable, or we did not understand it: re-read the process from ArqSIGN instead. */
  | { kind: 'sync'; reason: string }
  /** Older than what the process already knows: changes nothing and triggers no reaction. */
  | { kind: 'stale'; reason: string };

export interface FactsContext {
  /** A "resent" that echoes a resend we made ourselves (API, policy, sync): already in the history. */
  resendEcho?: boolean;
  /** The latest resend in the process history (orders "expired" and "resent" events). */
  lastResentAt?: Date | null;
}

/** The status an event leaves the process in, when that is all it does. */
const CLOSING: Partial<Record<ArqsignEventName, ProcessStatus[]>> = {
  'arqsign.process.refused': [ProcessStatus.REFUSED],
  // ArqSIGN may also fire "cancelled" for a refusal (docs/arqsign-gaps.md#gap-19): both mean "closed".
  'arqsign.process.cancelled': [ProcessStatus.CANCELLED, ProcessStatus.REFUSED],
  'arqsign.process.expired': [ProcessStatus.EXPIRED],
  'arqsign.process.concluded': [ProcessStatus.COMPLETED],
};

/**
 * Turns one `arqsign.*` fact (a webhook delivery) into observations for `process`. Pure: it is
 * re-run on a fresh load when a concurrent change wins the version check. Idempotent by
 * construction: a fact the process already reflects yields nothing, so a re-processed delivery
 * adds no history; a genuinely new fact that comes too late is still observed (the aggregate
 * records it as ignored).
 *
 * Signers' signatures listed in any payload (a conclusion lists everybody) are applied first,
 * oldest first, so a lost or late "signed" webhook never leaves a signer pending.
 */
export function factsFor(fact: ArqsignFact, process: SigningProcess, context: FactsContext): FactsDecision {
  if (fact.name === 'arqsign.process.unrecognised') {
    return { kind: 'sync', reason: `unknown event ${fact.payload.eventName ?? fact.payload.trigger ?? ''}: re-read from ArqSIGN`.replace(' :', ':') };
  }
  const payload = fact.payload;
  const receivedAt = new Date(payload.receivedAt);
  const signers = payload.signers;
  const known = { status: process.status, expiredAt: process.expiredAt, lastResentAt: context.lastResentAt ?? null };
  if (fact.name === 'arqsign.process.expired') {
    const order = ordered(orderOfExpiry(known, date(fact.payload.expiresAt)));
    if (order) return order;
  }
  const closed = CLOSING[fact.name];
  if (closed?.includes(process.status)) return { kind: 'nothing', reason: `the process is already ${process.status}` };
  const at = (value: string | null) => date(value) ?? receivedAt;

  switch (fact.name) {
    case 'arqsign.signer.delivery-failed': {
      if (!signers.length) return { kind: 'sync', reason: 'no signer listed in a delivery failure' };
      // Only the failing recipients are listed (docs/arqsign.md#triggers); trust the flag when it is present.
      const failing = signers.some((s) => s.deliveryFailed !== null) ? signers.filter((s) => s.deliveryFailed) : signers;
      if (!failing.length) return { kind: 'nothing', reason: 'no listed recipient has FalhaEnvio set (e.g. only a security code failed to arrive)' };
      const observations: ArqsignObservation[] = failing
        .filter((s) => !alreadyReflected(process, s, SignerStatus.DELIVERY_FAILED))
        .map((s) => ({ kind: 'signer-delivery-failed', arqsignSignerId: s.arqsignSignerId, at: receivedAt }));
      return decided(observations, 'the delivery failure is already recorded');
    }

    case 'arqsign.signer.signed': {
      if (!signers.length) return { kind: 'sync', reason: 'no signer listed in a "signed" event' };
      const observations = signers.filter((s) => !alreadyReflected(process, s, SignerStatus.SIGNED)).map((s) => signed(s, at(s.signedAt)));
      return observations.length ? { kind: 'apply', observations } : { kind: 'stale', reason: 'the signature is already recorded' };
    }

    case 'arqsign.process.refused': {
      const refuser = signers.find((s) => s.refused) ?? null;
      return decided([
        ...signatures(signers, process, refuser),
        { kind: 'refused', arqsignSignerId: refuser?.arqsignSignerId ?? null, reason: refuser?.refusalReason ?? null, at: at(fact.payload.refusedAt) },
      ]);
    }

    case 'arqsign.process.cancelled':
      return decided([...signatures(signers, process), { kind: 'cancelled', cancelledBy: fact.payload.cancelledBy, at: at(fact.payload.cancelledAt) }]);

    case 'arqsign.process.expired':
      return decided([...signatures(signers, process), { kind: 'expired', expiredAt: at(fact.payload.expiresAt) }]);

    case 'arqsign.process.resent': {
      if (context.resendEcho) return { kind: 'nothing', reason: 'the echo of a resend already recorded' };
      const order = ordered(orderOfResend(known, date(fact.payload.resentAt)));
      if (order) return order;
      const pending = signers.filter((s) => !s.signedAt && !s.refused && s.copyOnly !== true).map((s) => s.arqsignSignerId);
      return decided([...signatures(signers, process), { kind: 'resent', arqsignSignerIds: pending, at: at(fact.payload.resentAt) }]);
    }

    case 'arqsign.process.concluded':
      return decided([...signatures(signers, process), { kind: 'completed', completedAt: at(fact.payload.concludedAt) }]);
  }
}

/** Signatures the payload shows that our process has not recorded yet (our SIGN signers only). */
function signatures(signers: readonly ArqsignSignerFact[], process: SigningProcess, except: ArqsignSignerFact | null = null): ArqsignObservation[] {
  return signers
    .filter((s) => s !== except && s.signedAt && !s.refused)
    .filter((s) => {
      const ours = ourSigner(process, s);
      return ours !== undefined && ours.action === SignerAction.SIGN && ours.status !== SignerStatus.SIGNED;
    })
    .sort((a, b) => date(a.signedAt)!.getTime() - date(b.signedAt)!.getTime())
    .map((s) => signed(s, date(s.signedAt)!));
}

function signed(signer: ArqsignSignerFact, signedAt: Date): ArqsignObservation {
  return { kind: 'signer-signed', arqsignSignerId: signer.arqsignSignerId, signedAt, signature: signer.signature };
}

function alreadyReflected(process: SigningProcess, signer: ArqsignSignerFact, status: SignerStatus): boolean {
  return ourSigner(process, signer)?.status === status;
}

function ourSigner(process: SigningProcess, signer: ArqsignSignerFact) {
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

function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
