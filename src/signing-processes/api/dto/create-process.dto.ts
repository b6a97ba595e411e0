import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBase64, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { SettingsDto } from './settings.dto';
import { SignerInputDto } from './signer-input.dto';
import { Trimmed } from '../../../shared/http/trim.transform';

export class DocumentInputDto {
  @ApiProperty({ example: 'contrato.pdf', maxLength: 150, description: 'Unique within the process' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  fileName: string;

  @ApiProperty({ example: 'JVBERi0xLjQKJSBleGFtcGxlCiUlRU9GCg==', description: 'The PDF (must start with %PDF-), plain Base64; at most 100 MB of PDFs in total' })
  @IsString()
  @IsNotEmpty()
  @IsBase64()
  contentBase64: string;
}

/** `POST /v1/processes` as JSON. */
export class CreateProcessDto {
  @ApiProperty({ example: 'Contrato 4711', maxLength: 250 })
  @IsString()
  @Trimmed()
  @IsNotEmpty()
  @MaxLength(250)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ERP-4711', maxLength: 100, description: 'Your own reference; filterable' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @ApiProperty({ type: [DocumentInputDto], minItems: 1, maxItems: 25, description: '1-25 PDFs, in document order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(25)
  @ValidateNested({ each: true })
  @Type(() => DocumentInputDto)
  documents: DocumentInputDto[];

  @ApiProperty({ type: [SignerInputDto], minItems: 1, description: 'At least one with action SIGN' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SignerInputDto)
  signers: SignerInputDto[];

  @ApiPropertyOptional({ type: SettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SettingsDto)
  settings?: SettingsDto;

  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true, example: { anything: 'the client wants back' }, description: 'Returned as given; at most 16 KB of JSON' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}

export class MultipartDocumentDto {
  @ApiPropertyOptional({ example: 'contrato.pdf', description: "Default: the file part's file name" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  fileName?: string;
}

/** The `process` part of a multipart create: the JSON body without `contentBase64`. */
export class CreateProcessPartDto extends OmitType(CreateProcessDto, ['documents'] as const) {
  @ApiPropertyOptional({ type: [MultipartDocumentDto], description: 'Optional: one entry per `files` part, in the same order' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MultipartDocumentDto)
  documents?: MultipartDocumentDto[];
}

/** Swagger only: the multipart form of `POST /v1/processes`. */
export class CreateProcessMultipartDto {
  @ApiProperty({
    type: 'string',
    description:
      'The process as JSON text: the JSON body without `documents[].contentBase64`. `documents` is optional; when given, one ' +
      '`{ "fileName": … }` per `files` part, in the same order (default: each part\'s file name).',
    example: '{"name":"Contrato 4711","signers":[{"name":"Maria Silva","email":"maria@example.com"}]}',
  })
  process: string;

  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: '1-25 PDF parts, in document order' })
  files: unknown[];
}
