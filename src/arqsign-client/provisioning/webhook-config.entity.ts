import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * `signing.arqsign_webhook_config`: the ArqSIGN webhook configurations we provisioned, one per
 * kind (tracking, conclusion), with the HMAC secret ArqSIGN signs their deliveries with. The
 * secrets are read by the webhook receiver and never leave the service (no route, log or metric).
 */
@Entity({ schema: 'signing', name: 'arqsign_webhook_config' })
@Unique('arqsign_webhook_config_kind_key', ['kind'])
export class WebhookConfigEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** `tracking` | `conclusion` (unique). */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** The name in ArqSIGN (unique per ArqSIGN account). */
  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ name: 'arqsign_id', type: 'uuid' })
  arqsignId: string;

  /** `urlPublicar` the configuration was provisioned with. */
  @Column({ type: 'text' })
  url: string;

  /** `chaveHMAC`; null when ArqSIGN never revealed it to us. */
  @Column({ name: 'hmac_secret', type: 'text', nullable: true })
  hmacSecret: string | null;

  /** The secret replaced by the last rotation, still accepted until `previousSecretUntil`. */
  @Column({ name: 'previous_hmac_secret', type: 'text', nullable: true })
  previousHmacSecret: string | null;

  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil: Date | null;

  @Column({ name: 'last_provisioned_at', type: 'timestamptz' })
  lastProvisionedAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
