import { applyDecorators } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiErrorBody } from './api-error.body';

type ErrorStatus = 400 | 404 | 409 | 413 | 422 | 502 | 503;

const DECORATORS: Record<ErrorStatus, (description: string) => MethodDecorator> = {
  400: (description) => ApiBadRequestResponse({ type: ApiErrorBody, description }),
  404: (description) => ApiNotFoundResponse({ type: ApiErrorBody, description }),
  409: (description) => ApiConflictResponse({ type: ApiErrorBody, description }),
  413: (description) => ApiPayloadTooLargeResponse({ type: ApiErrorBody, description }),
  422: (description) => ApiUnprocessableEntityResponse({ type: ApiErrorBody, description }),
  502: (description) => ApiBadGatewayResponse({ type: ApiErrorBody, description }),
  503: (description) => ApiServiceUnavailableResponse({ type: ApiErrorBody, description }),
};

/** Documents a route's error responses, all with the standard error body. */
export function ApiErrors(errors: Partial<Record<ErrorStatus, string>>): MethodDecorator {
  return applyDecorators(...Object.entries(errors).map(([status, description]) => DECORATORS[Number(status) as ErrorStatus](description!)));
}

export const NOT_FOUND = '`SIGNING_PROCESS.NOT_FOUND`: no such process for this API client (another client\'s process is not found either)';
export const ARQSIGN_FAILED = 'ArqSIGN failed or answered unexpectedly (`ARQSIGN.*`)';
export const ARQSIGN_UNAVAILABLE = 'ArqSIGN is unreachable or rate limited (`ARQSIGN.UNAVAILABLE`, `ARQSIGN.RATE_LIMITED`); try again later';
