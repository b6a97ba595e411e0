import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { RuntimeConfig } from './config/runtime-config';
import { API_KEY_BEARER, API_KEY_HEADER } from './auth/api-key.auth';
import { QuietStartupNestLogger } from './observability/nest-logger';
import { ApiErrorFilter } from './shared/http/api-error.filter';
import { translateBodyParserErrors } from './shared/http/body-parser-errors';
import { webhookBodyParser } from './webhooks/http/webhook-body.middleware';
import { createValidationPipe } from './shared/http/validation';

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

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('arqsign-bridge')
    .setDescription(
      'Sends documents for signature through ArqSIGN and follows every process to its end: tracking and conclusion ' +
        'webhooks, automatic reactions, archived signed files and an append-only history. Every `/v1` route needs an ' +
        'API key (`Authorization: Bearer <key>` or `X-Api-Key: <key>`). Errors share one body: ' +
        '`{statusCode, code, message, details?, correlationId}`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key as a bearer token' }, API_KEY_BEARER)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'API key' }, API_KEY_HEADER)
    .build();
  return SwaggerModule.createDocument(app, config);
}
