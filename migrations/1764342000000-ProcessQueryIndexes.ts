import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for reconciliation's "which processes are due" query (issue 18; plans in
 * bench/README.md, "Query plans"). The query no longer evaluates every open process: it gathers a
 * few candidates per reason, each from an index, and ranks only those. And one for the archive
 * sweep, which read the whole table every 15 seconds.
 *
 * - `signing.expiry_floor(sent, settings)`: the send + `expirationDays` × 24 hours. The deadline
 *   itself counts days in the session's time zone (a timestamptz + days is not immutable, so it
 *   cannot be indexed); this floor differs from it by at most the zone's UTC offset change, and
 *   the query looks one day ahead of `now()` on it, then applies the exact rule.
 * - `signing_process_in_progress_expiry_idx`: IN_PROGRESS processes by that floor (candidates for
 *   PAST_EXPIRY).
 * - `signing_process_deferred_send_idx`: deferred sends (rare), without visiting the SENDING ones.
 * - `signing_process_open_updated_idx`: the open processes only (about a tenth of the table), by
 *   status and last change, with their id: the stale candidates oldest first, and the open ids that
 *   the stale-by-check candidates are joined with, without visiting the table where pages are all-visible.
 * - `signing_process_archive_pending_idx`: COMPLETED processes whose archive is PENDING (few), by
 *   last change: the archive sweep's query (storage) without a scan of every process.
 */
export class ProcessQueryIndexes1764342000000 implements MigrationInterface {
  name = 'ProcessQueryIndexes1764342000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION signing.expiry_floor(sent_at timestamptz, settings jsonb) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE WHEN settings->>'expirationDays' ~ '^[0-9]{1,4}$'
                      THEN sent_at + make_interval(hours => 24 * (settings->>'expirationDays')::int) END
        $$`);
    await queryRunner.query(
      `CREATE INDEX signing_process_in_progress_expiry_idx ON signing.signing_process (signing.expiry_floor(COALESCE(send_attempted_at, created_at), settings)) WHERE status = 'IN_PROGRESS'`,
    );
    await queryRunner.query(`CREATE INDEX signing_process_deferred_send_idx ON signing.signing_process (id) WHERE status = 'SENDING' AND send_deferred`);
    await queryRunner.query(
      `CREATE INDEX signing_process_open_updated_idx ON signing.signing_process (status, updated_at) INCLUDE (id) WHERE status IN ('IN_PROGRESS', 'EXPIRED', 'SENDING')`,
    );
    await queryRunner.query(
      `CREATE INDEX signing_process_archive_pending_idx ON signing.signing_process (updated_at) WHERE status = 'COMPLETED' AND archive_status = 'PENDING'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX signing.signing_process_archive_pending_idx');
    await queryRunner.query('DROP INDEX signing.signing_process_open_updated_idx');
    await queryRunner.query('DROP INDEX signing.signing_process_deferred_send_idx');
    await queryRunner.query('DROP INDEX signing.signing_process_in_progress_expiry_idx');
    await queryRunner.query('DROP FUNCTION signing.expiry_floor(timestamptz, jsonb)');
  }
}
