import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The error body every route answers with (PRODUCT.md §5). */
export class ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'REQUEST.VALIDATION_FAILED', description: 'Stable, documented error code' })
  code: string;

  @ApiProperty({ example: 'Invalid request: signers.0.email must be an email' })
  message: string;

  @ApiPropertyOptional({ description: 'Structured context, e.g. the fields that failed validation', example: [{ field: 'signers.0.email', messages: ['must be an email'] }] })
  details?: unknown;

  @ApiProperty({ example: '4b0c6c0e-7f1c-4b8e-9a43-1f7a2c1b9d10', description: 'The X-Request-Id of the request' })
  correlationId: string;
}
