import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AccessCodeChannel, CompanyDocumentType, PersonDocumentType } from '../../domain/send-options';
import { Trimmed } from '../../../shared/http/trim.transform';

/** The send options of one signer (docs/send-options.md). */

export class AccessCodeDto {
  @ApiProperty({ example: '4821', pattern: '^\\d{4}$', description: 'Exactly 4 digits the signer must enter before signing; shown back as `****`' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'must be exactly 4 digits' })
  code: string;

  @ApiProperty({ enum: Object.values(AccessCodeChannel), example: AccessCodeChannel.SMS, description: 'How ArqSIGN sends the code; IN_PERSON: ArqSIGN sends nothing, you tell the signer' })
  @IsIn(Object.values(AccessCodeChannel))
  channel: AccessCodeChannel;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30, example: '+5511999990000', description: "SMS/WHATSAPP: where the code goes. Default: the signer's phone. SMS reaches Brazilian numbers only" })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 150, example: 'maria@example.com', description: "EMAIL: where the code goes. Default: the signer's e-mail" })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  email?: string | null;

  @ApiPropertyOptional({ default: false, description: 'The signer may ask for the code again (SMS/WHATSAPP only)' })
  @IsOptional()
  @IsBoolean()
  allowResend?: boolean;
}

export class SignerMessageDto {
  @ApiProperty({ example: 'Maria, seu contrato', maxLength: 150 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  title: string;

  @ApiProperty({ example: 'Segue o contrato combinado; por favor anexe seu RG.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;
}

export class RequestedAttachmentDto {
  @ApiProperty({ example: 'RG frente e verso', maxLength: 75, description: 'Unique per signer' })
  @IsString()
  @Trimmed()
  @IsNotEmpty()
  @MaxLength(75)
  name: string;

  @ApiPropertyOptional({ default: true, description: 'The signer cannot sign without uploading it' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Other recipients can see the upload' })
  @IsOptional()
  @IsBoolean()
  visibleToAll?: boolean;
}

export class SignatureBoxDto {
  @ApiProperty({ example: 2, minimum: 1, description: 'Page number (1-based); must exist in the document' })
  @IsInt()
  @Min(1)
  @Max(100000)
  page: number;

  @ApiProperty({ example: 20, minimum: 0, description: 'Millimetres from the left edge of the page to the left edge of the box' })
  @IsNumber()
  @Min(0)
  @Max(10000)
  x: number;

  @ApiProperty({ example: 240, minimum: 0, description: 'Millimetres from the top edge of the page to the top edge of the box' })
  @IsNumber()
  @Min(0)
  @Max(10000)
  y: number;

  @ApiProperty({ example: 70, minimum: 1, description: 'Box width in mm' })
  @IsNumber()
  @Min(1)
  @Max(10000)
  width: number;

  @ApiProperty({ example: 25, minimum: 1, description: 'Box height in mm' })
  @IsNumber()
  @Min(1)
  @Max(10000)
  height: number;
}

export class SignaturePositionDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: 25, description: "The document's order (1 = first document)" })
  @IsInt()
  @Min(1)
  @Max(25)
  document: number;

  @ApiPropertyOptional({ type: SignatureBoxDto, description: 'Required when the signer signs as PERSON or BOTH' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatureBoxDto)
  person?: SignatureBoxDto;

  @ApiPropertyOptional({ type: SignatureBoxDto, description: 'Required when the signer signs as COMPANY or BOTH' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatureBoxDto)
  company?: SignatureBoxDto;
}

export class PrefilledPartyDto {
  @ApiPropertyOptional({ example: 'Maria Silva', maxLength: 250, description: 'Pre-filled name' })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  name?: string;

  @ApiPropertyOptional({ example: '12345678909', maxLength: 50, description: 'Must fit the document type the signer types (typedData)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  documentNumber?: string;

  @ApiPropertyOptional({ default: false, description: 'true: ArqSIGN checks what the signer types against documentNumber; false: only pre-fills it' })
  @IsOptional()
  @IsBoolean()
  validate?: boolean;
}

export class ExtraDataDto {
  @ApiProperty({ example: 'Matrícula', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label: string;

  @ApiProperty({ example: '4711', maxLength: 250 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(250)
  value: string;
}

export class SignerDataDto {
  @ApiPropertyOptional({ type: PrefilledPartyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PrefilledPartyDto)
  person?: PrefilledPartyDto;

  @ApiPropertyOptional({ type: PrefilledPartyDto, description: 'Only when the signer signs as COMPANY or BOTH' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PrefilledPartyDto)
  company?: PrefilledPartyDto;

  @ApiPropertyOptional({ type: [ExtraDataDto], maxItems: 20, description: 'Extra labelled data shown with the signature' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExtraDataDto)
  extra?: ExtraDataDto[];
}

export class OtherDocumentDto {
  @ApiProperty({ example: 'Passaporte', maxLength: 50, description: 'Label shown to the signer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ enum: ['TEXT', 'NUMERIC'], example: 'TEXT' })
  @IsIn(['TEXT', 'NUMERIC'])
  format: 'TEXT' | 'NUMERIC';

  @ApiProperty({ example: 9, minimum: 1, maximum: 50, description: 'Exact number of characters' })
  @IsInt()
  @Min(1)
  @Max(50)
  length: number;
}

export class PersonTypedDataDto {
  @ApiPropertyOptional({ default: true, description: 'The signer types his or her name' })
  @IsOptional()
  @IsBoolean()
  name?: boolean;

  @ApiPropertyOptional({ enum: Object.values(PersonDocumentType), default: PersonDocumentType.CPF, description: 'The document number the signer types; NONE: none' })
  @IsOptional()
  @IsIn(Object.values(PersonDocumentType))
  document?: PersonDocumentType;

  @ApiPropertyOptional({ type: OtherDocumentDto, description: 'Required when document is OTHER' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OtherDocumentDto)
  otherDocument?: OtherDocumentDto;
}

export class CompanyTypedDataDto {
  @ApiPropertyOptional({ default: true, description: "The signer types the company's name" })
  @IsOptional()
  @IsBoolean()
  name?: boolean;

  @ApiPropertyOptional({ enum: Object.values(CompanyDocumentType), default: CompanyDocumentType.CNPJ, description: "The company's document number the signer types; NONE: none" })
  @IsOptional()
  @IsIn(Object.values(CompanyDocumentType))
  document?: CompanyDocumentType;

  @ApiPropertyOptional({ type: OtherDocumentDto, description: 'Required when document is OTHER' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OtherDocumentDto)
  otherDocument?: OtherDocumentDto;
}

export class TypedDataDto {
  @ApiPropertyOptional({ type: PersonTypedDataDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonTypedDataDto)
  person?: PersonTypedDataDto;

  @ApiPropertyOptional({ type: CompanyTypedDataDto, description: 'Used when the signer signs as COMPANY or BOTH' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyTypedDataDto)
  company?: CompanyTypedDataDto;
}
