import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ArqSIGN's rate limits are per account, so every instance on this database shares one budget
 * (docs/rate-limits.md): `arqsign_rate_grant` logs each call we were allowed to make (kept for the
 * longest window), and the single `arqsign_rate_state` row serialises grants (row lock) and holds a
 * cluster-wide pause after ArqSIGN answered 429.
 */
export class CreateArqsignRateLimiter1764324000000 implements MigrationInterface {
  name = 'CreateArqsignRateLimiter1764324000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.arqsign_rate_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        paused_until timestamptz
      )`);
    await queryRunner.query(`INSERT INTO signing.arqsign_rate_state (id) VALUES (1)`);
    await queryRunner.query(`
      CREATE TABLE signing.arqsign_rate_grant (
        id bigserial PRIMARY KEY,
        granted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX arqsign_rate_grant_granted_at_idx ON signing.arqsign_rate_grant (granted_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE signing.arqsign_rate_grant`);
    await queryRunner.query(`DROP TABLE signing.arqsign_rate_state`);
  }
}
