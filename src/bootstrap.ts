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
import { translateBodyParserErrors } from './shared/http/body-parser-errors';
import { webhookBodyParser } from './webhooks/http/webhook-body.middleware';
import { createValidationPipe } from './shared/http/validation';
import { buildOpenApiDocument } from './openapi';

/**
 * Builds the standalone HTTP app (used by main.ts and by the e2e tests, so both run the same
 * wiring): raw body kept for HMAC, validation, one error filter, Swagger at /docs.
 */
export async function createApp(config: RuntimeConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new QuietStartupNestLogger(app.get(PinoNestLogger)));
  app.disable('x-powered-by');
  // The webhook receiver reads its body as raw bytes, capped by WEBHOOK_MAX_BODY_MB while
  // reading (HMAC needs the exact bytes; the JSON is parsed later, by the job).
  app.use('/webhooks/arqsign', webhookBodyParser(config.webhookMaxBodyBytes));
  // Documents arrive as Base64 in JSON: 100 MB of PDFs ≈ 134 MB.
  app.useBodyParser('json', { limit: 150 * 1024 * 1024 });
  app.use(translateBodyParserErrors);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter());
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}
