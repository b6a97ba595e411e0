import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `signing.idempotency_key`: one per (API client, Idempotency-Key) of `POST /v1/processes`. */
@Entity({ schema: 'signing', name: 'idempotency_key' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'client_name', type: 'varchar', length: 64 })
  clientName: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'process_id', type: 'uuid' })
  processId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
