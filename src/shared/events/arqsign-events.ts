/**
 * The `arqsign.*` events (docs/architecture.md#events): what ArqSIGN told us in one verified webhook
 * delivery, as facts in ArqSIGN's own terms and ids — neutral of our state (whether a fact is new,
 * stale or an echo is for the consumer to decide). Published durably by `webhooks` in the
 * transaction that marks the delivery PROCESSED; consumed by `signing-processes`. One delivery is
 * one event; its payload is JSON (times as ISO strings).
 */

/** One recipient as the payload lists it (`Signatarios`), without contact data. */
export interface ArqsignSignerFact {
  /** ArqSIGN's recipient id (lower case). */
  readonly arqsignSignerId: string;
  /** From `TipoAcao`: a copy-only recipient never signs; null when absent. */
  readonly copyOnly: boolean | null;
  /** When the recipient signed (ISO), or null. */
  readonly signedAt: string | null;
  /** ArqSIGN's signature data (no date, no links, never the security code). */
  readonly signature: Record<string, unknown> | null;
  readonly refused: boolean;
  readonly refusalReason: string | null;
  /** `FalhaEnvio`; null when absent. */
  readonly deliveryFailed: boolean | null;
}

/** What every `arqsign.*` event carries. */
export interface ArqsignFactEnvelope {
  /** The inbox delivery the fact came from (`signing.webhook_delivery.id`). */
  readonly deliveryId: string;
  readonly arqsignProcessId: string;
  /** When we first received the delivery (ISO): the time of facts whose payload has none. */
  readonly receivedAt: string;
}

/** A fact about the recipients, as listed by the payload. */
export interface ArqsignSignersFact extends ArqsignFactEnvelope {
  readonly signers: readonly ArqsignSignerFact[];
}

export interface ArqsignEventMap {
  /** Trigger 3: one or more recipients signed. */
  'arqsign.signer.signed': ArqsignSignersFact;
  /** Trigger 2: a message to the listed recipients could not be delivered. */
  'arqsign.signer.delivery-failed': ArqsignSignersFact;
  /** Trigger 4: a recipient refused (the one with `refused`, and the reason). */
  'arqsign.process.refused': ArqsignSignersFact & { readonly refusedAt: string | null };
  /** Trigger 5: the process was cancelled (ArqSIGN may also say so for a refusal). */
  'arqsign.process.cancelled': ArqsignSignersFact & { readonly cancelledAt: string | null; readonly cancelledBy: string | null };
  /** Trigger 6: the deadline passed. */
  'arqsign.process.expired': ArqsignSignersFact & { readonly expiresAt: string | null };
  /** Trigger 7: the process was resent (by anyone, us included). */
  'arqsign.process.resent': ArqsignSignersFact & { readonly resentAt: string | null };
  /** Trigger 8: every recipient signed; the process is concluded. */
  'arqsign.process.concluded': ArqsignSignersFact & { readonly concludedAt: string | null };
  /** A delivery for the process we understood too little to apply: re-read the process from ArqSIGN. */
  'arqsign.process.unrecognised': ArqsignFactEnvelope & { readonly eventName: string | null; readonly trigger: number | null };
}

export type ArqsignEventName = keyof ArqsignEventMap;

export const ARQSIGN_EVENT_NAMES: readonly ArqsignEventName[] = [
  'arqsign.signer.signed',
  'arqsign.signer.delivery-failed',
  'arqsign.process.refused',
  'arqsign.process.cancelled',
  'arqsign.process.expired',
  'arqsign.process.resent',
  'arqsign.process.concluded',
  'arqsign.process.unrecognised',
];

/** One `arqsign.*` event: its name and the payload that name fixes. */
export type ArqsignFact = { [N in ArqsignEventName]: { readonly name: N; readonly payload: ArqsignEventMap[N] } }[ArqsignEventName];
