import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable domain events (docs/durable-events.md): the transactional outbox. One row per
 * (consumer, event), written in the transaction of the state the event comes from and deleted in
 * the transaction that consumes it; failing ones wait (`available_at`) and end `dead_at`.
 */
export class CreateDurableEvents1764334800000 implements MigrationInterface {
  name = 'CreateDurableEvents1764334800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.durable_event (
        id bigserial PRIMARY KEY,
        consumer varchar(100) NOT NULL,
        event_id uuid NOT NULL,
        name varchar(100) NOT NULL,
        key varchar(200),
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        available_at timestamptz NOT NULL DEFAULT now(),
        last_error varchar(500),
        dead_at timestamptz,
        CONSTRAINT durable_event_consumer_event_uq UNIQUE (consumer, event_id)
      )`);
    // Claiming: a consumer's live rows, oldest first.
    await queryRunner.query('CREATE INDEX durable_event_claim_idx ON signing.durable_event (consumer, id) WHERE dead_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.durable_event');
  }
}
