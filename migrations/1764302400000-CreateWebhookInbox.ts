import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook receiver (issue 6): the inbox of ArqSIGN deliveries and the automatic reactions they
 * caused. pg-boss creates and migrates its own schema (`pgboss`) when the job queue starts.
 *
 * - `webhook_delivery`: every accepted delivery, raw bytes included (the record; jobs only drive
 *   it). `dedup_key` is unique among originals (`duplicate_of IS NULL`): a redelivery of the same
 *   event is stored as a DUPLICATE row pointing at the original, so concurrent copies cannot both
 *   be processed.
 * - `webhook_reaction`: one automatic reaction (resend through the other channel, renew on
 *   expiry) per triggering delivery; its state makes the ArqSIGN call at most once.
 */
export class CreateWebhookInbox1764302400000 implements MigrationInterface {
  name = 'CreateWebhookInbox1764302400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        received_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        state varchar(12) NOT NULL,
        dedup_key varchar(80) NOT NULL,
        duplicate_of uuid REFERENCES signing.webhook_delivery (id),
        trigger smallint,
        event_name varchar(100),
        arqsign_process_id varchar(64),
        arqsign_webhook_id varchar(64),
        account_id varchar(64),
        process_id uuid,
        signature jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        body bytea NOT NULL,
        body_size integer NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        result jsonb,
        processed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_delivery_state_check CHECK (state IN ('RECEIVED', 'PROCESSED', 'DUPLICATE', 'PARKED', 'QUARANTINED', 'FAILED'))
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX webhook_delivery_dedup_key ON signing.webhook_delivery (dedup_key) WHERE duplicate_of IS NULL');
    await queryRunner.query('CREATE INDEX webhook_delivery_state_received_idx ON signing.webhook_delivery (state, received_at)');
    await queryRunner.query('CREATE INDEX webhook_delivery_arqsign_process_idx ON signing.webhook_delivery (arqsign_process_id, received_at)');
    await queryRunner.query('CREATE INDEX webhook_delivery_process_idx ON signing.webhook_delivery (process_id, received_at)');
    await queryRunner.query('CREATE INDEX webhook_delivery_received_idx ON signing.webhook_delivery (received_at, id)');

    await queryRunner.query(`
      CREATE TABLE signing.webhook_reaction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES signing.webhook_delivery (id),
        process_id uuid NOT NULL,
        kind varchar(24) NOT NULL,
        signer_id uuid,
        state varchar(10) NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_reaction_kind_check CHECK (kind IN ('RESEND_OTHER_CHANNEL', 'RENEW_ON_EXPIRY')),
        CONSTRAINT webhook_reaction_state_check CHECK (state IN ('PENDING', 'STARTED', 'DONE', 'FAILED', 'SKIPPED'))
      )`);
    await queryRunner.query(
      "CREATE UNIQUE INDEX webhook_reaction_trigger_key ON signing.webhook_reaction (delivery_id, kind, COALESCE(signer_id, '00000000-0000-0000-0000-000000000000'::uuid))",
    );
    await queryRunner.query('CREATE INDEX webhook_reaction_process_idx ON signing.webhook_reaction (process_id, kind)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.webhook_reaction');
    await queryRunner.query('DROP TABLE signing.webhook_delivery');
  }
}
