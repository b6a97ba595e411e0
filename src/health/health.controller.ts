import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiErrorBody } from '../shared/http/api-error.body';
import { DomainError, ErrorKind } from '../shared/errors/domain-error';

/** `/health/ready` when a dependency does not answer: 503 with the checks as details. */
export class HealthUnavailableError extends DomainError {
  readonly code = 'HEALTH.UNAVAILABLE';
  readonly kind: ErrorKind = 'unavailable';
}

class LivenessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

const INDICATORS = { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', example: 'up' } } }, example: { database: { status: 'up' } } } as const;

class ReadinessResponse {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ ...INDICATORS, description: 'Checks that are up' }) info: Record<string, { status: string }>;
  @ApiProperty({ ...INDICATORS, description: 'Checks that are down (empty when ready)', example: {} }) error: Record<string, { status: string }>;
  @ApiProperty({ ...INDICATORS, description: 'Every check' }) details: Record<string, { status: string }>;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers; no API key' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: the database answers; 503 otherwise; no API key' })
  @ApiOkResponse({ type: ReadinessResponse, description: 'Ready' })
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: '`HEALTH.UNAVAILABLE`: a dependency (the database) does not answer; `details` names it' })
  async ready() {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: unknown };
      throw new HealthUnavailableError('Not ready: a dependency does not answer', { error: result?.error ?? {} });
    }
  }
}
