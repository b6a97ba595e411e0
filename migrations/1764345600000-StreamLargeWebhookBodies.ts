import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Large webhook bodies streamed into PostgreSQL (issue 18; docs/large-bodies.md).
 *
 * - `webhook_body_chunk`: the raw bytes (access codes masked) of a body over the receiver's
 *   streaming threshold, in rows of 1 MiB, in order, each with its offset in the body. Written in
 *   the same transaction as the inbox row; the foreign key is checked at commit (the chunks are
 *   written while the body arrives, before the row exists). `STORAGE EXTERNAL`: Base64 hardly
 *   compresses, so TOAST does not try.
 * - `webhook_delivery.body_chunked`: the row's `body` then holds the body's skeleton (long strings
 *   replaced by placeholders) and the raw bytes are in the chunks.
 */
export class StreamLargeWebhookBodies1764345600000 implements MigrationInterface {
  name = 'StreamLargeWebhookBodies1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE signing.webhook_delivery ADD COLUMN body_chunked boolean NOT NULL DEFAULT false');
    await queryRunner.query(`
      CREATE TABLE signing.webhook_body_chunk (
        delivery_id uuid NOT NULL REFERENCES signing.webhook_delivery (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        seq integer NOT NULL,
        byte_offset bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (delivery_id, seq)
      )`);
    await queryRunner.query('ALTER TABLE signing.webhook_body_chunk ALTER COLUMN data SET STORAGE EXTERNAL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.webhook_body_chunk');
    await queryRunner.query('ALTER TABLE signing.webhook_delivery DROP COLUMN body_chunked');
  }
}
