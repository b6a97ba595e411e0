import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startTestService, type TestService } from '../../support/test-service';
import { API_KEY, eventually, postWebhook, sign, sql, startWebhookService, type WebhookTestService } from '../webhooks/support';
import { processBody } from '../signing-processes/support';

/**
 * Issue 12: hostile or careless input never gets a 5xx, never costs unbounded memory before
 * authentication, and every error answers the one error body with a real correlation id.
 * The whole service in sandbox mode (real PostgreSQL, HTTP, HMAC, simulator).
 */
describe('Hostile input (sandbox)', () => {
  let t: WebhookTestService;
  let port: number;
  const v1 = (method: 'get' | 'post', path: string) => request(t.http)[method](path).set('X-Api-Key', API_KEY);
  const expectErrorBody = (response: request.Response, statusCode: number, code: string) => {
    expect({ status: response.status, body: response.body }).toEqual({
      status: statusCode,
      body: expect.objectContaining({ statusCode, code, message: expect.any(String), correlationId: expect.stringMatching(/^[A-Za-z0-9._:-]{8,}$/) }),
    });
    expect(response.headers['x-request-id']).toBe(response.body.correlationId);
  };

  /** Exact bytes and headers (superagent would re-encode a Buffer sent as JSON). */
  const rawPost = (path: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; body: any; requestId: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), requestId: String(res.headers['x-request-id']) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    t = await startWebhookService();
    port = t.service.config.port;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('/v1: authentication before the body, per-route limits', () => {
    it('an unauthenticated request announcing 140 MB is refused (401) before its body is sent', async () => {
      const started = Date.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v1/processes', headers: { 'content-type': 'application/json', 'content-length': String(140 * 1024 * 1024) } }, (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        });
        req.on('error', (error) => (Date.now() - started > 0 ? undefined : reject(error)));
        req.write('{"name":"'); // 9 bytes of 140 MB: the answer cannot wait for the rest
      });
      expect(status).toBe(401);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('create reads large JSON bodies; every other route refuses a body over 1 MiB with 413', async () => {
      const big = { name: 'x', metadata: { pad: 'p'.repeat(2 * 1024 * 1024) } };
      const other = await v1('post', '/v1/processes/7b0c6c0e-7f1c-4b8e-9a43-1f7a2c1b9d10/cancel').send(big);
      expectErrorBody(other, 413, 'REQUEST.TOO_LARGE');
      const create = await v1('post', '/v1/processes').send(big);
      expect(create.status).toBe(400); // read and validated (no documents, no signers), not refused for its size
      expect(create.body.code).toBe('REQUEST.VALIDATION_FAILED');
    });

    it('an authenticated body over the create limit is refused (413) from its Content-Length', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/v1/processes', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', 'content-length': String(151 * 1024 * 1024) } },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write('{');
      });
      expect(status).toBe(413);
    });
  });

  describe('/v1: transport errors are 4xx with stable codes', () => {
    it.each([
      ['charset=bogus', { 'Content-Type': 'application/json; charset=bogus' }, '{"a":1}', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
      ['Content-Encoding: foo', { 'Content-Type': 'application/json', 'Content-Encoding': 'foo' }, '{"a":1}', 415, 'REQUEST.UNSUPPORTED_ENCODING'],
      ['a corrupt gzip body', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 'definitely not gzip', 400, 'REQUEST.CORRUPT_ENCODING'],
      ['a corrupt br body', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, 'definitely not brotli', 400, 'REQUEST.CORRUPT_ENCODING'],
      ['text/plain', { 'Content-Type': 'text/plain' }, 'hello', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
      ['malformed JSON', { 'Content-Type': 'application/json' }, '{"name": ', 400, 'REQUEST.MALFORMED_BODY'],
      ['invalid UTF-8', { 'Content-Type': 'application/json' }, Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 400, 'REQUEST.INVALID_TEXT'],
    ])('%s → %s', async (_what, headers, body, status, code) => {
      const response = await rawPost('/v1/processes', { 'X-Api-Key': API_KEY, ...headers }, Buffer.isBuffer(body) ? body : Buffer.from(body));
      expect({ status: response.status, code: response.body.code, correlationId: response.body.correlationId }).toEqual({ status, code, correlationId: response.requestId });
    });

    it('each refusal — before routing or after — writes exactly one log line with its correlation id', async () => {
      const cases = [
        await request(t.http).post('/v1/processes').set('X-Request-Id', 'one-line-401').send({}),
        await v1('post', '/v1/processes').set('X-Request-Id', 'one-line-415').set('Content-Type', 'text/plain').send('x'),
        await v1('get', '/v1/nothing-here').set('X-Request-Id', 'one-line-404'),
        await v1('post', '/v1/processes').set('X-Request-Id', 'one-line-400').set('Content-Type', 'application/json').send('{"'),
        await request(t.http).post('/webhooks/arqsign').set('X-Request-Id', 'one-line-wh-415').set('Content-Encoding', 'foo').send('x'),
      ];
      for (const response of cases) {
        const id = response.headers['x-request-id'];
        expect(response.body.correlationId).toBe(id);
        // The request line is written when the response finishes: wait for it, then count.
        const lines = await eventually(async () => {
          const found = t.service.logLines.filter((line) => line.includes(`"correlationId":"${id}"`));
          return found.length ? found : undefined;
        }, `a log line for ${id}`);
        expect({ id, lines: lines.length }).toEqual({ id, lines: 1 });
      }
    });

    it.each([
      ['a broken chunk size', `POST /v1/processes HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${API_KEY}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`],
      ['a broken chunk on the receiver', 'POST /webhooks/arqsign HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nQQ\r\n'],
      ['an invalid Content-Length', 'POST /webhooks/arqsign HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n{}'],
      ['a header without a colon', 'POST /webhooks/arqsign HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n'],
    ])('malformed framing (%s) → 400 with the error body', async (_what, raw) => {
      const { connect } = await import('node:net');
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port }, () => socket.write(raw));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      const parsed = JSON.parse(body);
      expect(parsed).toEqual({ statusCode: 400, code: expect.stringMatching(/^REQUEST\.MALFORMED_(FRAMING|BODY)$/), message: expect.any(String), correlationId: expect.any(String) });
      expect(head).toContain(`X-Request-Id: ${parsed.correlationId}`);
    });

    it('an unknown route, and an unknown route without a key, answer the error body', async () => {
      expectErrorBody(await v1('get', '/v1/no-such-route'), 404, 'HTTP.NOT_FOUND');
      expectErrorBody(await request(t.http).get('/v1/no-such-route'), 401, 'AUTH.UNAUTHENTICATED');
      const echoed = await request(t.http).get('/v1/no-such-route').set('X-Request-Id', 'caller-id-0001');
      expect(echoed.body.correlationId).toBe('caller-id-0001');
      expect(echoed.headers['x-request-id']).toBe('caller-id-0001');
    });
  });

  describe('/v1: text, depth, keys', () => {
    const create = (overrides: Record<string, unknown>) => v1('post', '/v1/processes').send(processBody(t.pdf, overrides));
    /** Written as text: JSON.stringify itself overflows the stack at this depth. */
    const DEEP = '__deep__';
    const nested = (depth: number) => '{"a":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);

    it.each([
      ['a NUL in the name', { name: 'Contrato\u0000' }, 'name'],
      ['a lone surrogate in a signer name', { signers: [{ name: 'Maria \ud800', email: 'maria@example.com' }] }, 'signers[0].name'],
      ['metadata nested 10 000 deep', { metadata: DEEP }, 'metadata.a.a'],
      ['an unknown key nested 10 000 deep', { extra: DEEP }, 'extra.a.a'],
      ['a __proto__ key in metadata', { metadata: JSON.parse('{"__proto__": {"polluted": true}}') }, 'metadata.__proto__'],
      ['20 000 metadata keys', { metadata: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])) }, 'metadata'],
    ])('%s → 400 naming the field', async (_what, overrides, field) => {
      // Serialized by hand: JSON.stringify drops a __proto__ key given through an object literal.
      const body = JSON.stringify(processBody(t.pdf, overrides)).replace(`"${DEEP}"`, nested(10_000));
      const response = await v1('post', '/v1/processes').set('Content-Type', 'application/json').send(body);
      expectErrorBody(response, 400, 'REQUEST.VALIDATION_FAILED');
      expect(response.body.details[0].field.startsWith(field)).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('a NUL in a query string → 400, not a database error', async () => {
      expectErrorBody(await v1('get', '/v1/processes?externalId=ERP%004711'), 400, 'REQUEST.VALIDATION_FAILED');
    });

    it('a name of only spaces is rejected; surrounding spaces are trimmed', async () => {
      const blank = await create({ name: '   ' });
      expectErrorBody(blank, 400, 'REQUEST.VALIDATION_FAILED');
      expect(blank.body.details.map((d: { field: string }) => d.field)).toContain('name');
      const signer = await create({ signers: [{ name: '  ', email: 'maria@example.com' }] });
      expect(signer.body.details.map((d: { field: string }) => d.field)).toContain('signers[0].name');
      const trimmed = await create({ name: '  Contrato aparado  ', externalId: 'ERP-TRIM-1' });
      expect(trimmed.status).toBe(201);
      expect(trimmed.body.name).toBe('Contrato aparado');
    });

    it('an impossible date (2026-02-30) in a filter → 400', async () => {
      const response = await v1('get', '/v1/processes?createdFrom=2026-02-30');
      expectErrorBody(response, 400, 'REQUEST.VALIDATION_FAILED');
      expect(response.body.details[0].field).toBe('createdFrom');
      expect((await v1('get', '/v1/processes?createdFrom=2026-02-28')).status).toBe(200);
    });

    it('a multipart file name with a path is rejected like the same JSON name', async () => {
      const { documents: _documents, ...part } = processBody(t.pdf);
      const multipart = await v1('post', '/v1/processes').field('process', JSON.stringify(part)).attach('files', t.pdf, { filepath: '../../etc/passwd', contentType: 'application/pdf' } as unknown as { filename: string }); // form-data keeps a filepath's directories
      expectErrorBody(multipart, 400, 'REQUEST.VALIDATION_FAILED');
      const json = await create({ documents: [{ fileName: '../../etc/passwd', contentBase64: t.pdf.toString('base64') }] });
      expectErrorBody(json, 400, 'REQUEST.VALIDATION_FAILED');
      expect(multipart.body.details[0].problem).toEqual(expect.any(String));
      expect(multipart.body.details[0].problem).toEqual(json.body.details[0].problem);
    });
  });

  describe('receiver: never 401/403/404/5xx for bad input; signed bodies always stored', () => {
    const accountId = () => t.service.simulator!.account.accountId;
    const stored = async (id: string) => (await sql(t, 'SELECT state, error, body FROM signing.webhook_delivery WHERE id = $1', [id]))[0];

    it.each([
      ['Content-Encoding: foo', 'foo', 415, 'REQUEST.UNSUPPORTED_ENCODING'],
      ['Content-Encoding: br with a corrupt body', 'br', 400, 'REQUEST.CORRUPT_ENCODING'],
      ['Content-Encoding: deflate with a corrupt body', 'deflate', 400, 'REQUEST.CORRUPT_ENCODING'],
      ['a corrupt gzip', 'gzip', 400, 'REQUEST.CORRUPT_ENCODING'],
    ])('%s → %s', async (_what, encoding, status, code) => {
      const body = Buffer.from('{"Evento":"x"} but not compressed');
      const response = await request(t.http).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('Content-Encoding', encoding).set('HMAC', sign(body)).send(body);
      expectErrorBody(response, status, code);
    });

    it('a gzip-compressed signed delivery is decompressed and stored', async () => {
      const text = JSON.stringify({ Evento: 'ProcessoCancelado', IdEvento: 5, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000771', IdConta: accountId(), DataCancelamento: '01/12/2026 10:00:00' });
      const response = await request(t.http).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('Content-Encoding', 'gzip').set('HMAC', sign(text)).send(gzipSync(text));
      expect(response.status).toBe(200);
      expect((await stored(response.body.deliveryId)).body.toString('utf8')).toBe(text);
    });

    it('other methods → 405 with the error body and a correlation id', async () => {
      const response = await request(t.http).get('/webhooks/arqsign');
      expectErrorBody(response, 405, 'HTTP.METHOD_NOT_ALLOWED');
      expect(response.headers.allow).toBe('POST');
    });

    const deep = (depth: number) => '{"Evento":"ProcessoCancelado","IdEvento":5,"X":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
    it.each([
      ['nested 10 000 deep', () => Buffer.from(deep(10_000)), 'QUARANTINED'],
      ['with a NUL in Evento and IdWebhook', () => Buffer.from(JSON.stringify({ Evento: 'Processo\u0000Cancelado', IdEvento: 5, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000772', IdWebhook: 'w\u0000' })), 'QUARANTINED'],
      ['with invalid UTF-8', () => Buffer.concat([Buffer.from('{"Evento":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]), 'QUARANTINED'],
      ['with a lone surrogate escape', () => Buffer.from('{"Evento":"\\ud800","IdEvento":5}'), 'QUARANTINED'],
      ['with IdEvento 40000 (over smallint)', () => Buffer.from(JSON.stringify({ Evento: 'Outro', IdEvento: 40000, IdProcesso: '5e1f0c2a-1111-4a2b-9c3d-000000000773' })), 'RECEIVED'],
      ['with IdEvento -1e300', () => Buffer.from('{"Evento":"Outro","IdEvento":-1e300,"IdProcesso":"5e1f0c2a-1111-4a2b-9c3d-000000000774"}'), 'RECEIVED'],
    ])('a correctly signed body %s → 200, stored byte for byte (%s)', async (_what, make, state) => {
      const body = make();
      const response = await request(t.http).post('/webhooks/arqsign').set('Content-Type', 'application/octet-stream').set('HMAC', sign(body)).send(body);
      expect({ status: response.status, state: response.body.state }).toEqual({ status: 200, state });
      const row = await stored(response.body.deliveryId);
      expect(Buffer.compare(row.body, body)).toBe(0);
      if (state === 'QUARANTINED') expect(row.error).toEqual(expect.any(String));
    });
  });

  describe('database down', () => {
    const admin = async (text: string) => {
      const { Client } = await import('pg');
      const client = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL! });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };

    it('/v1 answers 503 SERVICE.UNAVAILABLE and /health/ready 503 HEALTH.UNAVAILABLE; both recover', async () => {
      const name = t.service.database.name;
      await admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      try {
        await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
        expectErrorBody(await v1('get', '/v1/processes'), 503, 'SERVICE.UNAVAILABLE');
        const ready = await request(t.http).get('/health/ready');
        expectErrorBody(ready, 503, 'HEALTH.UNAVAILABLE');
        expect(ready.body.details).toEqual({ error: { database: expect.objectContaining({ status: 'down' }) } });
      } finally {
        await admin(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      }
      await eventually(async () => ((await request(t.http).get('/health/ready')).status === 200 ? true : undefined), 'ready again');
      expect((await v1('get', '/v1/processes')).status).toBe(200);
    });
  });
});

describe('Admin closed by default', () => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('two clients and ADMIN_CLIENTS unset: /v1/admin answers 403 for both, and the start log says how to open it', async () => {
    service = await startTestService({ API_KEYS: 'erp:key-erp-000000000001,crm:key-crm-000000000001' });
    const http = service.app.getHttpServer();
    for (const key of ['key-erp-000000000001', 'key-crm-000000000001']) {
      const response = await request(http).get('/v1/admin/webhook-deliveries').set('X-Api-Key', key);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
      expect((await request(http).get('/v1/whoami').set('X-Api-Key', key)).status).toBe(200);
    }
    expect(service.logLines.some((line) => /ADMIN_CLIENTS/.test(line) && /closed/.test(line))).toBe(true);
  });

  it('one client and ADMIN_CLIENTS unset: that client is admin; ADMIN_CLIENTS names admins explicitly', async () => {
    service = await startTestService({ API_KEYS: 'erp:key-erp-000000000001' });
    expect((await request(service.app.getHttpServer()).get('/v1/admin/webhook-deliveries').set('X-Api-Key', 'key-erp-000000000001')).status).toBe(200);
    await service.close();
    service = await startTestService({ API_KEYS: 'erp:key-erp-000000000001,crm:key-crm-000000000001', ADMIN_CLIENTS: 'crm' });
    const http = service.app.getHttpServer();
    expect((await request(http).get('/v1/admin/webhook-deliveries').set('X-Api-Key', 'key-crm-000000000001')).status).toBe(200);
    expect((await request(http).get('/v1/admin/webhook-deliveries').set('X-Api-Key', 'key-erp-000000000001')).status).toBe(403);
  });
});
