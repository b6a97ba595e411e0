import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DeliveryChannel } from '../../domain/process-status';
import { SettingsDto } from './settings.dto';
import { SignerInputDto } from './signer-input.dto';
import { Trimmed } from '../../../shared/http/trim.transform';

export class CancelProcessDto {
  @ApiPropertyOptional({ example: 'Wrong document sent', maxLength: 500, description: 'Kept in the history (ArqSIGN takes no reason)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ResendSignerDto {
  @ApiProperty({ example: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', description: 'Our signer id (`signers[].id`)' })
  @IsUUID()
  signerId: string;

  @ApiPropertyOptional({ example: 'Maria Silva', maxLength: 150 })
  @IsOptional()
  @IsString()
  @Trimmed()
  @IsNotEmpty()
  @MaxLength(150)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 150, example: 'maria.nova@example.com', description: 'New e-mail (null removes it)' })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30, example: '+5511988887777', description: 'New phone (null removes it)' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string | null;

  @ApiPropertyOptional({ enum: Object.values(DeliveryChannel), description: 'New delivery channel' })
  @IsOptional()
  @IsIn(Object.values(DeliveryChannel))
  delivery?: DeliveryChannel;
}

export class ResendProcessDto {
  @ApiPropertyOptional({ type: [ResendSignerDto], description: 'Edits of pending signers; empty or absent = plain resend to every pending signer (renews links and the deadline)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ResendSignerDto)
  signers?: ResendSignerDto[];
}

export class RestartProcessDto {
  @ApiPropertyOptional({ example: 'Contrato 4711 (v2)', maxLength: 250, description: 'Default: the same name' })
  @IsOptional()
  @IsString()
  @Trimmed()
  @IsNotEmpty()
  @MaxLength(250)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ERP-4711', maxLength: 100, description: 'Default: the same externalId' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @ApiPropertyOptional({ type: [SignerInputDto], description: 'Default: the same signers (with their current contacts)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SignerInputDto)
  signers?: SignerInputDto[];

  @ApiPropertyOptional({ type: SettingsDto, description: 'Changes to the settings; the rest stays' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SettingsDto)
  settings?: SettingsDto;

  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true, description: 'Default: the same metadata' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}

export class SyncProcessDto {
  @ApiPropertyOptional({
    example: '5e1f0c2a-1111-4a2b-9c3d-000000000101',
    description: 'Operator only, for a SEND_UNCERTAIN process: the ArqSIGN process that the uncertain send created, to adopt (its name and recipients must match)',
  })
  @IsOptional()
  @IsUUID()
  arqsignProcessId?: string;
}
