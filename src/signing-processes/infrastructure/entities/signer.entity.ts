import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SignerOptions } from '../../domain/signing-process.props';

/** `signing.signing_process_signer`: the recipients of a process, in the order given. */
@Entity({ schema: 'signing', name: 'signing_process_signer' })
@Index('signing_process_signer_position_key', ['processId', 'position'], { unique: true })
export class SignerEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'process_id', type: 'uuid' })
  processId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 150, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone: string | null;

  @Column({ name: 'signing_order', type: 'smallint', nullable: true })
  signingOrder: number | null;

  @Column({ type: 'varchar', length: 8 })
  action: string;

  @Column({ type: 'varchar', length: 10 })
  delivery: string;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason: string | null;

  @Index('signing_process_signer_arqsign_id_idx')
  @Column({ name: 'arqsign_signer_id', type: 'uuid', nullable: true })
  arqsignSignerId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  signature: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  options: SignerOptions;
}
