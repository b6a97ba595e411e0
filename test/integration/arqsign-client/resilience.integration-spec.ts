import {
  ArqsignError,
  ArqsignRateLimitedError,
  ArqsignUnavailableError,
  ArqsignUncertainError,
} from '../../../src/arqsign-client';
import { addFault, faults, sendRequest, simControl, startKit, type Kit } from './client-kit';

/**
 * Resilience against the simulator's fault injection (`POST /__sim/faults`): the send is never
 * repeated once it may have arrived, reads are retried, 429 + Retry-After is honoured, the breaker
 * fails fast, and the client-side limiter keeps under the simulator's own limiter.
 */

const SEND = '/api/v2/processo/enviar-documento-para-assinar';

async function failure(promise: Promise<unknown>): Promise<ArqsignError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ArqsignError);
    return error as ArqsignError;
  }
  throw new Error('expected the call to fail');
}

async function processCount(kit: Kit): Promise<number> {
  return (await simControl<unknown[]>(kit.sim, 'GET', '/__sim/processes')).length;
}

describe('ArqSIGN client ↔ simulator faults', () => {
  let kit: Kit;

  beforeEach(async () => {
    kit = await startKit({}, { timeoutMs: 400 });
  });

  afterEach(async () => {
    await kit?.close();
  });

  describe('send (POST v2)', () => {
    it('error500 → UNCERTAIN after one request; the other injected faults stay unused', async () => {
      await addFault(kit.sim, { path: SEND, mode: 'error500', count: 3 });
      const error = await failure(kit.client.sendProcess(sendRequest(kit.sim)));
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(error).toMatchObject({ code: 'ARQSIGN.UNCERTAIN', httpStatus: 500, attempts: 1 });
      expect((await faults(kit.sim)).map((f) => f.remaining)).toEqual([2]);
    });

    it('timeout → UNCERTAIN after the client timeout and one request', async () => {
      await addFault(kit.sim, { path: `POST ${SEND}`, mode: 'timeout', count: 2 });
      const started = performance.now();
      const error = await failure(kit.client.sendProcess(sendRequest(kit.sim)));
      expect(error).toBeInstanceOf(ArqsignUncertainError);
      expect(error.reason).toMatch(/timeout/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(390);
      expect((await faults(kit.sim)).map((f) => f.remaining)).toEqual([1]);
    });

    it('rateLimit is a refusal: the send is retried after Retry-After and creates exactly one process', async () => {
      await addFault(kit.sim, { path: SEND, mode: 'rateLimit', count: 1, retryAfterSeconds: 0 });
      const sent = await kit.client.sendProcess(sendRequest(kit.sim));
      expect(sent.processId).toEqual(expect.any(String));
      expect(await processCount(kit)).toBe(1);
      expect(await faults(kit.sim)).toEqual([]);
    });
  });

  describe('reads', () => {
    let processId: string;

    beforeEach(async () => {
      processId = (await kit.client.sendProcess(sendRequest(kit.sim))).processId;
    });

    it('error500 twice, then the answer: retried with backoff', async () => {
      await addFault(kit.sim, { path: 'GET /api/v2/processo/{idProcesso}', mode: 'error500', count: 2 });
      const process = await kit.client.getProcess(processId);
      expect(process.processId).toBe(processId);
      expect(await faults(kit.sim)).toEqual([]);
      expect(await kit.registry.getSingleMetricAsString('arqsign_client_retries_total')).toMatch(
        /arqsign_client_retries_total\{endpoint="getProcess",reason="http-500"\} 2/,
      );
    });

    it('error500 on every attempt → UNAVAILABLE after maxAttempts', async () => {
      await addFault(kit.sim, { path: '/api/v1/processo/*/status-do-processo', mode: 'error500', count: 5 });
      const error = await failure(kit.client.getProcessStatus(processId));
      expect(error).toBeInstanceOf(ArqsignUnavailableError);
      expect(error.attempts).toBe(3);
      expect((await faults(kit.sim)).map((f) => f.remaining)).toEqual([2]);
    });

    it('a timeout is retried', async () => {
      await addFault(kit.sim, { path: '/api/v1/processo/*/dados-signatarios', mode: 'timeout', count: 1 });
      const summary = await kit.client.getSigners(processId);
      expect(summary.signers).toHaveLength(2);
      expect(await faults(kit.sim)).toEqual([]);
    });

    it('rateLimit with Retry-After: 1 waits a second before the retry', async () => {
      await addFault(kit.sim, { path: '/api/v1/conta/dados-assinatura', mode: 'rateLimit', count: 1, retryAfterSeconds: 1 });
      const started = performance.now();
      await kit.client.getAccount();
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    });

    it('rateLimit on every attempt → RATE_LIMITED with the simulator message', async () => {
      await addFault(kit.sim, { path: '/api/v1/conta/papeis-signatarios', mode: 'rateLimit', count: 5, retryAfterSeconds: 0 });
      const error = await failure(kit.client.getSignerRoles());
      expect(error).toBeInstanceOf(ArqsignRateLimitedError);
      expect(error.messages).toEqual(['Limite de requisições excedido.']);
      expect(error.httpStatus).toBe(429);
    });

    it('cancel (idempotent) is retried after an error500', async () => {
      await addFault(kit.sim, { path: '/api/v1/processo/*/cancelar-processo', mode: 'error500', count: 1 });
      expect((await kit.client.cancelProcess(processId)).message).toBe('Documento cancelado com sucesso');
    });
  });

  describe('circuit breaker', () => {
    it('opens after repeated 500s and then fails fast without reaching the simulator', async () => {
      const client = kit.makeClient({ retry: { maxAttempts: 1 }, breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 10_000 } });
      await addFault(kit.sim, { path: '/api/v1/confwebhook', mode: 'error500', count: 10 });
      for (let i = 0; i < 3; i++) expect(await failure(client.listWebhookConfigs())).toMatchObject({ httpStatus: 500 });

      const fast = await failure(client.listWebhookConfigs());
      expect(fast).toBeInstanceOf(ArqsignUnavailableError);
      expect(fast.reason).toBe('circuit-open');
      const uncertainButUnsent = await failure(client.sendProcess(sendRequest(kit.sim)));
      expect(uncertainButUnsent).toBeInstanceOf(ArqsignUnavailableError); // not UNCERTAIN: nothing was sent
      expect((await faults(kit.sim)).map((f) => f.remaining)).toEqual([7]);
      expect(await processCount(kit)).toBe(0);
    });
  });
});

describe('client limiter vs the simulator limiter (4/s)', () => {
  let kit: Kit;

  beforeAll(async () => {
    kit = await startKit({ rateLimit: true }, { rateLimit: {} });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('a burst of 8 reads never hits a 429', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => kit.client.getSignerRoles()));
    expect(results).toHaveLength(8);
    expect(await kit.registry.getSingleMetricAsString('arqsign_client_retries_total')).not.toMatch(/reason="rate-limited"/);
  });

  it('without the client limiter the same burst does meet the simulator limiter (control)', async () => {
    const unthrottled = kit.makeClient({ rateLimit: { perSecond: 1000 }, retry: { maxAttempts: 1 } });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => unthrottled.getSignerRoles()));
    expect(results.some((r) => r.status === 'rejected' && r.reason instanceof ArqsignRateLimitedError)).toBe(true);
  });
});
