import { RETRY_OFFSETS_MINUTES, startArqsignSimulator } from '../../../src/sandbox';
import { TRACKING_RETURN, act, apiClient, control, createWebhook, simpleSendRequest, startListener, waitFor } from './sandbox-test-kit';

/** Retry schedule, deactivation rules and timeouts of docs/arqsign.md#delivery-retries-and-deactivation, compressed with timeScale. */

const SEND = '/api/v2/processo/enviar-documento-para-assinar';
/** 5 days of schedule → 3 s of real time (1 day = 600 ms, 5 min ≈ 2 ms). */
const TIME_SCALE = 3000 / (5 * 24 * 60 * 60_000);
const scaled = (minutes: number) => minutes * 60_000 * TIME_SCALE;

describe('retry schedule', () => {
  it('documents 14 attempts at 0, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 16 h, 1–5 days', () => {
    expect(RETRY_OFFSETS_MINUTES).toEqual([0, 5, 15, 30, 60, 120, 240, 480, 960, 1440, 2 * 1440, 3 * 1440, 4 * 1440, 5 * 1440]);
  });

  it('retries a 500 listener 14 times at the scaled offsets, then deactivates that trigger only', async () => {
    const sim = await startArqsignSimulator({ port: 0, timeScale: TIME_SCALE });
    const listener = await startListener((hook) => (hook.body.IdEvento === 1 ? 500 : 200));
    try {
      const api = apiClient(sim);
      const hook = await createWebhook(api, {
        nome: 'Falha',
        status: 1,
        urlPublicar: `${listener.url}/hook`,
        aguardarRetorno: true,
        gatilhos: [1, 3],
        dadosRetorno: TRACKING_RETURN,
      });
      const first = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com', 'b@example.com']))).body;
      const attempts = await waitFor(() => {
        const mine = listener.received.filter((h) => h.body.IdEvento === 1);
        return mine.length === 14 && mine;
      }, 8000, '14 attempts');

      const log = (await control(sim, 'GET', `/__sim/deliveries?processId=${first.IdProcesso}&trigger=1`)).body;
      expect(log.map((d: any) => [d.attempt, d.status, d.outcome])).toEqual(
        Array.from({ length: 14 }, (_, i) => [i + 1, 500, 'failed']),
      );
      RETRY_OFFSETS_MINUTES.forEach((minutes, i) => {
        const expected = scaled(minutes);
        // Same process, same clock: the simulator's attempt start times and the listener's receive times.
        const startedAfterFirst = log[i].realTime - log[0].realTime;
        const receivedAfterFirst = attempts[i].at - log[0].realTime;
        expect(startedAfterFirst).toBeGreaterThanOrEqual(expected - 1); // never early
        expect(receivedAfterFirst).toBeGreaterThanOrEqual(expected - 1);
        expect(receivedAfterFirst).toBeLessThanOrEqual(expected + 500);
      });
      // Every attempt re-sends the same event (only DataHoraAtual may change).
      const strip = (b: any) => ({ ...b, DataHoraAtual: undefined });
      expect(new Set(attempts.map((a) => JSON.stringify(strip(a.body)))).size).toBe(1);

      const listed = await waitFor(async () => {
        const config = (await api('GET', '/api/v1/confwebhook')).body[0];
        return config.gatilhos.find((t: any) => t.id === 1).ativo === false && config;
      }, 2000, 'trigger 1 inactive');
      expect(listed.status).toBe(1); // the configuration itself stays active
      expect(listed.gatilhos.find((t: any) => t.id === 3).ativo).toBe(true);

      // A new process no longer reaches trigger 1; trigger 3 still works.
      await new Promise((r) => setTimeout(r, scaled(5 * 1440) / 10));
      expect(listener.received.filter((h) => h.body.IdEvento === 1)).toHaveLength(14);
      const second = (await api('POST', SEND, simpleSendRequest(sim, ['c@example.com']))).body;
      expect((await control(sim, 'GET', `/__sim/events?processId=${second.IdProcesso}`)).body).toEqual([expect.objectContaining({ trigger: 1, webhookIds: [] })]);
      await act(sim, second.IdProcesso, { action: 'sign' });
      await waitFor(() => listener.received.some((h) => h.body.IdEvento === 3 && h.body.IdProcesso === second.IdProcesso), 2000, 'trigger 3');

      // Activating the configuration (3.16) re-activates its triggers.
      expect((await api('PATCH', `/api/v1/confwebhook/${hook.id}/alterar-status`, { status: 1 })).status).toBe(200);
      expect((await api('GET', '/api/v1/confwebhook')).body[0].gatilhos.every((t: any) => t.ativo)).toBe(true);
      const third = (await api('POST', SEND, simpleSendRequest(sim, ['d@example.com']))).body;
      await waitFor(() => listener.received.some((h) => h.body.IdEvento === 1 && h.body.IdProcesso === third.IdProcesso), 2000, 'trigger 1 again');
    } finally {
      await sim.close();
      await listener.close();
    }
  }, 20_000);

  it.each([401, 403, 404])('makes the configuration "Inativo por falhas" (3) after one attempt answered %i', async (status) => {
    const sim = await startArqsignSimulator({ port: 0, timeScale: TIME_SCALE });
    let answer = status;
    const listener = await startListener(() => answer);
    try {
      const api = apiClient(sim);
      const hook = await createWebhook(api, { nome: 'Some', status: 1, urlPublicar: `${listener.url}/gone`, gatilhos: [1, 3], dadosRetorno: TRACKING_RETURN });
      const sent = (await api('POST', SEND, simpleSendRequest(sim, ['a@example.com', 'b@example.com']))).body;
      await waitFor(async () => (await api('GET', '/api/v1/confwebhook')).body[0].status === 3, 2000, 'status 3');
      await act(sim, sent.IdProcesso, { action: 'sign' }); // trigger 3 is not delivered any more
      await new Promise((r) => setTimeout(r, scaled(120) + 50)); // well past attempts 2–6
      expect(listener.received).toHaveLength(1);
      const log = (await control(sim, 'GET', `/__sim/deliveries?webhookId=${hook.id}`)).body;
      expect(log.map((d: any) => [d.trigger, d.attempt, d.status, d.outcome])).toEqual([[1, 1, status, 'deactivated']]);

      answer = 200;
      expect((await api('PATCH', `/api/v1/confwebhook/${hook.id}/alterar-status`, { status: 1 })).status).toBe(200);
      await act(sim, sent.IdProcesso, { action: 'sign' });
      await waitFor(() => listener.received.length === 2, 2000, 'delivery after re-activation');
      expect(listener.received[1].body.IdEvento).toBe(3);
    } finally {
      await sim.close();
      await listener.close();
    }
  });
});

