import { MigrationInterface, QueryRunner } from 'typeorm';

/** The `signing` schema keeps our tables apart from a host application's. */
export class CreateSigningSchema1764291600000 implements MigrationInterface {
  name = 'CreateSigningSchema1764291600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS signing');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS signing');
  }
}
