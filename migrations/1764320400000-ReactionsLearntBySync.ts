import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automatic reactions follow the domain fact, however it was learnt (docs/architecture.md#automatic-reactions):
 * a delivery failure or an expiry found by a sync has no triggering webhook delivery, so
 * `webhook_reaction.delivery_id` becomes optional (null = learnt by a sync).
 */
export class ReactionsLearntBySync1764320400000 implements MigrationInterface {
  name = 'ReactionsLearntBySync1764320400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE signing.webhook_reaction ALTER COLUMN delivery_id DROP NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM signing.webhook_reaction WHERE delivery_id IS NULL');
    await queryRunner.query('ALTER TABLE signing.webhook_reaction ALTER COLUMN delivery_id SET NOT NULL');
  }
}
