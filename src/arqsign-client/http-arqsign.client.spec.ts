import { Registry } from 'prom-client';
import {
  ArqsignAlreadyFinishedError,
  ArqsignError,
  ArqsignInsufficientCreditsError,
  ArqsignNotFoundError,
  ArqsignRateLimitedError,
  ArqsignUnauthorizedError,
  ArqsignUnavailableError,
  ArqsignUncertainError,
  ArqsignUnexpectedResponseError,
  ArqsignValidationError,
} from './arqsign-client.errors';
import type { ArqsignSendProcessRequest } from './arqsign.types';
import { HttpArqsignClient, type ArqsignClientOptions } from './http-arqsign.client';
import { loadFixture } from './testing/fixtures';
import { ScriptedServer, dropConnection, hang, reply } from './testing/scripted-server';

const APP_KEY = 'test-app-key-0001';
const SUB_KEY = 'test-subscription-key-0001';
const PROCESS_ID = '5e1f0c2a-1111-4a2b-9c3d-000000000101';
const SEND_REQUEST = loadFixture('send-process-request.json') as ArqsignSendProcessRequest;
const SEND_RESPONSE = loadFixture('send-process-response.json');
const PDF_BASE64 = SEND_REQUEST.documentos[0].arquivo;

/** Records the client's log lines. */
class RecordingLogger {
  readonly lines: Array<{ level: string; entry: Record<string, unknown> }> = [];
  log(entry: unknown) {
    this.lines.push({ level: 'log', entry: entry as Record<string, unknown> });
  }
  warn(entry: unknown) {
    this.lines.push({ level: 'warn', entry: entry as Record<string, unknown> });
  }
  error(entry: unknown) {
    this.lines.push({ level: 'error', entry: entry as Record<string, unknown> });
  }
}

async function failure(promise: Promise<unknown>): Promise<ArqsignError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ArqsignError);
    return error as ArqsignError;
  }
  throw new Error('expected the call to fail');
}

