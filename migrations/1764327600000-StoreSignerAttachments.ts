import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What signers uploaded (requested attachments, docs/send-options.md#requested-attachments) is
 * archived beside the signed documents: a third kind of stored file. `document_order` numbers the
 * uploads of a process (1…n, by signer then name) and `arqsign_document_id` holds ArqSIGN's upload id.
 */
export class StoreSignerAttachments1764327600000 implements MigrationInterface {
  name = 'StoreSignerAttachments1764327600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE signing.stored_file DROP CONSTRAINT stored_file_kind_check`);
    await queryRunner.query(`ALTER TABLE signing.stored_file ADD CONSTRAINT stored_file_kind_check CHECK (kind IN ('SIGNED_DOCUMENT', 'SIGNATURE_RECORD', 'SIGNER_ATTACHMENT'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM signing.stored_file WHERE kind = 'SIGNER_ATTACHMENT'`);
    await queryRunner.query(`ALTER TABLE signing.stored_file DROP CONSTRAINT stored_file_kind_check`);
    await queryRunner.query(`ALTER TABLE signing.stored_file ADD CONSTRAINT stored_file_kind_check CHECK (kind IN ('SIGNED_DOCUMENT', 'SIGNATURE_RECORD'))`);
  }
}
