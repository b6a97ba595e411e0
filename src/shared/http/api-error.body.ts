import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One entry of a validation error's `details`. */
export class FieldProblem {
  @ApiProperty({ example: 'signers[1].email', description: 'Path of the field in the request, array indexes in brackets' })
  field: string;

  @ApiProperty({ example: 'must be a valid e-mail address', description: 'What is wrong with it, e.g. `is required`' })
  problem: string;
}

/** The error body every route answers with (docs/api-errors.md). */
@ApiExtraModels(FieldProblem)
export class ApiErrorBody {
  @ApiProperty({ type: 'integer', example: 400, description: 'The HTTP status, repeated' })
  statusCode: number;

  @ApiProperty({ example: 'REQUEST.VALIDATION_FAILED', description: 'Stable, documented error code (`MODULE.UPPER_SNAKE`)' })
  code: string;

  @ApiProperty({ example: 'Invalid request: signers[1].email must be a valid e-mail address', description: 'For a person; may change, match on `code`' })
  message: string;

  @ApiPropertyOptional({
    description:
      'For `REQUEST.VALIDATION_FAILED`: one `{ field, problem }` per failing field. For other codes: an object with ' +
      'non-secret context (e.g. ArqSIGN\'s own messages).',
    oneOf: [{ type: 'array', items: { $ref: getSchemaPath(FieldProblem) } }, { type: 'object', additionalProperties: true }],
    example: [{ field: 'signers[1].email', problem: 'must be a valid e-mail address' }],
  })
  details?: unknown;

  @ApiProperty({ example: '4b0c6c0e-7f1c-4b8e-9a43-1f7a2c1b9d10', description: 'The X-Request-Id of the request (echoed, or generated)' })
  correlationId: string;
}
