import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox is its own queue (issue 18; docs/job-recovery.md#the-inbox-is-the-queue).
 *
 * - `next_attempt_at`: when the delivery may be claimed for processing; NULL when it is not queued
 *   (processed, parked, quarantined, failed, duplicate). The ack sets it (a "resent" a few seconds
 *   ahead), a failed attempt pushes it back, releasing a parked delivery or a replay sets it to now.
 * - `failures`: failed processing attempts since the delivery was last queued (retries, then FAILED).
 * - a partial index on `next_attempt_at` for the claim.
 *
 * Deliveries waiting for a pg-boss processing job are queued in the inbox instead, and those jobs
 * (queue `arqsign-webhook.process-delivery`, when pg-boss's schema exists) are removed.
 */
export class InboxAsQueue1764349200000 implements MigrationInterface {
  name = 'InboxAsQueue1764349200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE signing.webhook_delivery ADD COLUMN next_attempt_at timestamptz, ADD COLUMN failures smallint NOT NULL DEFAULT 0');
    await queryRunner.query("UPDATE signing.webhook_delivery SET next_attempt_at = now() WHERE state = 'RECEIVED'");
    await queryRunner.query('CREATE INDEX webhook_delivery_due_idx ON signing.webhook_delivery (next_attempt_at) WHERE next_attempt_at IS NOT NULL');
    await queryRunner.query(`
      DO $$ BEGIN
        IF to_regclass('pgboss.job') IS NOT NULL THEN
          DELETE FROM pgboss.job WHERE name = 'arqsign-webhook.process-delivery' AND state IN ('created', 'retry', 'active');
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX signing.webhook_delivery_due_idx');
    await queryRunner.query('ALTER TABLE signing.webhook_delivery DROP COLUMN next_attempt_at, DROP COLUMN failures');
  }
}
