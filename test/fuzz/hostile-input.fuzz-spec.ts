import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { makePdf, processBody } from '../e2e/signing-processes/support';
import { RELAY_SECRET, sql, startWebhookService, type WebhookTestService } from '../e2e/webhooks/support';
import { errorShapeProblem, FUZZ_SEED, RawResponse, send } from './support';

/**
 * Issue 12's fuzz tier: seeded, bounded, a few hundred requests per surface against the whole
 * service (sandbox mode: real PostgreSQL, HTTP, HMAC, simulator). Asserts no 5xx (receiver: no
 * 401/403/404 either), the documented error body with a real correlation id on every error, every
 * correctly signed and readable delivery answered 200 and present in the inbox, and the service
 * ready afterwards. A failure prints the case; FUZZ_SEED=<seed> replays the run.
 */
const RUNS = { receiver: 320, json: 260, multipart: 120 };
const BATCH = 8;

const API_KEY = 'sandbox-key';
const GUID = fc.uuid();
/** Text as hostile as JSON allows: any code point, lone surrogates, NUL, control characters. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '../../etc/passwd', '<script>', '%00', 'é'.normalize('NFD'), '\u202e', 'Zé 🙂') },
);
const number = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer(), fc.double(), fc.constantFrom(0, -1, 32767, 32768, 40000, 2 ** 31, 2 ** 53 + 2, 1e300, -1e300), text);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const DEEP = '"__deep__"';
const deepJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

interface Outcome {
  label: string;
  response: RawResponse;
  expectStored: boolean;
}

async function inBatches<T>(items: T[], run: (item: T) => Promise<Outcome>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < items.length; i += BATCH) outcomes.push(...(await Promise.all(items.slice(i, i + BATCH).map(run))));
  return outcomes;
}

describe(`Fuzz: hostile input (seed ${FUZZ_SEED})`, () => {
  let t: WebhookTestService;
  let port: number;
  let pdf: Buffer;

  beforeAll(async () => {
    t = await startWebhookService({ WEBHOOK_MAX_BODY_MB: '1' });
    port = t.service.config.port;
    pdf = await makePdf('Fuzz');
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`receiver: ${RUNS.receiver} deliveries, none answered 401/403/404/5xx; every signed readable one stored`, async () => {
    const accountId = t.service.simulator!.account.accountId;
    const event = fc.record(
      {
        Evento: fc.oneof(fc.constantFrom('ProcessoConcluido', 'ProcessoAssinado', 'ProcessoCancelado', 'ProcessoExpirado', 'Outro'), text),
        IdEvento: number,
        IdProcesso: fc.oneof({ weight: 4, arbitrary: GUID }, { weight: 1, arbitrary: text }),
        IdConta: fc.constant(accountId),
        IdWebhook: fc.oneof(GUID, text),
        DataHoraAtual: fc.oneof(fc.constant('01/12/2026 10:00:00'), text),
        DataCancelamento: fc.oneof(fc.constant('01/12/2026 10:00:00'), text, number),
        Signatarios: fc.oneof(
          fc.array(fc.record({ Id: fc.oneof(GUID, text), Nome: text, Email: text, Telefone: text, DadosAssinatura: fc.record({ DataAssinatura: fc.oneof(text, number) }) }), { maxLength: 3 }),
          anyJson,
        ),
        Documentos: fc.oneof(fc.array(fc.record({ Id: fc.oneof(GUID, text), NomeDocumento: text, LinkParaBaixarDocumento: text, Base64Documento: text }), { maxLength: 2 }), anyJson),
        Extra: anyJson,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { weight: 6, arbitrary: event.map((value) => ({ kind: 'event', bytes: Buffer.from(JSON.stringify(value)) })) },
      { weight: 2, arbitrary: anyJson.map((value) => ({ kind: 'json', bytes: Buffer.from(JSON.stringify(value) ?? 'null') })) },
      { weight: 1, arbitrary: fc.integer({ min: 50, max: 20_000 }).map((depth) => ({ kind: 'deep', bytes: Buffer.from('['.repeat(depth) + ']'.repeat(depth)) })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ kind: 'bytes', bytes: Buffer.from(bytes) })) },
      { weight: 1, arbitrary: event.map((value) => ({ kind: 'invalid-utf8', bytes: Buffer.concat([Buffer.from(JSON.stringify(value)), Buffer.from([0xff, 0xc3])]) })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'empty', bytes: Buffer.alloc(0) }) },
      { weight: 1, arbitrary: fc.integer({ min: 900_000, max: 1_200_000 }).map((size) => ({ kind: 'large', bytes: Buffer.from(JSON.stringify({ Evento: 'Outro', Pad: 'p'.repeat(size) })) })) },
    );
    const cases = fc.sample(
      fc.record({
        method: fc.oneof({ weight: 12, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') }),
        path: fc.constantFrom('/webhooks/arqsign', '/webhooks/arqsign/tracking', '/webhooks/arqsign/conclusion?x=1', '/webhooks/arqsign?IdProcesso=%00&a[b]=c', '/webhooks/arqsign/a/b/c'),
        contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=bogus', 'text/plain', undefined, 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'),
        encoding: fc.oneof({ weight: 8, arbitrary: fc.constant('identity') }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'foo', 'gzip-corrupt', 'br-corrupt') }),
        signature: fc.oneof({ weight: 6, arbitrary: fc.constant('valid') }, { weight: 1, arbitrary: fc.constantFrom('hex', 'none', 'wrong', 'garbage') }),
        garbage: fc.string({ unit: fc.constantFrom(...'abcXYZ019+/=-_ '.split('')), maxLength: 300 }),
        body,
      }),
      { seed: FUZZ_SEED, numRuns: RUNS.receiver },
    );

    const outcomes = await inBatches(cases, async (c) => {
      const raw = c.body.bytes;
      const headers: Record<string, string> = {};
      if (c.contentType) headers['content-type'] = c.contentType;
      const digest = createHmac('sha256', RELAY_SECRET).update(raw);
      if (c.signature === 'valid') headers.hmac = digest.digest('base64');
      if (c.signature === 'hex') headers.hmac = digest.digest('hex');
      if (c.signature === 'wrong') headers.hmac = createHmac('sha256', 'other').update(raw).digest('base64');
      if (c.signature === 'garbage') headers.hmac = c.garbage;
      let wire = raw;
      if (c.encoding !== 'identity') headers['content-encoding'] = c.encoding.replace('-corrupt', '');
      if (c.encoding === 'gzip') wire = gzipSync(raw);
      if (c.encoding === 'deflate') wire = deflateSync(raw);
      if (c.encoding === 'br') wire = brotliCompressSync(raw);
      if (c.encoding.endsWith('-corrupt')) wire = Buffer.concat([Buffer.from('corrupt'), raw]);
      const response = await send(port, c.method, c.path, headers, c.method === 'GET' ? undefined : wire);
      const readable = !c.encoding.endsWith('-corrupt') && c.encoding !== 'foo' && raw.length <= 1024 * 1024;
      const label = `${c.method} ${c.path} ct=${c.contentType} enc=${c.encoding} sig=${c.signature} body=${c.body.kind}(${raw.length}B): ${raw.subarray(0, 160).toString('utf8')}`;
      return { label, response, expectStored: c.method === 'POST' && ['valid', 'hex'].includes(c.signature) && readable };
    });

    const problems: string[] = [];
    for (const { label, response, expectStored } of outcomes) {
      if (response.status >= 500 || [401, 403, 404].includes(response.status)) problems.push(`${response.status} ${response.text.slice(0, 200)} ← ${label}`);
      else if (expectStored && response.status !== 200) problems.push(`signed but ${response.status} ${response.text.slice(0, 200)} ← ${label}`);
      else if (response.status !== 200 && errorShapeProblem(response)) problems.push(`error shape: ${errorShapeProblem(response)} ← ${label}`);
    }
    expect(problems).toEqual([]);
    const ids = outcomes.filter((o) => o.response.status === 200).map((o) => o.response.json.deliveryId as string);
    expect(ids.length).toBeGreaterThan(RUNS.receiver / 2);
    const rows = await sql(t, 'SELECT count(*)::int AS n FROM signing.webhook_delivery WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows[0].n).toBe(new Set(ids).size);
  });

  it(`POST /v1/processes JSON: ${RUNS.json} bodies, no 5xx, every error in the documented shape`, async () => {
    const valid = processBody(pdf);
    const signer = fc.record({ name: fc.oneof(fc.constant('Maria Silva'), text), email: fc.oneof(fc.constant('maria@example.com'), text), phone: fc.oneof(fc.constant('+55 11 99999-0000'), text), delivery: fc.constantFrom('EMAIL', 'WHATSAPP', 'FAX'), order: number, action: fc.constantFrom('SIGN', 'COPY', 'X') }, { requiredKeys: [] });
    const overrides = fc.record(
      {
        name: fc.oneof(fc.constant(valid.name), text, number, anyJson),
        externalId: fc.oneof(text, number),
        signers: fc.oneof(fc.constant(valid.signers), fc.array(signer, { maxLength: 4 }), anyJson),
        documents: fc.oneof(fc.constant(valid.documents), fc.array(fc.record({ fileName: fc.oneof(fc.constant('a.pdf'), text), contentBase64: fc.oneof(fc.constant(pdf.toString('base64')), text) }, { requiredKeys: [] }), { maxLength: 3 }), anyJson),
        settings: fc.oneof(fc.constant(valid.settings), anyJson, fc.record({ expirationDays: number, useSigningOrder: fc.oneof(fc.boolean(), text) }, { requiredKeys: [] })),
        metadata: fc.oneof(anyJson, fc.constant('__deep__'), fc.constant('__proto__')),
        extra: anyJson,
      },
      { requiredKeys: [] },
    );
    const cases = fc.sample(
      fc.record({
        overrides,
        contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=bogus', 'application/json; charset=utf-16', 'text/plain', 'application/vnd.api+json') }),
        transport: fc.oneof({ weight: 8, arbitrary: fc.constant('plain') }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'foo', 'truncated', 'invalid-utf8', 'deep') }),
        query: fc.constantFrom('', '?x=1', '?externalId=%00', '?a[b][c]=1'),
      }),
      { seed: FUZZ_SEED + 1, numRuns: RUNS.json },
    );
    const outcomes = await inBatches(cases, async (c) => {
      let json = JSON.stringify({ ...valid, ...c.overrides });
      if (c.overrides.metadata === '__deep__') json = json.replace('"__deep__"', deepJson(5000));
      if (c.overrides.metadata === '__proto__') json = json.replace('"__proto__"', '{"__proto__":{"admin":true}}');
      if (c.transport === 'deep') json = json.replace(/^\{/, `{"x":${deepJson(20_000)},`);
      let wire = Buffer.from(json);
      const headers: Record<string, string> = { 'x-api-key': API_KEY, 'content-type': c.contentType };
      if (c.transport === 'gzip') wire = gzipSync(wire);
      if (c.transport === 'gzip' || c.transport === 'foo') headers['content-encoding'] = c.transport;
      if (c.transport === 'truncated') wire = wire.subarray(0, Math.floor(wire.length / 2));
      if (c.transport === 'invalid-utf8') wire = Buffer.concat([wire.subarray(0, 20), Buffer.from([0xc3, 0x28]), wire.subarray(20)]);
      const response = await send(port, 'POST', `/v1/processes${c.query}`, headers, wire);
      return { label: `ct=${c.contentType} transport=${c.transport}: ${json.replace(/"contentBase64":"[^"]{100,}"/g, '"contentBase64":"<pdf>"').slice(0, 400)}`, response, expectStored: false };
    });
    const problems = outcomes.flatMap(({ label, response }) => {
      if (response.status >= 500) return [`${response.status} ${response.text.slice(0, 200)} ← ${label}`];
      if (response.status >= 400 && errorShapeProblem(response)) return [`error shape: ${errorShapeProblem(response)} ← ${label}`];
      if (response.status === 201 && typeof response.json?.id !== 'string') return [`201 without an id ← ${label}`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(outcomes.filter((o) => o.response.status === 201).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.response.status === 400).length).toBeGreaterThan(RUNS.json / 4);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it(`POST /v1/processes multipart: ${RUNS.multipart} bodies, no 5xx, every error in the documented shape`, async () => {
    const { documents: _documents, ...part } = processBody(pdf);
    const cases = fc.sample(
      fc.record({
        processPart: fc.oneof(fc.constant(JSON.stringify(part)), text, anyJson.map((value) => JSON.stringify(value) ?? ''), fc.constant(JSON.stringify(part).replace('"Contrato 4711"', deepJson(5000)))),
        files: fc.array(fc.record({ name: fc.oneof(fc.constant('contrato.pdf'), text), content: fc.oneof(fc.constant(pdf), fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b))), field: fc.constantFrom('files', 'files', 'other') }), { maxLength: 3 }),
        boundary: fc.constantFrom('fuzzboundary', 'fuzzboundary', 'wrong'),
        truncate: fc.boolean(),
      }),
      { seed: FUZZ_SEED + 2, numRuns: RUNS.multipart },
    );
    const outcomes = await inBatches(cases, async (c) => {
      const crlf = '\r\n';
      const parts: Buffer[] = [Buffer.from(`--fuzzboundary${crlf}Content-Disposition: form-data; name="process"${crlf}${crlf}${c.processPart}${crlf}`)];
      for (const file of c.files) {
        parts.push(Buffer.from(`--fuzzboundary${crlf}Content-Disposition: form-data; name="${file.field}"; filename="${file.name}"${crlf}Content-Type: application/pdf${crlf}${crlf}`), file.content, Buffer.from(crlf));
      }
      parts.push(Buffer.from(`--fuzzboundary--${crlf}`));
      let wire = Buffer.concat(parts);
      if (c.truncate) wire = wire.subarray(0, Math.floor(wire.length * 0.7));
      const response = await send(port, 'POST', '/v1/processes', { 'x-api-key': API_KEY, 'content-type': `multipart/form-data; boundary=${c.boundary}` }, wire);
      return { label: `boundary=${c.boundary} truncate=${c.truncate} files=${JSON.stringify(c.files.map((f) => [f.field, f.name, f.content.length]))} process=${c.processPart.slice(0, 200)}`, response, expectStored: false };
    });
    const problems = outcomes.flatMap(({ label, response }) => {
      if (response.status >= 500) return [`${response.status} ${response.text.slice(0, 200)} ← ${label}`];
      if (response.status >= 400 && errorShapeProblem(response)) return [`error shape: ${errorShapeProblem(response)} ← ${label}`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(outcomes.filter((o) => o.response.status === 201).length).toBeGreaterThan(0);
  });

  it('the service is ready afterwards', async () => {
    const ready = await send(port, 'GET', '/health/ready', {});
    expect(ready.status).toBe(200);
    const live = await send(port, 'GET', '/health/live', {});
    expect(live.status).toBe(200);
  });
});
