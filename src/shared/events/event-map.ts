/**
 * The domain events of docs/behaviour.md#domain-events: name → payload. Published in-process (also when the module
 * is embedded) after the transaction that caused them commits. Every payload carries the
 * common envelope; each event adds its own data.
 */
export interface DomainEventEnvelope {
  /** Unique per published event; listeners use it to stay idempotent. */
  readonly eventId: string;
  readonly occurredAt: string;
  readonly processId: string;
  readonly externalId: string | null;
  readonly clientName: string;
  readonly correlationId?: string;
}

export interface SignerRef {
  readonly signerId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface SigningEventMap {
  'signing.process.sent': DomainEventEnvelope & { readonly arqsignProcessId: string };
  'signing.process.send-failed': DomainEventEnvelope & { readonly error: string; readonly uncertain: boolean };
  'signing.signer.signed': DomainEventEnvelope & { readonly signer: SignerRef; readonly signedAt: string };
  'signing.signer.delivery-failed': DomainEventEnvelope & { readonly signer: SignerRef; readonly channel: 'EMAIL' | 'WHATSAPP' };
  'signing.process.refused': DomainEventEnvelope & { readonly signer: SignerRef | null; readonly reason: string | null };
  'signing.process.cancelled': DomainEventEnvelope & { readonly reason: string | null };
  'signing.process.expired': DomainEventEnvelope & { readonly expiredAt: string };
  'signing.process.resent': DomainEventEnvelope & { readonly signerIds: readonly string[]; readonly automatic: boolean };
  'signing.process.completed': DomainEventEnvelope & { readonly completedAt: string };
  'signing.files.stored': DomainEventEnvelope & { readonly files: readonly { fileId: string; kind: string; sha256: string; size: number }[] };
  'signing.files.store-failed': DomainEventEnvelope & { readonly error: string };
}

export type SigningEventName = keyof SigningEventMap;
export const SIGNING_EVENT_NAMES: readonly SigningEventName[] = [
  'signing.process.sent',
  'signing.process.send-failed',
  'signing.signer.signed',
  'signing.signer.delivery-failed',
  'signing.process.refused',
  'signing.process.cancelled',
  'signing.process.expired',
  'signing.process.resent',
  'signing.process.completed',
  'signing.files.stored',
  'signing.files.store-failed',
];