describe('timeouts and aguardarRetorno', () => {
  it('counts a timeout as delivered without aguardarRetorno and as a failure (retried) with it', async () => {
    const sim = await startArqsignSimulator({ port: 0, timeScale: TIME_SCALE, webhookTimeoutMs: 200 });
    const listener = await startListener(() => 'hang');
    try {
      const api = apiClient(sim);
      const lenient = await createWebhook(api, { nome: 'Sem espera', status: 1, urlPublicar: `${listener.url}/lenient`, aguardarRetorno: false, gatilhos: [1] });
      const strict = await createWebhook(api, { nome: 'Com espera', status: 1, urlPublicar: `${listener.url}/strict`, aguardarRetorno: true, gatilhos: [1] });
      await api('POST', SEND, simpleSendRequest(sim, ['a@example.com']));
      const deliveries = async (id: string) => (await control(sim, 'GET', `/__sim/deliveries?webhookId=${id}`)).body;
      await waitFor(async () => (await deliveries(strict.id)).length >= 2, 3000, 'a retried timeout');
      expect((await deliveries(strict.id)).slice(0, 2).map((d: any) => [d.attempt, d.status, d.outcome])).toEqual([
        [1, null, 'timeout'],
        [2, null, 'timeout'],
      ]);
      const lenientLog = await deliveries(lenient.id);
      expect(lenientLog.map((d: any) => [d.attempt, d.outcome])).toEqual([[1, 'timeout-accepted']]);
      expect(lenientLog[0].durationMs).toBeGreaterThanOrEqual(190);
    } finally {
      await sim.close(); // aborts the hanging requests and the pending retries
      await listener.close();
    }
  });
});

describe('clock advance and retry timers', () => {
  it('advancing the simulator clock pulls pending retries in (real-time schedule)', async () => {
    const sim = await startArqsignSimulator({ port: 0, timeScale: 1 });
    const listener = await startListener(() => 500);
    try {
      const api = apiClient(sim);
      await createWebhook(api, { nome: 'Relogio', status: 1, urlPublicar: `${listener.url}/clock`, aguardarRetorno: true, gatilhos: [1] });
      await api('POST', SEND, simpleSendRequest(sim, ['a@example.com']));
      await waitFor(() => listener.received.length === 1, 2000, 'attempt 1');
      await new Promise((r) => setTimeout(r, 100));
      expect(listener.received).toHaveLength(1); // attempt 2 is 5 real minutes away

      await control(sim, 'POST', '/__sim/clock', { advanceSeconds: 300 });
      await waitFor(() => listener.received.length === 2, 2000, 'attempt 2 after +5 min');
      await control(sim, 'POST', '/__sim/clock', { advanceSeconds: 86_400 });
      await waitFor(() => listener.received.length === 10, 3000, 'attempts 3–10 after +1 day');
      await new Promise((r) => setTimeout(r, 100));
      expect(listener.received).toHaveLength(10); // attempt 11 is due at 2 days
    } finally {
      await sim.close();
      await listener.close();
    }
  });
});
