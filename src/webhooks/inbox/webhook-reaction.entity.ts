import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The automatic reactions of docs/behaviour.md#automatic-behaviour. */
export const ReactionKind = {
  /** After a delivery failure: resend once through the signer's other known channel. */
  RESEND_OTHER_CHANNEL: 'RESEND_OTHER_CHANNEL',
  /** After an expiry: resend with no edits (renews links and deadline), up to the configured count. */
  RENEW_ON_EXPIRY: 'RENEW_ON_EXPIRY',
} as const;
export type ReactionKind = (typeof ReactionKind)[keyof typeof ReactionKind];

/**
 * PENDING → STARTED (committed before ArqSIGN is called) → DONE | FAILED; SKIPPED when it no
 * longer applies. A job that finds its reaction STARTED does not call ArqSIGN again: at most once.
 */
export const ReactionState = { PENDING: 'PENDING', STARTED: 'STARTED', DONE: 'DONE', FAILED: 'FAILED', SKIPPED: 'SKIPPED' } as const;
export type ReactionState = (typeof ReactionState)[keyof typeof ReactionState];

/** `signing.webhook_reaction`: one reaction per (triggering delivery, kind, signer). */
@Entity({ schema: 'signing', name: 'webhook_reaction' })
export class WebhookReactionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ name: 'process_id', type: 'uuid' })
  processId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: ReactionKind;

  @Column({ name: 'signer_id', type: 'uuid', nullable: true })
  signerId: string | null;

  @Column({ type: 'varchar', length: 10 })
  state: ReactionState;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
