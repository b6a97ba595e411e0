import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Archived files (issue 8): every signed document and signature record of a completed process,
 * with its size and SHA-256. UNIQUE (process_id, kind, document_order) makes each stored exactly
 * once even when the archive job runs twice.
 */
export class CreateStoredFiles1764306000000 implements MigrationInterface {
  name = 'CreateStoredFiles1764306000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.stored_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        process_id uuid NOT NULL REFERENCES signing.signing_process (id),
        kind varchar(20) NOT NULL,
        document_order smallint NOT NULL,
        arqsign_document_id uuid,
        file_name varchar(255) NOT NULL,
        storage_key varchar(512) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        source varchar(10) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stored_file_kind_check CHECK (kind IN ('SIGNED_DOCUMENT', 'SIGNATURE_RECORD')),
        CONSTRAINT stored_file_source_check CHECK (source IN ('LINK', 'BASE64', 'API')),
        CONSTRAINT stored_file_size_check CHECK (size >= 0),
        CONSTRAINT stored_file_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX stored_file_process_kind_order_key ON signing.stored_file (process_id, kind, document_order)');
    await queryRunner.query('CREATE UNIQUE INDEX stored_file_storage_key_key ON signing.stored_file (storage_key)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS signing.stored_file');
  }
}
