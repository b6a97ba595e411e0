import request from 'supertest';
import type { App } from 'supertest/types';
import { startTestService, TestService } from '../support/test-service';

const KEY = 'erp-key-0001';

describe('service foundation (sandbox mode, real PostgreSQL)', () => {
  let service: TestService;
  let http: App;

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: `erp:${KEY},ops:ops-key-0002`, ADMIN_CLIENTS: 'ops' });
    http = service.app.getHttpServer();
  });
  afterAll(() => service?.close());

  describe('API keys on /v1', () => {
    it.each([
      ['no key', {}],
      ['a wrong bearer key', { Authorization: 'Bearer nope' }],
      ['a wrong X-Api-Key', { 'X-Api-Key': 'nope' }],
      ['a key of another scheme', { Authorization: `Basic ${KEY}` }],
    ])('answers 401 with the error body for %s, on known and unknown routes', async (_case, headers) => {
      for (const path of ['/v1/whoami', '/v1/processes', '/v1/admin/webhook-deliveries', '/v1/no-such-route']) {
        const response = await request(http).get(path).set(headers).set('X-Request-Id', 'req-401-check');
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          statusCode: 401,
          code: 'AUTH.UNAUTHENTICATED',
          message: expect.stringContaining('API key'),
          correlationId: 'req-401-check',
        });
      }
    });

    it('accepts the key as a bearer token or as X-Api-Key and tells the handler the client name', async () => {
      const bearer = await request(http).get('/v1/whoami').set('Authorization', `Bearer ${KEY}`).expect(200);
      expect(bearer.body).toEqual({ clientName: 'erp', admin: false, sandbox: true });
      const header = await request(http).get('/v1/whoami').set('X-Api-Key', 'ops-key-0002').expect(200);
      expect(header.body).toEqual({ clientName: 'ops', admin: true, sandbox: true });
    });

    it('keeps /v1/admin for ADMIN_CLIENTS (403 for others)', async () => {
      const response = await request(http).get('/v1/admin/anything').set('X-Api-Key', KEY).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'AUTH.FORBIDDEN' });
      await request(http).get('/v1/admin/anything').set('X-Api-Key', 'ops-key-0002').expect(404);
    });

    it('answers an unknown route behind a valid key with the standard 404 body', async () => {
      const response = await request(http).get('/v1/no-such-route').set('X-Api-Key', KEY).expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'HTTP.NOT_FOUND', message: expect.any(String), correlationId: expect.any(String) });
    });
  });

  describe('correlation id', () => {
    it('echoes a sane X-Request-Id, generates one otherwise, and logs it on the request line', async () => {
      const echoed = await request(http).get('/health/ready').set('X-Request-Id', 'abc-123').expect(200);
      expect(echoed.headers['x-request-id']).toBe('abc-123');
      const generated = await request(http).get('/health/ready').set('X-Request-Id', 'bad id with spaces').expect(200);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const lines = service.logLines.map((l) => JSON.parse(l)).filter((l) => l.correlationId === 'abc-123');
      const line = lines.find((l) => l.msg === 'request completed');
      expect(line).toMatchObject({ method: 'GET', path: '/health/ready', statusCode: 200 });
    });
  });

  describe('outside the API key', () => {
    it('serves liveness and readiness (database included)', async () => {
      await request(http).get('/health/live').expect(200, { status: 'ok' });
      const ready = await request(http).get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('serves Prometheus metrics with the HTTP counter and histogram by route and status', async () => {
      await request(http).get('/v1/whoami').set('X-Api-Key', KEY).expect(200);
      const response = await request(http).get('/metrics').expect(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.text).toContain('process_cpu_seconds_total');
      expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/v1\/whoami",status="200"\} [1-9]/);
      expect(response.text).toMatch(/http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v1\/whoami",status="200"\}/);
      // Rejected before routing: labelled by the /v1 pattern, never by the raw URL.
      expect(response.text).toMatch(/http_requests_total\{method="GET",route="\/v1\/\*path",status="401"\}/);
      expect(response.text).not.toContain('no-such-route');
    });

    it('serves a valid OpenAPI 3 document with both API-key schemes, and the Swagger UI', async () => {
      const response = await request(http).get('/docs-json').expect(200);
      const document = response.body;
      expect(document.openapi).toMatch(/^3\./);
      expect(document.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        'x-api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
      });
      expect(document.paths['/v1/whoami'].get.security).toEqual([{ bearer: [] }, { 'x-api-key': [] }]);
      expect(document.paths['/v1/whoami'].get.responses['401']).toBeDefined();
      const ui = await request(http).get('/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with 400 and the error body, without a stack trace', async () => {
      const response = await request(http)
        .post('/v1/whoami')
        .set('X-Api-Key', KEY)
        .set('Content-Type', 'application/json')
        .send('{"broken":')
        .expect(400);
      expect(response.body).toEqual({ statusCode: 400, code: 'REQUEST.MALFORMED_BODY', message: 'Request body is not valid JSON', correlationId: expect.any(String) });
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js|node_modules/);
    });
  });

  it('applied the migrations at start', async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: service.database.url });
    await client.connect();
    try {
      const schema = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'signing'");
      expect(schema.rowCount).toBe(1);
      const migrations = await client.query('SELECT name FROM signing_migrations');
      expect(migrations.rows.map((r) => r.name)).toContain('CreateSigningSchema1764291600000');
    } finally {
      await client.end();
    }
  });
});