describe('HttpArqsignClient over real HTTP', () => {
  let server: ScriptedServer;
  let client: HttpArqsignClient;
  let logger: RecordingLogger;
  let registry: Registry;

  function makeClient(overrides: Partial<ArqsignClientOptions> = {}): HttpArqsignClient {
    return new HttpArqsignClient({
      baseUrl: overrides.baseUrl ?? server.url,
      appKey: APP_KEY,
      subscriptionKey: SUB_KEY,
      timeoutMs: 300,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 3_000 },
      rateLimit: { perSecond: 1000 },
      breaker: { volumeThreshold: 1000 },
      registry,
      logger,
      ...overrides,
    });
  }

  beforeEach(async () => {
    server = await ScriptedServer.start();
    logger = new RecordingLogger();
    registry = new Registry();
    client = makeClient();
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  describe('requests', () => {
    it('sends both keys, JSON body and path; maps the PascalCase response', async () => {
      server.script(reply(200, SEND_RESPONSE));
      const result = await client.sendProcess(SEND_REQUEST);

      expect(result.processId).toBe(PROCESS_ID);
      expect(result.recipients.map((r) => r.id)).toHaveLength(2);
      const [req] = server.requests;
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/api/v2/processo/enviar-documento-para-assinar');
      expect(req.headers.appkey).toBe(APP_KEY);
      expect(req.headers.subscriptionkey).toBe(SUB_KEY);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(req.body)).toEqual(SEND_REQUEST); // sent as written, no extra keys
    });

    it('keeps a path prefix of the base URL (docs/arqsign-gaps.md#gap-02) and sends no body on GET', async () => {
      client = makeClient({ baseUrl: `${server.url}/v2/` });
      server.script(reply(201, { NomeProcesso: 'P', Status: 'Aguardando' }));
      const status = await client.getProcessStatus(PROCESS_ID);
      expect(status).toEqual({ processId: PROCESS_ID, name: 'P', status: 'WAITING', statusText: 'Aguardando' });
      expect(server.requests[0].url).toBe(`/v2/api/v1/processo/${PROCESS_ID}/status-do-processo`);
      expect(server.requests[0].body).toBe('');
    });

    it('accepts a cancel answer as a JSON string or as plain text', async () => {
      server.script(reply(200, 'Documento cancelado com sucesso'), reply(200, 'Documento cancelado com sucesso', {}, true));
      expect(await client.cancelProcess(PROCESS_ID)).toEqual({ processId: PROCESS_ID, message: 'Documento cancelado com sucesso' });
      expect(await client.cancelProcess(PROCESS_ID)).toEqual({ processId: PROCESS_ID, message: 'Documento cancelado com sucesso' });
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `PATCH /api/v1/processo/${PROCESS_ID}/cancelar-processo`,
        `PATCH /api/v1/processo/${PROCESS_ID}/cancelar-processo`,
      ]);
    });

    it('accepts an empty 200 from alterar-status and sends {status}', async () => {
      server.script(reply(200));
      await expect(client.changeWebhookConfigStatus('7d9e8f10-5555-4c6d-8e7f-000000000501', 1)).resolves.toBeUndefined();
      expect(server.requests[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/confwebhook/7d9e8f10-5555-4c6d-8e7f-000000000501/alterar-status', body: '{"status":1}' });
    });

    it('refuses a path id that could escape the route, without any request', async () => {
      const error = await failure(client.getProcess('../conta/dados-assinatura'));
      expect(error).toBeInstanceOf(ArqsignValidationError);
      expect(server.requests).toHaveLength(0);
    });

    it('retries a resend once with `validarDocumento` when ArqSIGN rejects `validar` (docs/arqsign-gaps.md#gap-05)', async () => {
      const edits = loadFixture('resend-request-with-edit.json') as Parameters<HttpArqsignClient['resendProcess']>[1];
      server.script(reply(400, { status: 400, mensagem: 'Algum parâmetro está incorreto ou é inexistente.' }), reply(200, loadFixture('resend-response.json')));
      const pending = await client.resendProcess(PROCESS_ID, edits);
      expect(pending.map((p) => p.id)).toEqual(['5e1f0c2a-3333-4a2b-9c3d-000000000302']);
      const [first, second] = server.requests.map((r) => JSON.parse(r.body) as Array<{ dadosAssinatura: { signatario: Record<string, unknown> } }>);
      expect(first[0].dadosAssinatura.signatario).toHaveProperty('validar', true);
      expect(second[0].dadosAssinatura.signatario).toHaveProperty('validarDocumento', true);
      expect(second[0].dadosAssinatura.signatario).not.toHaveProperty('validar');
    });

    it('does not follow redirects (the keys must not travel elsewhere)', async () => {
      const other = await ScriptedServer.start();
      try {
        server.script(reply(302, undefined, { Location: `${other.url}/steal` }));
        const error = await failure(client.getAccount());
        expect(error).toBeInstanceOf(ArqsignUnexpectedResponseError);
        expect(other.requests).toHaveLength(0);
      } finally {
        await other.close();
      }
    });
  });

  describe('error mapping over HTTP (never retried)', () => {
    it.each([
      [400, { status: 400, mensagem: 'idPasta não encontrado.; E-mail inválido.' }, ArqsignValidationError, ['idPasta não encontrado.', 'E-mail inválido.']],
      [401, { status: 401, mensagem: 'Acesso não autorizado.' }, ArqsignUnauthorizedError, ['Acesso não autorizado.']],
      [422, { status: 422, mensagem: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente' }, ArqsignInsufficientCreditsError, ['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente']],
      [404, 'Método não encontrado.', ArqsignNotFoundError, ['Método não encontrado.']],
    ])('%i → %p with ArqSIGN messages', async (status, body, type, messages) => {
      server.script(reply(status, body));
      const error = await failure(client.sendProcess(SEND_REQUEST));
      expect(error).toBeInstanceOf(type);
      expect(error.messages).toEqual(messages);
      expect(error.httpStatus).toBe(status);
      expect(server.requests).toHaveLength(1);
    });

    it('422 Documento concluído. on cancel → ALREADY_FINISHED (CONCLUDED)', async () => {
      server.script(reply(422, { status: 422, mensagem: 'Documento concluído.' }));
      const error = await failure(client.cancelProcess(PROCESS_ID));
      expect(error).toBeInstanceOf(ArqsignAlreadyFinishedError);
      expect((error as ArqsignAlreadyFinishedError).state).toBe('CONCLUDED');
      expect(error.code).toBe('ARQSIGN.ALREADY_FINISHED');
    });

    it('never puts keys or document content in errors and logs', async () => {
      server.script(reply(400, { mensagem: `Chave ${APP_KEY} / ${SUB_KEY} inválida para o arquivo ${PDF_BASE64.repeat(5)}` }));
      const error = await failure(client.sendProcess(SEND_REQUEST));
      const everything = JSON.stringify([error, error.message, error.messages, error.toJSON(), error.details, logger.lines]);
      expect(everything).not.toContain(APP_KEY);
      expect(everything).not.toContain(SUB_KEY);
      expect(everything).not.toContain(PDF_BASE64.slice(0, 30));
      expect(error.messages[0]).toContain('[redacted]');
    });
  });

  describe('send (POST v2) is never repeated once it may have arrived', () => {
    it('5xx → UNCERTAIN after exactly one request', async () => {
      server.otherwise(reply(500, { status: 500, mensagem: 'Erro interno.' }));
      const error = await failure(client.sendProcess(SEND_REQUEST));
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(error.httpStatus).toBe(500);
      expect(error.messages).toEqual(['Erro interno.']);
      expect(server.requests).toHaveLength(1);
    });

    it('timeout → UNCERTAIN after exactly one request', async () => {
      server.otherwise(hang);
      const started = performance.now();
      const error = await failure(client.sendProcess(SEND_REQUEST));
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(error.reason).toMatch(/timeout/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(server.requests).toHaveLength(1);
    });

    it('connection dropped after the request → UNCERTAIN after exactly one request', async () => {
      server.otherwise(dropConnection);
      const error = await failure(client.sendProcess(SEND_REQUEST));
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(server.requests).toHaveLength(1);
    });

    it('2xx without IdProcesso → UNCERTAIN (something may have been created)', async () => {
      server.script(reply(200, { ok: true }));
      expect(await failure(client.sendProcess(SEND_REQUEST))).toBeInstanceOf(ArqsignUncertainError);
    });

    it('connection refused (never sent) is retried and can succeed', async () => {
      const port = server.port;
      await server.close();
      client = makeClient({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 300 } });
      const call = client.sendProcess(SEND_REQUEST);
      await new Promise((resolve) => setTimeout(resolve, 50));
      server = await ScriptedServer.start(port);
      server.script(reply(200, SEND_RESPONSE));
      expect((await call).processId).toBe(PROCESS_ID);
      expect(server.requests).toHaveLength(1);
    });

    it('429 is a refusal, so send is retried after Retry-After', async () => {
      server.script(reply(429, { mensagem: 'Limite de requisições excedido.' }, { 'Retry-After': '0' }), reply(200, SEND_RESPONSE));
      expect((await client.sendProcess(SEND_REQUEST)).processId).toBe(PROCESS_ID);
      expect(server.requests).toHaveLength(2);
    });

    it('resend and webhook creation follow the same rule', async () => {
      server.otherwise(reply(503));
      expect(await failure(client.resendProcess(PROCESS_ID))).toBeInstanceOf(ArqsignUncertainError);
      expect(await failure(client.createWebhookConfig({ nome: 'x', status: 1, urlPublicar: 'http://127.0.0.1/x', gatilhos: [8] }))).toBeInstanceOf(ArqsignUncertainError);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('reads are retried with backoff', () => {
    it('5xx, 5xx, 200 → success after three requests with growing gaps', async () => {
      client = makeClient({ retry: { maxAttempts: 3, baseDelayMs: 60, maxDelayMs: 1000 } });
      server.script(reply(503), reply(500), reply(200, [{ id: 'p1', nome: 'Testemunha', padrao: true }]));
      const roles = await client.getSignerRoles();
      expect(roles).toEqual([{ id: 'p1', name: 'Testemunha', isDefault: true }]);
      const [a, b, c] = server.requests.map((r) => r.at);
      expect(b - a).toBeGreaterThanOrEqual(25); // first retry waits [30, 60] ms
      expect(c - b).toBeGreaterThanOrEqual(50); // second retry waits [60, 120] ms
      const log = logger.lines.at(-1)!;
      expect(log.entry).toMatchObject({ endpoint: 'getSignerRoles', outcome: 'success', attempts: 3, status: 200 });
    });

    it('timeouts are retried, then UNAVAILABLE with the attempts made', async () => {
      client = makeClient({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 } });
      server.otherwise(hang);
      const error = await failure(client.getProcess(PROCESS_ID));
      expect(error).toBeInstanceOf(ArqsignUnavailableError);
      expect(error.attempts).toBe(2);
      expect(server.requests).toHaveLength(2);
    });

    it('a dropped connection on a read is retried', async () => {
      server.script(dropConnection, reply(200, { idConta: 'c1', nomeConta: 'X', itens: [] }));
      const usage = await client.getUsage({ dataInicial: '2025-01-01', dataFinal: '2025-01-31', item: 0 });
      expect(usage.accountId).toBe('c1');
      expect(server.requests).toHaveLength(2);
    });

    it('429 with Retry-After in seconds is honoured', async () => {
      server.script(reply(429, { mensagem: 'Limite de requisições excedido.' }, { 'Retry-After': '1' }), reply(200, []));
      await client.listWebhookConfigs();
      const [a, b] = server.requests.map((r) => r.at);
      expect(b - a).toBeGreaterThanOrEqual(990);
    });

    it('429 with Retry-After as an HTTP date is honoured', async () => {
      // HTTP dates have 1 s resolution: ask for "now + 2 s", truncated → a wait of 1–2 s.
      const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 2000);
      server.script(reply(429, {}, { 'Retry-After': at.toUTCString() }), reply(200, []));
      await client.findUsers({ ativos: true });
      const [a, b] = server.requests.map((r) => r.at);
      expect(b - a).toBeGreaterThanOrEqual(900);
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
    });

    it('a Retry-After longer than allowed fails at once with RATE_LIMITED and the wait', async () => {
      server.otherwise(reply(429, {}, { 'Retry-After': '120' }));
      const error = await failure(client.getAccount());
      expect(error).toBeInstanceOf(ArqsignRateLimitedError);
      expect(error.retryAfterMs).toBe(120_000);
      expect(server.requests).toHaveLength(1);
    });

    it('429 on every attempt → RATE_LIMITED', async () => {
      server.otherwise(reply(429, { mensagem: 'Limite de requisições excedido.' }, { 'Retry-After': '0' }));
      const error = await failure(client.getSignerRoles());
      expect(error).toBeInstanceOf(ArqsignRateLimitedError);
      expect(error.messages).toEqual(['Limite de requisições excedido.']);
      expect(server.requests).toHaveLength(3);
    });

    it('a 2xx read without the expected shape → UNEXPECTED_RESPONSE, not retried', async () => {
      server.script(reply(200, [1, 2]));
      expect(await failure(client.getProcess(PROCESS_ID))).toBeInstanceOf(ArqsignUnexpectedResponseError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('circuit breaker', () => {
    it('opens after failures, fails fast without requests, and closes after a good trial call', async () => {
      client = makeClient({ retry: { maxAttempts: 1 }, breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 200 } });
      server.script(reply(500), reply(500)).otherwise(reply(200, []));
      await failure(client.getSignerRoles());
      await failure(client.getSignerRoles());

      const started = performance.now();
      const fast = await failure(client.getSignerRoles());
      expect(fast).toBeInstanceOf(ArqsignUnavailableError);
      expect(fast.reason).toBe('circuit-open');
      expect(performance.now() - started).toBeLessThan(150);
      expect(server.requests).toHaveLength(2);
      expect(await registry.getSingleMetricAsString('arqsign_client_circuit_open')).toMatch(/arqsign_client_circuit_open 1/);

      await new Promise((resolve) => setTimeout(resolve, 250));
      await expect(client.getSignerRoles()).resolves.toEqual([]);
      await expect(client.getSignerRoles()).resolves.toEqual([]);
      expect(server.requests).toHaveLength(4);
      expect(await registry.getSingleMetricAsString('arqsign_client_circuit_open')).toMatch(/arqsign_client_circuit_open 0/);
    });

    it('is not tripped by 4xx answers', async () => {
      client = makeClient({ retry: { maxAttempts: 1 }, breaker: { volumeThreshold: 2, errorThresholdPercentage: 10 } });
      server.otherwise(reply(400, { mensagem: 'E-mail inválido.' }));
      for (let i = 0; i < 4; i++) expect(await failure(client.findUsers({ ativos: true }))).toBeInstanceOf(ArqsignValidationError);
      expect(server.requests).toHaveLength(4);
    });

    it('an open circuit makes a send fail as UNAVAILABLE (not uncertain): nothing was sent', async () => {
      client = makeClient({ retry: { maxAttempts: 1 }, breaker: { volumeThreshold: 1, resetTimeout: 10_000 } });
      server.otherwise(reply(503));
      await failure(client.getAccount());
      const error = await failure(client.sendProcess(SEND_REQUEST));
      expect(error).toBeInstanceOf(ArqsignUnavailableError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('rate limiter', () => {
    it('keeps to 4 requests per second by default', async () => {
      client = makeClient({ rateLimit: {} });
      server.otherwise(reply(200, []));
      await Promise.all(Array.from({ length: 6 }, () => client.getSignerRoles()));
      const times = server.requests.map((r) => r.at);
      // as ArqSIGN would count them, on arrival: never 5 within one second
      expect(times[4] - times[0]).toBeGreaterThanOrEqual(1000);
      expect(times[5] - times[1]).toBeGreaterThanOrEqual(1000);
    });

    it('fails fast with RATE_LIMITED when no slot is free within maxWaitMs', async () => {
      client = makeClient({ rateLimit: { perSecond: 1, maxWaitMs: 100 } });
      server.otherwise(reply(200, []));
      const results = await Promise.allSettled([client.getSignerRoles(), client.getSignerRoles()]);
      expect(results[0].status).toBe('fulfilled');
      const rejected = results[1] as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ArqsignRateLimitedError);
      expect((rejected.reason as ArqsignRateLimitedError).reason).toBe('client-rate-limit');
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('observability', () => {
    it('records latency and outcome per endpoint and one log line per call', async () => {
      server.script(reply(200, SEND_RESPONSE), reply(500));
      await client.sendProcess(SEND_REQUEST);
      await failure(client.sendProcess(SEND_REQUEST));

      const metrics = await registry.metrics();
      expect(metrics).toContain('arqsign_client_requests_total{endpoint="sendProcess",outcome="success"} 1');
      expect(metrics).toContain('arqsign_client_requests_total{endpoint="sendProcess",outcome="uncertain"} 1');
      expect(metrics).toMatch(/arqsign_client_request_duration_seconds_count\{endpoint="sendProcess",outcome="success"\} 1/);

      expect(logger.lines).toHaveLength(2);
      expect(logger.lines[0]).toMatchObject({
        level: 'log',
        entry: { endpoint: 'sendProcess', method: 'POST', status: 200, attempts: 1, outcome: 'success', processId: PROCESS_ID },
      });
      expect(logger.lines[0].entry.durationMs).toEqual(expect.any(Number));
      expect(logger.lines[1]).toMatchObject({ level: 'error', entry: { outcome: 'uncertain', errorCode: 'ARQSIGN.UNCERTAIN', status: 500 } });
      expect(JSON.stringify(logger.lines)).not.toContain(PDF_BASE64);
    });

    it('logs the process id of path-addressed calls and shares one registry between clients', async () => {
      const second = makeClient();
      try {
        server.otherwise(reply(200, { NomeProcesso: 'P', Status: 'Concluído' }));
        await client.getProcessStatus(PROCESS_ID);
        await second.getProcessStatus(PROCESS_ID);
        expect(logger.lines.map((l) => l.entry.processId)).toEqual([PROCESS_ID, PROCESS_ID]);
        expect(await registry.metrics()).toContain('arqsign_client_requests_total{endpoint="getProcessStatus",outcome="success"} 2');
      } finally {
        await second.close();
      }
    });
  });

  describe('close()', () => {
    it('aborts in-flight calls and pending retries promptly', async () => {
      client = makeClient({ timeoutMs: 10_000, retry: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
      server.script(hang);
      server.otherwise(reply(503));
      const inFlight = client.getProcess(PROCESS_ID);
      const retrying = client.getAccount();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      await client.close();
      const [a, b] = await Promise.all([failure(inFlight), failure(retrying)]);
      expect(a).toBeInstanceOf(ArqsignUnavailableError);
      expect(b).toBeInstanceOf(ArqsignUnavailableError);
      expect(performance.now() - started).toBeLessThan(500);
      expect(await failure(client.getAccount())).toMatchObject({ reason: 'client-closed' });
    });

    it('a send cut off in flight by close() is UNCERTAIN (it may have arrived)', async () => {
      client = makeClient({ timeoutMs: 10_000 });
      server.otherwise(hang);
      const sending = client.sendProcess(SEND_REQUEST);
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await client.close();
      const error = await failure(sending);
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(error.reason).toBe('client-closed');
    });
  });
});
