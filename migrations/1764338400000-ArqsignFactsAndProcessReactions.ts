import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (docs/architecture.md#events): `signing-processes` applies the `arqsign.*` events itself.
 *
 * - `signing.arqsign_fact`: one row per consumed `arqsign.*` event — the delivery it came from, the
 *   process, and the outcome (applied, nothing, stale, synced, with the reason). Written in the
 *   transaction that applies the fact, so a redelivered event is a no-op.
 * - The automatic reactions belong to `signing-processes` now: `signing.webhook_reaction` becomes
 *   `signing.process_reaction` (data kept), without its foreign key to the webhook inbox.
 */
export class ArqsignFactsAndProcessReactions1764338400000 implements MigrationInterface {
  name = 'ArqsignFactsAndProcessReactions1764338400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.arqsign_fact (
        event_id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL,
        process_id uuid,
        name varchar(60) NOT NULL,
        outcome jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX arqsign_fact_delivery_idx ON signing.arqsign_fact (delivery_id)');
    await queryRunner.query('CREATE INDEX arqsign_fact_process_idx ON signing.arqsign_fact (process_id, name)');

    const foreignKeys: { conname: string }[] = await queryRunner.query(
      "SELECT conname FROM pg_constraint WHERE conrelid = 'signing.webhook_reaction'::regclass AND contype = 'f'",
    );
    for (const { conname } of foreignKeys) await queryRunner.query(`ALTER TABLE signing.webhook_reaction DROP CONSTRAINT "${conname}"`);
    await queryRunner.query('ALTER TABLE signing.webhook_reaction RENAME TO process_reaction');
    await queryRunner.query('ALTER TABLE signing.process_reaction RENAME CONSTRAINT webhook_reaction_kind_check TO process_reaction_kind_check');
    await queryRunner.query('ALTER TABLE signing.process_reaction RENAME CONSTRAINT webhook_reaction_state_check TO process_reaction_state_check');
    await queryRunner.query('ALTER INDEX signing.webhook_reaction_pkey RENAME TO process_reaction_pkey');
    await queryRunner.query('ALTER INDEX signing.webhook_reaction_trigger_key RENAME TO process_reaction_trigger_key');
    await queryRunner.query('ALTER INDEX signing.webhook_reaction_process_idx RENAME TO process_reaction_process_idx');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER INDEX signing.process_reaction_process_idx RENAME TO webhook_reaction_process_idx');
    await queryRunner.query('ALTER INDEX signing.process_reaction_trigger_key RENAME TO webhook_reaction_trigger_key');
    await queryRunner.query('ALTER INDEX signing.process_reaction_pkey RENAME TO webhook_reaction_pkey');
    await queryRunner.query('ALTER TABLE signing.process_reaction RENAME CONSTRAINT process_reaction_state_check TO webhook_reaction_state_check');
    await queryRunner.query('ALTER TABLE signing.process_reaction RENAME CONSTRAINT process_reaction_kind_check TO webhook_reaction_kind_check');
    await queryRunner.query('ALTER TABLE signing.process_reaction RENAME TO webhook_reaction');
    await queryRunner.query('DELETE FROM signing.webhook_reaction r WHERE r.delivery_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM signing.webhook_delivery d WHERE d.id = r.delivery_id)');
    await queryRunner.query('ALTER TABLE signing.webhook_reaction ADD CONSTRAINT webhook_reaction_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES signing.webhook_delivery (id)');
    await queryRunner.query('DROP TABLE signing.arqsign_fact');
  }
}
