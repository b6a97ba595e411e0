import type { ArqsignFact, ArqsignSignerFact } from '../../shared/events/arqsign-events';
import { Trigger, WebhookEnvelope, WebhookEvent, WebhookSigner } from './webhook-payload';

/** The delivery a fact comes from. */
export interface DeliveryRef {
  id: string;
  receivedAt: Date;
}

/**
 * An interpreted delivery as the `arqsign.*` event it publishes (docs/architecture.md#events), or
 * null for a "sent" (it only links a process: our send or the uncertain-send adoption does that).
 */
export function toArqsignFact(event: WebhookEvent, delivery: DeliveryRef): ArqsignFact | null {
  const base = { deliveryId: delivery.id, arqsignProcessId: event.arqsignProcessId, receivedAt: delivery.receivedAt.toISOString(), signers: event.signers.map(signerFact) };
  switch (event.trigger) {
    case Trigger.SENT:
      return null;
    case Trigger.DELIVERY_FAILED:
      return { name: 'arqsign.signer.delivery-failed', payload: base };
    case Trigger.SIGNED:
      return { name: 'arqsign.signer.signed', payload: base };
    case Trigger.REFUSED:
      return { name: 'arqsign.process.refused', payload: { ...base, refusedAt: iso(event.cancelledAt) } };
    case Trigger.CANCELLED:
      return { name: 'arqsign.process.cancelled', payload: { ...base, cancelledAt: iso(event.cancelledAt), cancelledBy: event.cancelledBy } };
    case Trigger.EXPIRED:
      return { name: 'arqsign.process.expired', payload: { ...base, expiresAt: iso(event.expiresAt) } };
    case Trigger.RESENT:
      return { name: 'arqsign.process.resent', payload: { ...base, resentAt: iso(event.resentAt) } };
    case Trigger.CONCLUDED:
      return { name: 'arqsign.process.concluded', payload: { ...base, concludedAt: iso(event.concludedAt) } };
  }
}

/** A delivery with a process id but an event we don't know: the process is to be re-read. */
export function unrecognisedFact(envelope: WebhookEnvelope & { arqsignProcessId: string }, delivery: DeliveryRef): ArqsignFact {
  return {
    name: 'arqsign.process.unrecognised',
    payload: { deliveryId: delivery.id, arqsignProcessId: envelope.arqsignProcessId, receivedAt: delivery.receivedAt.toISOString(), eventName: envelope.eventName, trigger: envelope.trigger },
  };
}

function signerFact(signer: WebhookSigner): ArqsignSignerFact {
  return {
    arqsignSignerId: signer.arqsignSignerId,
    copyOnly: signer.copyOnly,
    signedAt: iso(signer.signedAt),
    signature: signer.signature,
    refused: signer.refused,
    refusalReason: signer.refusalReason,
    deliveryFailed: signer.deliveryFailed,
  };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
