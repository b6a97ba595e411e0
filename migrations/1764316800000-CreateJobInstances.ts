import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job recovery (issue 11, see docs/job-recovery.md): one row per running service instance, with a
 * heartbeat. A job that is active in pg-boss and tagged with an instance whose heartbeat is stale
 * (or that stopped) is failed and retried at once instead of waiting for the job's own expiry.
 */
export class CreateJobInstances1764316800000 implements MigrationInterface {
  name = 'CreateJobInstances1764316800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.job_instance (
        id uuid PRIMARY KEY,
        host varchar(255) NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX job_instance_heartbeat_idx ON signing.job_instance (heartbeat_at)');
    // The recovery sweep looks for open reactions without a job (docs/job-recovery.md).
    await queryRunner.query("CREATE INDEX webhook_reaction_open_idx ON signing.webhook_reaction (updated_at) WHERE state IN ('PENDING', 'STARTED')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX signing.webhook_reaction_open_idx');
    await queryRunner.query('DROP TABLE signing.job_instance');
  }
}
