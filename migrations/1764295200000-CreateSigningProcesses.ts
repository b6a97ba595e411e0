import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing processes (issue 5): processes, signers, documents and their original bytes, the
 * append-only history, and idempotency keys of `POST /v1/processes`. Indexes serve the list
 * filters (client + created_at/status/external_id, newest first by a backward index scan) and
 * the lookups by ArqSIGN ids that webhooks need.
 */
export class CreateSigningProcesses1764295200000 implements MigrationInterface {
  name = 'CreateSigningProcesses1764295200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE signing.signing_process (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_name varchar(64) NOT NULL,
        name varchar(250) NOT NULL,
        external_id varchar(100),
        status varchar(20) NOT NULL,
        arqsign_process_id uuid,
        settings jsonb NOT NULL DEFAULT '{}',
        metadata jsonb,
        error jsonb,
        refusal jsonb,
        archive_status varchar(10) NOT NULL DEFAULT 'NONE',
        archive_error text,
        restarted_from uuid REFERENCES signing.signing_process (id),
        restarted_to uuid REFERENCES signing.signing_process (id),
        send_attempted_at timestamptz,
        send_deferred boolean NOT NULL DEFAULT false,
        expired_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 0,
        CONSTRAINT signing_process_status_check CHECK (status IN ('SENDING', 'IN_PROGRESS', 'COMPLETED', 'REFUSED', 'CANCELLED', 'EXPIRED', 'SEND_FAILED', 'SEND_UNCERTAIN'))
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX signing_process_arqsign_process_id_key ON signing.signing_process (arqsign_process_id)');
    await queryRunner.query('CREATE INDEX signing_process_client_created_idx ON signing.signing_process (client_name, created_at, id)');
    await queryRunner.query('CREATE INDEX signing_process_client_status_created_idx ON signing.signing_process (client_name, status, created_at, id)');
    await queryRunner.query('CREATE INDEX signing_process_client_external_id_idx ON signing.signing_process (client_name, external_id, created_at)');
    await queryRunner.query('CREATE INDEX signing_process_status_updated_idx ON signing.signing_process (status, updated_at)');

    await queryRunner.query(`
      CREATE TABLE signing.signing_process_signer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        process_id uuid NOT NULL REFERENCES signing.signing_process (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        name varchar(150) NOT NULL,
        email varchar(150),
        phone varchar(30),
        signing_order smallint,
        action varchar(8) NOT NULL,
        delivery varchar(10) NOT NULL,
        status varchar(20) NOT NULL,
        signed_at timestamptz,
        refusal_reason text,
        arqsign_signer_id uuid,
        signature jsonb,
        options jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX signing_process_signer_position_key ON signing.signing_process_signer (process_id, position)');
    await queryRunner.query('CREATE INDEX signing_process_signer_arqsign_id_idx ON signing.signing_process_signer (arqsign_signer_id)');

    await queryRunner.query(`
      CREATE TABLE signing.signing_process_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        process_id uuid NOT NULL REFERENCES signing.signing_process (id) ON DELETE CASCADE,
        document_order smallint NOT NULL,
        file_name varchar(150) NOT NULL,
        size integer NOT NULL,
        sha256 char(64) NOT NULL,
        arqsign_document_id uuid
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX signing_process_document_order_key ON signing.signing_process_document (process_id, document_order)');
    await queryRunner.query('CREATE INDEX signing_process_document_arqsign_id_idx ON signing.signing_process_document (arqsign_document_id)');
    await queryRunner.query(`
      CREATE TABLE signing.signing_process_document_content (
        document_id uuid PRIMARY KEY REFERENCES signing.signing_process_document (id) ON DELETE CASCADE,
        content bytea NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE signing.signing_process_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        process_id uuid NOT NULL REFERENCES signing.signing_process (id),
        type varchar(40) NOT NULL,
        from_status varchar(20),
        to_status varchar(20),
        data jsonb NOT NULL DEFAULT '{}',
        actor varchar(100) NOT NULL,
        source varchar(10) NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        event_id uuid,
        CONSTRAINT signing_process_history_source_check CHECK (source IN ('api', 'webhook', 'sync', 'policy', 'operator'))
      )`);
    await queryRunner.query('CREATE INDEX signing_process_history_process_seq_idx ON signing.signing_process_history (process_id, seq)');
    // Append-only: the timeline that explains every state can never be rewritten.
    await queryRunner.query(`
      CREATE FUNCTION signing.reject_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'signing.signing_process_history is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER signing_process_history_append_only BEFORE UPDATE OR DELETE ON signing.signing_process_history
      FOR EACH ROW EXECUTE FUNCTION signing.reject_history_change()`);

    await queryRunner.query(`
      CREATE TABLE signing.idempotency_key (
        client_name varchar(64) NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        process_id uuid NOT NULL REFERENCES signing.signing_process (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_name, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing.idempotency_key');
    await queryRunner.query('DROP TABLE signing.signing_process_history');
    await queryRunner.query('DROP FUNCTION signing.reject_history_change()');
    await queryRunner.query('DROP TABLE signing.signing_process_document_content');
    await queryRunner.query('DROP TABLE signing.signing_process_document');
    await queryRunner.query('DROP TABLE signing.signing_process_signer');
    await queryRunner.query('DROP TABLE signing.signing_process');
  }
}
