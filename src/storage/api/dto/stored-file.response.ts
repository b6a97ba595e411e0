import { ApiProperty } from '@nestjs/swagger';
import { ArchiveStatus } from '../../../signing-processes';
import { STORED_FILE_KINDS, StoredFileKind } from '../../stored-file.entity';

export class StoredFileResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STORED_FILE_KINDS, description: 'The signed document, the signature record of that document, or a file a signer uploaded (SIGNER_ATTACHMENT: `documentOrder` numbers the uploads)' }) kind: StoredFileKind;
  @ApiProperty({ description: 'The order of the document it belongs to (1-based)', example: 1 }) documentOrder: number;
  @ApiProperty({ description: 'Download name (cleaned; the name on disk is generated)', example: 'contrato.pdf' }) fileName: string;
  @ApiProperty({ description: 'Bytes', example: 48213 }) size: number;
  @ApiProperty({ description: 'SHA-256 of the stored bytes, lower-case hex', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'ArqSIGN document id' }) arqsignDocumentId: string | null;
  @ApiProperty({ enum: ['LINK', 'BASE64', 'API'], description: 'Where the bytes came from: the conclusion webhook\'s link or Base64, or the ArqSIGN API' }) source: string;
  @ApiProperty({ format: 'date-time' }) storedAt: string;
}

export class ArchiveStateResponse {
  @ApiProperty({ enum: Object.values(ArchiveStatus) }) status: ArchiveStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why the archive FAILED' }) error: string | null;
}

export class StoredFileListResponse {
  @ApiProperty({ format: 'uuid' }) processId: string;
  @ApiProperty({ type: ArchiveStateResponse }) archive: ArchiveStateResponse;
  @ApiProperty({ type: [StoredFileResponse], description: 'By document order; each document followed by its signature record' }) items: StoredFileResponse[];
}
