import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { SigningLogger } from '../logging/signing-logger';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind } from '../errors/domain-error';
import { ApiErrorBody } from './api-error.body';
import { serializeError } from '../../observability/safe-error.serializer';
import { assignCorrelationId } from '../../observability/correlation-id';
import { isDatabaseUnavailable, isRefusedValue } from './database-errors';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid_input: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  upstream_failed: HttpStatus.BAD_GATEWAY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Codes for the framework's own HTTP errors (unknown route, body too large, bad JSON…). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'HTTP.TOO_MANY_REQUESTS',
  503: 'SERVICE.UNAVAILABLE',
};

/**
 * The one place errors become HTTP responses: `{statusCode, code, message, details?, correlationId}`.
 * Unexpected errors are logged with their stack and answered with a generic 500: no stack traces,
 * no secrets, no internal messages reach the client.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new SigningLogger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, request);
    if (response.headersSent) return;
    if (!response.getHeader('X-Request-Id')) response.setHeader('X-Request-Id', body.correlationId);
    closeIfBodyUnread(request, response);
    this.logUnloggedRequest(request, body);
    response.status(body.statusCode).json(body);
  }

  /**
   * A request refused before the request logger ran (by the parsers or the API-key check, which
   * come first) still gets its one log line.
   */
  logUnloggedRequest(request: Request, body: ApiErrorBody): void {
    if ((request as { log?: unknown }).log) return;
    this.logger.warn({ correlationId: body.correlationId, method: request.method, path: request.path, statusCode: body.statusCode, code: body.code }, 'Request refused');
  }

  toBody(exception: unknown, request: Request): ApiErrorBody {
    // Assigned here too: errors raised before the request logger ran still get a real id.
    const correlationId = assignCorrelationId(request, request.res ?? ({ headersSent: true } as never));
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      if (statusCode >= 500) this.logger.warn({ code: exception.code, err: serializeError(exception) }, exception.message);
      return withDetails({ statusCode, code: exception.code, message: exception.message, correlationId }, exception.details);
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const code = CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'INTERNAL.ERROR' : 'HTTP.ERROR');
      if (statusCode >= 500) this.logger.error({ err: serializeError(exception) }, 'HTTP exception');
      // The router's own 404 would echo the URL with its query string: name the path only.
      const message = statusCode === 404 && /^Cannot [A-Z]+ /.test(exception.message)
        ? `No route ${request.method} ${request.path}`
        : httpMessage(exception);
      return withDetails({ statusCode, code, message, correlationId }, httpDetails(exception));
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: serializeError(exception) }, 'Database unavailable');
      return { statusCode: 503, code: 'SERVICE.UNAVAILABLE', message: 'The service is temporarily unavailable; try again later', correlationId };
    }
    if (isRefusedValue(exception)) {
      this.logger.warn({ err: serializeError(exception) }, 'The database refused a value of the request');
      return { statusCode: 400, code: 'REQUEST.INVALID_VALUE', message: 'The request holds a value that cannot be stored', correlationId };
    }
    this.logger.error({ err: serializeError(exception) }, 'Unexpected error');
    return { statusCode: 500, code: 'INTERNAL.ERROR', message: 'Internal server error', correlationId };
  }
}

function withDetails(body: ApiErrorBody, details: unknown): ApiErrorBody {
  return details === undefined ? body : { ...body, details };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}

/** An HttpException raised with a structured body (e.g. a failed health check) keeps it as details. */
function httpDetails(exception: HttpException): unknown {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const { statusCode: _status, message: _message, error: _error, ...rest } = response as Record<string, unknown>;
  return Object.keys(rest).length ? rest : undefined;
}

/**
 * A request refused before its body was read (API key, size, budget): the connection is closed
 * after the answer instead of reading and discarding the rest — up to 150 MB the server would
 * otherwise still receive (docs/hostile-input.md).
 */
export function closeIfBodyUnread(request: Request, response: Response): void {
  if (!request.complete && !response.headersSent) response.setHeader('Connection', 'close');
}
