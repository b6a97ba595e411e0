import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import type { ProcessError, ProcessSettings } from '../../domain/signing-process.props';

/** `signing.signing_process`: one row per process; signers and documents in their own tables. */
@Entity({ schema: 'signing', name: 'signing_process' })
@Index('signing_process_client_created_idx', ['clientName', 'createdAt', 'id'])
@Index('signing_process_client_status_created_idx', ['clientName', 'status', 'createdAt', 'id'])
@Index('signing_process_client_external_id_idx', ['clientName', 'externalId', 'createdAt'])
@Index('signing_process_status_updated_idx', ['status', 'updatedAt'])
export class SigningProcessEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'client_name', type: 'varchar', length: 64 })
  clientName: string;

  @Column({ type: 'varchar', length: 250 })
  name: string;

  @Column({ name: 'external_id', type: 'varchar', length: 100, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Index('signing_process_arqsign_process_id_key', { unique: true })
  @Column({ name: 'arqsign_process_id', type: 'uuid', nullable: true })
  arqsignProcessId: string | null;

  @Column({ type: 'jsonb' })
  settings: ProcessSettings;

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  error: ProcessError | null;

  @Column({ type: 'jsonb', nullable: true })
  refusal: { signerId: string | null; reason: string | null } | null;

  @Column({ name: 'archive_status', type: 'varchar', length: 10, default: 'NONE' })
  archiveStatus: string;

  @Column({ name: 'archive_error', type: 'text', nullable: true })
  archiveError: string | null;

  @Column({ name: 'restarted_from', type: 'uuid', nullable: true })
  restartedFrom: string | null;

  @Column({ name: 'restarted_to', type: 'uuid', nullable: true })
  restartedTo: string | null;

  @Column({ name: 'send_attempted_at', type: 'timestamptz', nullable: true })
  sendAttemptedAt: Date | null;

  @Column({ name: 'send_deferred', type: 'boolean', default: false })
  sendDeferred: boolean;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Optimistic lock: every update is `WHERE version = <loaded>` and increments it. */
  @VersionColumn()
  version: number;
}
