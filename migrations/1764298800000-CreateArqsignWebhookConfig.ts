import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ArqSIGN webhook provisioning (issue 4): the tracking and conclusion configurations we created
 * or adopted in ArqSIGN, one row per kind, with the HMAC secrets the receiver verifies against
 * (the previous one is kept for a grace period after a rotation).
 */
export class CreateArqsignWebhookConfig1764298800000 implements MigrationInterface {
  name = 'CreateArqsignWebhookConfig1764298800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.arqsign_webhook_config (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL,
        name varchar(150) NOT NULL,
        arqsign_id uuid NOT NULL,
        url text NOT NULL,
        hmac_secret text,
        previous_hmac_secret text,
        previous_secret_until timestamptz,
        last_provisioned_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT arqsign_webhook_config_kind_key UNIQUE (kind),
        CONSTRAINT arqsign_webhook_config_kind_check CHECK (kind IN ('tracking', 'conclusion'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.arqsign_webhook_config');
  }
}
