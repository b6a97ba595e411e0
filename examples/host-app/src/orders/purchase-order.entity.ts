import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ContractStatus = 'DRAFT' | 'AWAITING_SIGNATURES' | 'SIGNED' | 'ARCHIVED';

/** The host's own table (schema `public`), next to the signing module's tables (schema `signing`). */
@Entity({ name: 'purchase_orders' })
export class PurchaseOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order number; sent to the signing module as the process's `externalId`. */
  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ name: 'contract_status', type: 'text', default: 'DRAFT' })
  contractStatus: ContractStatus;

  @Column({ name: 'signing_process_id', type: 'uuid', nullable: true })
  signingProcessId: string | null;

  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt: Date | null;

  /** Names of the signing events this order has seen, in order. */
  @Column({ name: 'signing_events', type: 'text', array: true, default: () => "'{}'" })
  signingEvents: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
