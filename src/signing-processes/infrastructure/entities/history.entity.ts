import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `signing.signing_process_history`: append-only (a trigger rejects UPDATE and DELETE). Written
 * in the same transaction as the state it explains; `seq` orders the timeline.
 */
@Entity({ schema: 'signing', name: 'signing_process_history' })
@Index('signing_process_history_process_seq_idx', ['processId', 'seq'])
export class HistoryEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Identity column: assigned by PostgreSQL on insert. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'process_id', type: 'uuid' })
  processId: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 20, nullable: true })
  toStatus: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'varchar', length: 10 })
  source: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;
}
