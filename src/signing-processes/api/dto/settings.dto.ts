import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class MessageDto {
  @ApiPropertyOptional({ example: 'Contrato 4711 para assinatura', maxLength: 150 })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  title?: string;

  @ApiPropertyOptional({ example: 'Olá! Segue o contrato para sua assinatura.', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;
}

/** ArqSIGN's process options; anything left out uses the ArqSIGN account's default. */
export class SettingsDto {
  @ApiPropertyOptional({ example: true, description: 'Signers receive the process order by order. Default: true when some signer has an order' })
  @IsOptional()
  @IsBoolean()
  useSigningOrder?: boolean;

  @ApiPropertyOptional({ example: 30, minimum: 1, maximum: 999, description: 'Days the process stays open for signing' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  expirationDays?: number;

  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: 99, description: 'Days before expiry when warnings start' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  expirationWarningDays?: number;

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 999 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  reminderFrequencyDays?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  generateQrCode?: boolean;

  @ApiPropertyOptional({ example: false, description: 'With 2+ PDFs, the signer must open every file before signing' })
  @IsOptional()
  @IsBoolean()
  requireReading?: boolean;

  @ApiPropertyOptional({ example: 12, minimum: 1, maximum: 255, description: 'Months after conclusion when the process must be renewed' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  renewalMonths?: number;

  @ApiPropertyOptional({ type: MessageDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MessageDto)
  message?: MessageDto;
}
