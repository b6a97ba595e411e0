import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue 16, docs/outbound-webhooks.md): the endpoints a client registers, the
 * messages written in the same transaction as the process change they report (the outbox), one
 * delivery per message and subscribed endpoint, and every attempt of a delivery.
 */
export class CreateOutboundWebhooks1764331200000 implements MigrationInterface {
  name = 'CreateOutboundWebhooks1764331200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_name varchar(100) NOT NULL,
        url text NOT NULL,
        description varchar(500),
        event_types text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason varchar(40),
        secret varchar(100) NOT NULL,
        previous_secret varchar(100),
        previous_secret_expires_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX webhook_endpoint_client_idx ON signing.webhook_endpoint (client_name, created_at)');
    await queryRunner.query(`
      CREATE TABLE signing.outbound_message (
        id varchar(60) PRIMARY KEY,
        sequence bigserial NOT NULL UNIQUE,
        client_name varchar(100) NOT NULL,
        process_id uuid NOT NULL,
        type varchar(60) NOT NULL,
        occurred_at timestamptz NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX outbound_message_process_idx ON signing.outbound_message (process_id, sequence)');
    await queryRunner.query(`
      CREATE TABLE signing.outbound_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id varchar(60) NOT NULL REFERENCES signing.outbound_message (id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL REFERENCES signing.webhook_endpoint (id) ON DELETE CASCADE,
        state varchar(20) NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status integer,
        last_error varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (endpoint_id, message_id)
      )`);
    await queryRunner.query("CREATE INDEX outbound_delivery_pending_idx ON signing.outbound_delivery (next_attempt_at) WHERE state = 'PENDING'");
    await queryRunner.query('CREATE INDEX outbound_delivery_endpoint_idx ON signing.outbound_delivery (endpoint_id, created_at DESC)');
    await queryRunner.query(`
      CREATE TABLE signing.outbound_attempt (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES signing.outbound_delivery (id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status integer,
        latency_ms integer NOT NULL,
        error varchar(500),
        outcome varchar(20) NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX outbound_attempt_delivery_idx ON signing.outbound_attempt (delivery_id, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.outbound_attempt');
    await queryRunner.query('DROP TABLE signing.outbound_delivery');
    await queryRunner.query('DROP TABLE signing.outbound_message');
    await queryRunner.query('DROP TABLE signing.webhook_endpoint');
  }
}
