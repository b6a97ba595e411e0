import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '../shared/http/api-error.body';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

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
  @ApiServiceUnavailableResponse({ type: ApiErrorBody, description: 'Not ready: the database does not answer; `details` says which check is down' })
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
  }
}
