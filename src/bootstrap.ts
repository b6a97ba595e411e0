import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { RuntimeConfig } from './config/runtime-config';
import { QuietStartupNestLogger } from './observability/nest-logger';
import { ApiErrorFilter } from './shared/http/api-error.filter';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeyMiddleware, takeAdminNotice } from './auth/api-key.middleware';
import { HttpMetricsMiddleware } from './observability/http-metrics.middleware';
import { MetricsService } from './observability/metrics.service';
import { apiBodyReader } from './shared/http/api-body';
import { translateBodyParserErrors } from './shared/http/body-parser-errors';
import { answerClientErrors } from './shared/http/client-error.handler';
import { assignCorrelationId } from './observability/correlation-id';
import { InputGuardPipe } from './shared/http/input-guard';
import { createValidationPipe } from './shared/http/validation';
import { buildOpenApiDocument } from './openapi';
import { ResolvedSigningOptions, SIGNING_MODULE_OPTIONS } from './signing.module-definition';
import { WebhookBodyReader, WEBHOOK_PATH } from './webhooks';

/**
 * Builds the standalone HTTP app (used by main.ts and by the e2e tests, so both run the same
 * wiring): bounded body readers in a deliberate order, input guard and validation, one error
 * filter, Swagger at /docs.
 */
export async function createApp(config: RuntimeConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    // Bodies are read by the readers below, in an order that matters (docs/hostile-input.md).
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new QuietStartupNestLogger(app.get(PinoNestLogger)));
  app.disable('x-powered-by');
  const options = app.get<ResolvedSigningOptions>(SIGNING_MODULE_OPTIONS, { strict: false });
  // 0. Requests Node's HTTP parser refuses still get the error body.
  answerClientErrors(app.getHttpServer(), logger);
  // 1. Every request gets its correlation id and is counted, even when refused below.
  app.use((req: Request, res: Response, next: NextFunction) => {
    assignCorrelationId(req, res);
    next();
  });
  const metrics = new HttpMetricsMiddleware(app.get(MetricsService, { strict: false }));
  app.use((req: Request, res: Response, next: NextFunction) => metrics.use(req, res, next));
  // 2. The webhook receiver reads raw bytes (HMAC), capped per request and by the in-flight budget;
  //    a large body is streamed into the database as it arrives (docs/large-bodies.md).
  app.use(`/${WEBHOOK_PATH}`, app.get(WebhookBodyReader, { strict: false }).handler);
  // 3. /v1: the API key is checked before a single body byte is read; then the route's own limit.
  const adminNotice = takeAdminNotice(options);
  if (adminNotice) logger.warn({ context: 'Auth' }, adminNotice);
  const apiKeys = new ApiKeyMiddleware(options);
  app.use('/v1', (req: Request, res: Response, next: NextFunction) => apiKeys.use(req, res, next));
  app.use('/v1', apiBodyReader());
  app.use(translateBodyParserErrors);
  app.useGlobalPipes(new InputGuardPipe(), createValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter());
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}
