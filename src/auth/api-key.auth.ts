import { applyDecorators, UseFilters } from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorBody } from '../shared/http/api-error.body';
import { ApiErrorFilter } from '../shared/http/api-error.filter';

export const API_KEY_BEARER = 'bearer';
export const API_KEY_HEADER = 'x-api-key';

/**
 * Marks a `/v1` controller: documents both API-key schemes and the 401, and renders errors with
 * the standard body even when the module is embedded in a host app with other filters.
 */
export function ApiKeyProtected(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiSecurity(API_KEY_BEARER),
    ApiSecurity(API_KEY_HEADER),
    ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'Missing or wrong API key' }),
    UseFilters(ApiErrorFilter),
  );
}
