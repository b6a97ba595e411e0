import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DeliveryChannel, SignAs, SignatureType, SignerAction } from '../../domain/process-status';
import { AccessCodeDto, RequestedAttachmentDto, SignaturePositionDto, SignerDataDto, SignerMessageDto, TypedDataDto } from './signer-options.dto';
import { Trimmed } from '../../../shared/http/trim.transform';

export class SignerRolesDto {
  @ApiPropertyOptional({ type: [String], example: ['Contratante'], description: 'Role names of the natural-person signature (must exist in the ArqSIGN account)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  person?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Representante Legal'], description: 'Role names of the company signature' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  company?: string[];
}

export class SignerInputDto {
  @ApiProperty({ example: 'Maria Silva', maxLength: 150 })
  @IsString()
  @Trimmed()
  @IsNotEmpty()
  @MaxLength(150)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'maria@example.com', maxLength: 150, description: 'E-mail or phone is required; the one of `delivery` is sent to ArqSIGN, the other kept as alternative channel' })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30, example: '+5511999990000', description: '10-15 digits with country code; spaces, dashes and parentheses are ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 1, minimum: 1, maximum: 255, description: 'Signing order; required for SIGN signers when settings.useSigningOrder is true' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  order?: number | null;

  @ApiPropertyOptional({ enum: Object.values(SignerAction), default: SignerAction.SIGN, description: 'SIGN signs online; COPY only receives a copy' })
  @IsOptional()
  @IsIn(Object.values(SignerAction))
  action?: SignerAction;

  @ApiPropertyOptional({ enum: Object.values(DeliveryChannel), description: 'Default: EMAIL when an e-mail is given, else WHATSAPP' })
  @IsOptional()
  @IsIn(Object.values(DeliveryChannel))
  delivery?: DeliveryChannel;

  @ApiPropertyOptional({ enum: Object.values(SignAs), default: SignAs.PERSON, description: 'ArqSIGN assinarComo: as a natural person, a company, or both' })
  @IsOptional()
  @IsIn(Object.values(SignAs))
  signAs?: SignAs;

  @ApiPropertyOptional({ enum: Object.values(SignatureType), default: SignatureType.ELECTRONIC, description: 'ArqSIGN idTipoAssinatura' })
  @IsOptional()
  @IsIn(Object.values(SignatureType))
  signatureType?: SignatureType;

  @ApiPropertyOptional({ type: SignerRolesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignerRolesDto)
  roles?: SignerRolesDto;

  @ApiPropertyOptional({ type: AccessCodeDto, description: 'A 4-digit code the signer must enter before signing (SIGN signers)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccessCodeDto)
  accessCode?: AccessCodeDto;

  @ApiPropertyOptional({ type: SignerMessageDto, description: "This signer's message, replacing settings.message" })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignerMessageDto)
  message?: SignerMessageDto;

  @ApiPropertyOptional({ type: [RequestedAttachmentDto], maxItems: 20, description: 'Files the signer uploads while signing; archived with the signed documents' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RequestedAttachmentDto)
  attachments?: RequestedAttachmentDto[];

  @ApiPropertyOptional({
    type: [SignaturePositionDto],
    maxItems: 25,
    description: 'Manual signature boxes, one entry per document. Once any signer has positions, every SIGN signer needs one for every document; without any, ArqSIGN places the boxes on a page it appends',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(25)
  @ValidateNested({ each: true })
  @Type(() => SignaturePositionDto)
  positions?: SignaturePositionDto[];

  @ApiPropertyOptional({ type: SignerDataDto, description: 'Pre-filled (or validated) data of an ELECTRONIC signer' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignerDataDto)
  signerData?: SignerDataDto;

  @ApiPropertyOptional({ type: TypedDataDto, description: 'What an ELECTRONIC signer must type. Default: name + CPF; for a company, its name + CNPJ' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TypedDataDto)
  typedData?: TypedDataDto;
}
