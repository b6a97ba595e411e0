import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a delivery stands (docs/behaviour.md#webhook-receiver). */
export const DeliveryState = {
  /** Stored; processing will claim it from the inbox, interpret and apply it. */
  RECEIVED: 'RECEIVED',
  /** Applied to its process (or nothing was left to apply). */
  PROCESSED: 'PROCESSED',
  /** The same event as an earlier delivery (`duplicate_of`): never applied. */
  DUPLICATE: 'DUPLICATE',
  /** For an ArqSIGN process we don't know (yet): applied once the process is known. */
  PARKED: 'PARKED',
  /** Correctly signed but not interpretable (`error` says why); for an operator. */
  QUARANTINED: 'QUARANTINED',
  /** Processing kept failing until its retries ran out (`error`); replay to try again. */
  FAILED: 'FAILED',
} as const;
export type DeliveryState = (typeof DeliveryState)[keyof typeof DeliveryState];
export const DELIVERY_STATES = Object.values(DeliveryState);

/** How the HMAC was verified: which configured secret matched (never the secret itself). */
export interface SignatureCheck {
  valid: boolean;
  /** `env#0`…: an ARQSIGN_WEBHOOK_SECRETS entry; `stored#0`…: a secret stored by provisioning. */
  matchedSecret: string | null;
  /** `base64` (ArqSIGN's encoding) or `hex` (accepted for robustness, docs/arqsign-gaps.md#gap-22). */
  encoding: 'base64' | 'hex' | null;
}

/** `signing.webhook_delivery`: the inbox. The raw body is kept byte for byte. */
@Entity({ schema: 'signing', name: 'webhook_delivery' })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'varchar', length: 12 })
  state: DeliveryState;

  @Column({ name: 'dedup_key', type: 'varchar', length: 80 })
  dedupKey: string;

  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf: string | null;

  @Column({ type: 'smallint', nullable: true })
  trigger: number | null;

  @Column({ name: 'event_name', type: 'varchar', length: 100, nullable: true })
  eventName: string | null;

  @Column({ name: 'arqsign_process_id', type: 'varchar', length: 64, nullable: true })
  arqsignProcessId: string | null;

  @Column({ name: 'arqsign_webhook_id', type: 'varchar', length: 64, nullable: true })
  arqsignWebhookId: string | null;

  @Column({ name: 'account_id', type: 'varchar', length: 64, nullable: true })
  accountId: string | null;

  /** Our process, once known. */
  @Column({ name: 'process_id', type: 'uuid', nullable: true })
  processId: string | null;

  @Column({ type: 'jsonb' })
  signature: SignatureCheck;

  @Column({ type: 'jsonb' })
  headers: Record<string, string>;

  @Column({ type: 'bytea', select: false })
  body: Buffer;

  /** True: `body` is the skeleton (long strings elided) and the raw bytes are in `signing.webhook_body_chunk` (docs/large-bodies.md). */
  @Column({ name: 'body_chunked', type: 'boolean', default: false })
  bodyChunked: boolean;

  @Column({ name: 'body_size', type: 'integer' })
  bodySize: number;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** What processing did: the facts applied, why nothing was, the reactions started. */
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  /** When processing may claim it (the inbox is the queue); null when it is not queued. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Failed processing attempts since it was last queued. */
  @Column({ type: 'smallint', default: 0 })
  failures: number;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
