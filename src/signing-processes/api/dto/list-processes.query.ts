import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorPageQuery, PageCursor, PageLimit } from '../../../shared/http/cursor-page';
import { PROCESS_PAGE } from '../../application/commands';
import { PROCESS_STATUSES, ProcessStatus } from '../../domain/process-status';

const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);

export class ListProcessesQueryDto implements CursorPageQuery {
  @ApiPropertyOptional({ enum: PROCESS_STATUSES, isArray: true, example: ['IN_PROGRESS'], description: 'One or more statuses (repeat the parameter or separate with commas)' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(PROCESS_STATUSES, { each: true })
  status?: ProcessStatus[];

  @ApiPropertyOptional({ example: 'ERP-4711' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z', description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({ example: '2026-02-01T00:00:00Z', description: 'Created before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @PageLimit(PROCESS_PAGE)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
