import { Column, Entity, PrimaryColumn } from 'typeorm';
import { AutomaticReaction } from '../../domain/automatic-reactions.policy';

/** The automatic reactions, as decided by the policy of signing-processes (docs/architecture.md#automatic-reactions). */
export const ReactionKind = AutomaticReaction;
export type ReactionKind = AutomaticReaction;

/**
 * PENDING → STARTED (committed before ArqSIGN is called) → DONE | FAILED; SKIPPED when it no
 * longer applies. A job that finds its reaction STARTED does not call ArqSIGN again: at most once.
 */
export const ReactionState = { PENDING: 'PENDING', STARTED: 'STARTED', DONE: 'DONE', FAILED: 'FAILED', SKIPPED: 'SKIPPED' } as const;
export type ReactionState = (typeof ReactionState)[keyof typeof ReactionState];

/** `signing.process_reaction`: one reaction per (triggering fact, kind, signer). */
@Entity({ schema: 'signing', name: 'process_reaction' })
export class ProcessReactionEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The webhook delivery that reported the fact (the change's cause); null when a sync learnt it. No foreign key: the inbox is the webhooks module's. */
  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId: string | null;

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
