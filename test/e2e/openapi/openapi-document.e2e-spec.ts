import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { produceOpenApiJson } from '../../../src/openapi';
import { makePdf } from '../signing-processes/support';
import { startTestService, TestService } from '../../support/test-service';

const KEY = 'sandbox-key';
const COMMITTED = join(__dirname, '..', '..', '..', 'openapi', 'openapi.json');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Schema> };
}

function operations(document: Document): { path: string; method: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method]! }] : [])),
  );
}

/** Every property schema reachable from `schema` (through $refs, items, allOf/oneOf/anyOf), with a readable path. */
function reachableProperties(document: Document, schema: Schema, at: string, seen = new Set<string>()): { at: string; schema: Schema }[] {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    const name = schema.$ref.split('/').pop()!;
    return reachableProperties(document, document.components.schemas[name], name, seen);
  }
  const nested = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.items ? [schema.items] : [])];
  const own = Object.entries(schema.properties ?? {}).map(([name, property]) => ({ at: `${at}.${name}`, schema: property }));
  return [
    ...own,
    ...own.flatMap((p) => reachableProperties(document, p.schema, p.at, seen)),
    ...nested.flatMap((s) => reachableProperties(document, s, at, seen)),
  ];
}

describe('the OpenAPI document', () => {
  let service: TestService;
  let http: App;
  let served: Document;

  beforeAll(async () => {
    service = await startTestService({ WEBHOOK_MAX_BODY_MB: '1' });
    http = service.app.getHttpServer();
    served = (await request(http).get('/docs-json').expect(200)).body;
  });
  afterAll(() => service?.close());

  it('is committed as openapi/openapi.json exactly as the app produces it (run `npm run openapi` after an API change)', async () => {
    const produced = await produceOpenApiJson();
    const committed = readFileSync(COMMITTED, 'utf8');
    if (committed !== produced) {
      throw new Error('openapi/openapi.json is not what the app produces: run `npm run openapi` and commit the result (API changes then show up in review).');
    }
    expect(JSON.parse(committed)).toEqual(served);
  });

  it('names every operation readably and once, and documents the webhook receiver once, without a catch-all path', () => {
    const ids = operations(served).map((o) => o.operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createProcess', 'listProcesses', 'getProcess', 'getProcessHistory', 'downloadProcessFile', 'receiveArqsignWebhook']));
    expect(Object.keys(served.paths).filter((p) => p.startsWith('/webhooks'))).toEqual(['/webhooks/arqsign']);
    expect(Object.keys(served.paths).filter((p) => p.includes('{path}'))).toEqual([]);
  });

  it('marks /v1 routes with both API-key schemes and a 401, every other route public (security: [])', () => {
    for (const { path, method, operation } of operations(served)) {
      if (path.startsWith('/v1/')) {
        expect([`${method} ${path}`, operation.security]).toEqual([`${method} ${path}`, [{ bearer: [] }, { 'x-api-key': [] }]]);
        expect([`${method} ${path}`, Object.keys(operation.responses)]).toEqual([`${method} ${path}`, expect.arrayContaining(['401'])]);
      } else {
        expect([`${method} ${path}`, operation.security]).toEqual([`${method} ${path}`, []]);
      }
    }
  });

  it('documents every error response with the one error body as JSON, and 400 + 413 (+ 415 on /v1) wherever a body is read', () => {
    for (const { path, method, operation } of operations(served)) {
      for (const [status, response] of Object.entries(operation.responses).filter(([s]) => Number(s) >= 400)) {
        expect([`${method} ${path} ${status}`, response.content]).toEqual([
          `${method} ${path} ${status}`,
          { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
        ]);
      }
      const bodyErrors = path.startsWith('/v1/') ? ['400', '413', '415'] : ['400', '413'];
      if (operation.requestBody) expect([`${method} ${path}`, Object.keys(operation.responses)]).toEqual([`${method} ${path}`, expect.arrayContaining(bodyErrors)]);
    }
  });

  it('has one create body with a JSON and a multipart schema, and no /v1 request property that is a bare object', () => {
    const create = served.paths['/v1/processes'].post!.requestBody!.content;
    expect(create).toEqual({
      'application/json': expect.objectContaining({ schema: { $ref: '#/components/schemas/CreateProcessDto' } }),
      'multipart/form-data': expect.objectContaining({ schema: { $ref: '#/components/schemas/CreateProcessMultipartDto' } }),
    });
    const bare: string[] = [];
    let checked = 0;
    for (const { path, operation } of operations(served).filter((o) => o.path.startsWith('/v1/'))) {
      const roots = [
        ...Object.values(operation.requestBody?.content ?? {}).map((c) => c.schema),
        ...(operation.parameters ?? []).flatMap((p) => (p.schema ? [{ type: 'object', properties: { [p.name]: p.schema } }] : [])),
      ];
      for (const root of roots) {
        for (const { at, schema } of reachableProperties(served, root, path)) {
          checked++;
          const composite = schema.$ref || schema.allOf || schema.oneOf || schema.anyOf;
          if (schema.type === 'object' && !composite && !schema.properties && schema.additionalProperties === undefined) bare.push(at);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(bare).toEqual([]);
    // Nullable inputs are typed (string/integer), and defaults are not required.
    const signer = served.components.schemas.SignerInputDto as Schema & { required: string[]; properties: Record<string, Schema & { nullable?: boolean }> };
    expect([signer.properties.email, signer.properties.order]).toEqual([
      expect.objectContaining({ type: 'string', nullable: true }),
      expect.objectContaining({ type: 'integer', nullable: true }),
    ]);
    expect(signer.required).toEqual(['name']);
  });

  it('POST /v1/processes with {} answers 400 with one details entry per missing required field, each naming the field once', async () => {
    const response = await request(http).post('/v1/processes').set('X-Api-Key', KEY).send({}).expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      message: 'Invalid request: name is required; documents is required; signers is required',
      details: [
        { field: 'name', problem: 'is required' },
        { field: 'documents', problem: 'is required' },
        { field: 'signers', problem: 'is required' },
      ],
      correlationId: expect.any(String),
    });
    const nested = await request(http)
      .post('/v1/processes')
      .set('X-Api-Key', KEY)
      .send({ name: 'N', documents: [{ fileName: 'a.pdf', contentBase64: (await makePdf('x')).toString('base64') }], signers: [{ name: 'A', email: 'a@example.com' }, { name: 'B', email: 'b@' }] })
      .expect(400);
    expect(nested.body.details).toEqual([{ field: 'signers[1].email', problem: 'must be a valid e-mail address' }]);
  });

  it('has create examples that the service accepts, as JSON and as multipart', async () => {
    const content = served.paths['/v1/processes'].post!.requestBody!.content as Record<string, { examples?: Record<string, { value: object }> }>;
    const examples = Object.entries(content['application/json'].examples ?? {});
    expect(examples.map(([name]) => name)).toEqual(['minimal', 'full', 'sendOptions']);
    for (const [name, { value }] of examples) {
      const response = await request(http).post('/v1/processes').set('X-Api-Key', KEY).send(value);
      expect([name, response.status, response.body.status]).toEqual([name, 201, 'IN_PROGRESS']);
    }
    const processPart = (served.components.schemas.CreateProcessMultipartDto.properties!.process as Schema & { example: string }).example;
    const multipart = await request(http).post('/v1/processes').set('X-Api-Key', KEY).field('process', processPart).attach('files', await makePdf('example'), 'contrato.pdf');
    expect([multipart.status, multipart.body.status]).toEqual([201, 'IN_PROGRESS']);
  });

  /**
   * Walks the routes: for every documented operation, real requests (no key, a missing id, a
   * malformed body, a success) and each answer's status and content type must be documented.
   */
  it('answers every walked request with a documented status and content type', async () => {
    const pdf = await makePdf('walk');
    const created = await request(http)
      .post('/v1/processes')
      .set('X-Api-Key', KEY)
      .send({ name: 'Walk', documents: [{ fileName: 'walk.pdf', contentBase64: pdf.toString('base64') }], signers: [{ name: 'Ana', email: 'ana@example.com' }] })
      .expect(201);
    const id: string = created.body.id;
    const webhookBody = JSON.stringify({ Evento: 'ProcessoAssinado', IdEvento: 3, IdProcesso: MISSING_ID });
    const answered: string[] = [];
    const check = (path: string, method: string, operation: Operation, response: request.Response) => {
      const documented = operation.responses[String(response.status)];
      const type = String(response.headers['content-type'] ?? '').split(';')[0].trim();
      answered.push(`${method} ${path} ${response.status} ${type}`);
      expect([`${method} ${path}`, response.status, documented ? 'documented' : 'not documented']).toEqual([`${method} ${path}`, response.status, 'documented']);
      const types = Object.keys(documented.content ?? {});
      expect([`${method} ${path} ${response.status}`, types.includes(type) ? type : `${type} (documented: ${types.join(', ')})`]).toEqual([`${method} ${path} ${response.status}`, type]);
    };
    check('/v1/processes', 'post', served.paths['/v1/processes'].post!, created);
    for (const { path, method, operation } of operations(served)) {
      const url = (value: string) => path.replace('{id}', value).replace('{fileId}', MISSING_ID);
      const call = (target: string) => request(http)[method as 'get' | 'post'](target);
      const requests: request.Test[] = [];
      if (path.startsWith('/v1/')) {
        requests.push(call(url(id)));
        if (path.includes('{id}')) requests.push(call(url(MISSING_ID)).set('X-Api-Key', KEY));
        if (operation.requestBody) {
          requests.push(call(url(id)).set('X-Api-Key', KEY).set('Content-Type', 'application/json').send('{"broken":'));
          requests.push(call(url(MISSING_ID)).set('X-Api-Key', KEY).set('Content-Type', 'text/plain').send('hello'));
        }
        if (path === '/v1/processes/{id}/files/{fileId}') {
          requests.push(call(url(id)).set('X-Api-Key', KEY));
        } else if (method === 'get' || path.endsWith('/sync') || path.endsWith('/provision')) {
          requests.push(call(url(id)).set('X-Api-Key', KEY));
        }
      } else if (path === '/webhooks/arqsign') {
        requests.push(call(path).set('Content-Type', 'application/json').send(webhookBody));
        requests.push(call(path).set('Content-Type', 'application/json').set('HMAC', 'x').send(`{"a":"${'x'.repeat(1024 * 1024)}"}`));
      } else {
        requests.push(call(path));
      }
      for (const pending of requests) check(path, method, operation, await pending);
    }
    const statuses = new Set(answered.map((a) => a.split(' ').slice(2).join(' ')));
    expect([...statuses]).toEqual(expect.arrayContaining(['200 application/json', '201 application/json', '400 application/json', '401 application/json', '404 application/json', '413 application/json', '200 text/plain']));
    expect(answered.length).toBeGreaterThan(40);
  });
});
