import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `signing.signing_process_document`: the PDFs of a process (bytes in `…_document_content`). */
@Entity({ schema: 'signing', name: 'signing_process_document' })
@Index('signing_process_document_order_key', ['processId', 'documentOrder'], { unique: true })
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'process_id', type: 'uuid' })
  processId: string;

  @Column({ name: 'document_order', type: 'smallint' })
  documentOrder: number;

  @Column({ name: 'file_name', type: 'varchar', length: 150 })
  fileName: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Index('signing_process_document_arqsign_id_idx')
  @Column({ name: 'arqsign_document_id', type: 'uuid', nullable: true })
  arqsignDocumentId: string | null;
}

/**
 * `signing.signing_process_document_content`: the original PDF, kept so a restart (or a send
 * retried after a crash) never needs the client to upload again. Apart so lists never load bytes.
 */
@Entity({ schema: 'signing', name: 'signing_process_document_content' })
export class DocumentContentEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ type: 'bytea' })
  content: Buffer;
}
