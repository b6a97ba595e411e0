import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest } from './api-key.middleware';
import { UnauthenticatedError } from './auth.errors';

/** The authenticated API client's name (every process belongs to one client). */
export const ApiClientName = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.apiClient) throw new UnauthenticatedError();
  return request.apiClient.clientName;
});
