import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from '../signing.module-definition';
import { ApiKeyProtected } from './api-key.auth';
import type { AuthenticatedRequest } from './api-key.middleware';
import { UnauthenticatedError } from './auth.errors';

class WhoAmIResponse {
  @ApiProperty({ example: 'erp' }) clientName: string;
  @ApiProperty({ description: 'May use /v1/admin routes' }) admin: boolean;
  @ApiProperty({ description: 'ArqSIGN is the built-in simulator' }) sandbox: boolean;
}

@ApiTags('api client')
@ApiKeyProtected()
@Controller('v1/whoami')
export class WhoAmIController {
  constructor(@Inject(SIGNING_MODULE_OPTIONS) private readonly options: ResolvedSigningOptions) {}

  @Get()
  @ApiOperation({ operationId: 'whoAmI', summary: 'Which API client this key belongs to (to check a key before using it)' })
  @ApiOkResponse({ type: WhoAmIResponse })
  whoAmI(@Req() request: AuthenticatedRequest): WhoAmIResponse {
    if (!request.apiClient) throw new UnauthenticatedError();
    return { clientName: request.apiClient.clientName, admin: request.apiClient.isAdmin, sandbox: this.options.sandbox };
  }
}
