import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, OperationObject, ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { API_KEY_BEARER, API_KEY_HEADER } from './auth/api-key.auth';
import { loadConfig } from './config/app-config';
import type { RuntimeConfig } from './config/runtime-config';
import { createRootLogger } from './observability/logger';
import { ApiErrorBody } from './shared/http/api-error.body';
import { REQUEST_CONTENT_EXTENSION, RequestContent } from './shared/http/api-request-content';

const DESCRIPTION = `Sends documents for signature through ArqSIGN and follows every process to its end: tracking and
conclusion webhooks, automatic reactions, archived signed files and an append-only history.

## Getting started

1. Every \`/v1\` route needs an API key: \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`. In sandbox mode
   (\`npm start\` without ArqSIGN settings) the key is \`sandbox-key\`. Check a key with \`GET /v1/whoami\`.
2. Create a process with \`POST /v1/processes\`: JSON with the PDFs in Base64, or \`multipart/form-data\` with a
   \`process\` JSON part and one \`files\` part per PDF (see the examples there). Send an \`Idempotency-Key\` header
   to make retries safe.
3. Follow it with \`GET /v1/processes/{id}\` (or list with \`GET /v1/processes?status=…\`) and read its timeline with
   \`GET /v1/processes/{id}/history\`. Once \`COMPLETED\`, the signed files are under \`/v1/processes/{id}/files\`.

\`\`\`
curl -X POST http://localhost:3000/v1/processes -H 'X-Api-Key: sandbox-key' \\
  -F 'process={"name":"Contrato 4711","signers":[{"name":"Maria Silva","email":"maria@example.com"}]}' \\
  -F 'files=@contrato.pdf;type=application/pdf'
\`\`\`

## Errors

Every error answers one JSON body, \`ApiErrorBody\`: \`{ statusCode, code, message, details?, correlationId }\`. Match
on \`code\` (stable); \`correlationId\` is the request's \`X-Request-Id\`. A validation error (\`REQUEST.VALIDATION_FAILED\`)
lists one \`{ field, problem }\` per failing field in \`details\`, e.g. \`{ "field": "signers[1].email", "problem": "is required" }\`.
A body that is not valid JSON answers 400 \`REQUEST.MALFORMED_BODY\`; a body over the limit answers 413 \`REQUEST.TOO_LARGE\`.`;

const TAGS: [string, string][] = [
  ['processes', 'Signature processes: create, follow, cancel, resend, restart, sync'],
  ['files', 'The archived signed files of a process'],
  ['api client', 'The API key in use'],
  ['admin', 'Operator routes (API clients listed in ADMIN_CLIENTS)'],
  ['webhooks', 'Called by ArqSIGN, not by API clients'],
  [
    'outbound webhooks',
    'Your endpoints: we POST a message (schema `OutboundMessage`) for every change of your processes, signed per Standard Webhooks ' +
      '(headers `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`), at least once, retried for 72 h. Verify with the ' +
      '`standardwebhooks` package on the raw body; deduplicate on `id`; order by `sequence`.',
  ],
  ['operations', 'Health and metrics, for the platform; no API key'],
];

const MALFORMED_BODY = '`REQUEST.MALFORMED_BODY`: the body is not valid JSON';
const TOO_LARGE = '`REQUEST.TOO_LARGE`: the body is over the size limit';
const UNSUPPORTED = '`REQUEST.UNSUPPORTED_MEDIA_TYPE`: the body is not one of the documented content types';

/**
 * The OpenAPI document of the app as it is wired: the controllers' decorators, plus the few rules
 * that hold for every route and so live here once (docs/openapi.md): a route with a body answers
 * 400 for malformed JSON and 413 for a body too large (and a /v1 one 415 for another media type);
 * a route without an API key is public
 * (`security: []`); every operation has a readable operationId.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('arqsign-bridge')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer('/', 'This service (paths are relative to where this document is served)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key as a bearer token' }, API_KEY_BEARER)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'API key' }, API_KEY_HEADER);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  // A private service (package.json "UNLICENSED"): there is no public license text to link to.
  document.info.license = { name: 'UNLICENSED (proprietary)' };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) completeOperation(operation, method, path);
    }
  }
  return document;
}

function completeOperation(operation: OperationObject, method: string, path: string): void {
  if (!operation.operationId || operation.operationId.includes('_')) {
    throw new Error(`${method.toUpperCase()} ${path} has no readable operationId: set @ApiOperation({ operationId: 'verbNoun' })`);
  }
  const extended = operation as OperationObject & { [REQUEST_CONTENT_EXTENSION]?: RequestContent };
  const custom = extended[REQUEST_CONTENT_EXTENSION];
  if (custom) {
    operation.requestBody = { required: true, description: custom.description, content: custom.content };
    delete extended[REQUEST_CONTENT_EXTENSION];
  }
  if (operation.requestBody) {
    addErrorResponse(operation, '400', MALFORMED_BODY);
    addErrorResponse(operation, '413', TOO_LARGE);
    // The webhook receiver takes any bytes (it must store every signed delivery); /v1 bodies are typed.
    if (path.startsWith('/v1/')) addErrorResponse(operation, '415', UNSUPPORTED);
  }
  operation.security ??= [];
}

/** Adds an error response with the standard body, or appends to the description of an existing one. */
function addErrorResponse(operation: OperationObject, status: string, description: string): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  if (existing) {
    if (!existing.description.includes(description)) existing.description = `${existing.description}; ${description}`;
    return;
  }
  operation.responses[status] = { description, content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBody) } } } };
}

/**
 * The document as `openapi/openapi.json` holds it (`npm run openapi`): built from the app in
 * Nest's preview mode (modules scanned, no provider instantiated: no database, simulator or network).
 */
export async function produceOpenApiJson(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'postgres://openapi@127.0.0.1:9/openapi', LOG_LEVEL: 'silent' });
  // Preview mode connects to nothing: these addresses are placeholders that are never used.
  const runtime: RuntimeConfig = {
    ...config,
    databaseUrl: config.databaseUrl!,
    arqsign: { ...config.arqsign, baseUrl: 'http://127.0.0.1:9', appKey: 'unused', subscriptionKey: 'unused' },
  };
  const logger = createRootLogger({ level: 'silent', secrets: [] });
  const app = await NestFactory.create(AppModule.forRoot(runtime, logger), { preview: true, logger: false, abortOnError: false });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
