import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation (issue 7):
 *
 * - `reconcile_check`: when reconciliation last asked ArqSIGN about a process, and what came of it.
 *   A sync that finds nothing new changes nothing in the process, so without this row the same
 *   oldest processes would be picked again on every run. Its time counts as "news" for staleness.
 * - `scheduled_task`: one row per periodic task with a lease, so that across any number of
 *   service instances the task runs once per interval and a crashed holder only blocks it until
 *   its lease expires.
 */
export class CreateReconciliation1764309600000 implements MigrationInterface {
  name = 'CreateReconciliation1764309600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.reconcile_check (
        process_id uuid PRIMARY KEY REFERENCES signing.signing_process (id) ON DELETE CASCADE,
        checked_at timestamptz NOT NULL,
        outcome varchar(10) NOT NULL,
        reason varchar(20),
        error text,
        CONSTRAINT reconcile_check_outcome_check CHECK (outcome IN ('UNCHANGED', 'CHANGED', 'FAILED'))
      )`);
    await queryRunner.query(`
      CREATE TABLE signing.scheduled_task (
        name varchar(64) PRIMARY KEY,
        lease_owner varchar(100),
        lease_until timestamptz,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_outcome jsonb
      )`);
    await queryRunner.query("INSERT INTO signing.scheduled_task (name) VALUES ('reconciliation')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.scheduled_task');
    await queryRunner.query('DROP TABLE signing.reconcile_check');
  }
}
