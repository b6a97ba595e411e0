import { CONCLUSION_LINKS_RETURN, createWebhook, startListener, TRACKING_RETURN, type ReceivedWebhook, type RecordingListener } from '../../integration/sandbox/sandbox-test-kit';
import {
  createProcess,
  deliveries,
  eventually,
  history,
  ofType,
  ourConfigs,
  postWebhook,
  processUntil,
  setConfigStatus,
  startWebhookService,
  type WebhookTestService,
} from './support';

/**
 * Issue 6, "done when": redeliveries of one event change the process once and add one history
 * entry; genuinely different events are never merged. The real payloads come from the simulator
 * through an extra webhook configuration pointing at a recording listener (a "capture"); the test
 * then delivers those exact bytes to our receiver, several times, signed with a configured secret.
 */
describe('Webhook receiver: duplicates without an event id (sandbox)', () => {
  let t: WebhookTestService;
  let listener: RecordingListener;
  /** Capture path → how many attempts to fail with 500 before answering 200. */
  const failFirst = new Map<string, number>();
  const attempts = new Map<string, number>();

  const captured = (path: string) => listener.received.filter((hook) => hook.path === path);
  const capture = async (path: string, gatilhos: number[], dadosRetorno: object) =>
    createWebhook(t.arqsign, { nome: `capture ${path}`, status: 1, urlPublicar: `${listener.url}${path}`, aguardarRetorno: true, gatilhos, dadosRetorno });

  beforeAll(async () => {
    listener = await startListener((hook: ReceivedWebhook) => {
      const n = (attempts.get(hook.path) ?? 0) + 1;
      attempts.set(hook.path, n);
      return n <= (failFirst.get(hook.path) ?? 0) ? 500 : 200;
    });
    t = await startWebhookService();
  });
  afterAll(async () => {
    await t?.close();
    await listener?.close();
  });

  it('the same conclusion delivered 5 times concurrently → one transition and one history entry', async () => {
    const { conclusion } = await ourConfigs(t);
    await capture('/conclusion', [8], CONCLUSION_LINKS_RETURN);
    const created = await createProcess(t, [{ name: 'Maria', email: 'maria.dup@example.com' }]);
    await setConfigStatus(t, conclusion.id, 2); // only the capture gets the conclusion
    try {
      await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'maria.dup@example.com' });
      const [hook] = await eventually(async () => captured('/conclusion').length === 1 && captured('/conclusion'), 'the captured conclusion');
      expect(hook.body.IdEvento).toBe(8);

      const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook(t.http, hook.raw)));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(responses.map((r) => r.body.state).sort()).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'RECEIVED']);

      await processUntil(t, created.id, (p) => p.status === 'COMPLETED', 'COMPLETED');
      const rows = await eventually(async () => {
        const list = await deliveries(t, { processId: created.id, trigger: '8' });
        return list.some((d) => d.state === 'PROCESSED' && d.outcome) ? list : undefined;
      }, 'the conclusion processed');
      const original = rows.find((d) => d.state === 'PROCESSED');
      const duplicates = (await deliveries(t, { trigger: '8', state: 'DUPLICATE' })).filter((d) => d.arqsignProcessId === created.arqsignProcessId);
      expect(duplicates).toHaveLength(4);
      expect(duplicates.every((d) => d.duplicateOf === original.id && d.dedupKey === original.dedupKey)).toBe(true);

      const entries = await history(t, created.id);
      expect(ofType(entries, 'process.completed')).toHaveLength(1);
      expect(ofType(entries, 'event.ignored')).toEqual([]);
    } finally {
      await setConfigStatus(t, conclusion.id, 1);
    }
  });

  it('two resends are two events: never merged (two history entries)', async () => {
    const created = await createProcess(t, [{ name: 'Rita', email: 'rita.resend@example.com' }]);
    // Resent twice in ArqSIGN itself (not through us): each is a genuine event for the history.
    for (let i = 0; i < 2; i++) {
      const response = await t.arqsign('PATCH', `/api/v2/processo/${created.arqsignProcessId}/reenviar-processo`, []);
      expect(response.status).toBe(200);
      // ArqSIGN's dates have whole seconds: the second resend happens in a later second.
      if (i === 0) await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    const rows = await eventually(async () => {
      const list = (await deliveries(t, { processId: created.id, trigger: '7' })).filter((d) => d.state === 'PROCESSED' && d.outcome);
      return list.length === 2 ? list : undefined;
    }, 'two resent deliveries processed');
    expect(rows[0].dedupKey).not.toBe(rows[1].dedupKey);
    expect(ofType(await history(t, created.id), 'process.resent')).toEqual([
      expect.objectContaining({ source: 'webhook' }),
      expect.objectContaining({ source: 'webhook' }),
    ]);
  });

  it("the same tracking event 14 times (ArqSIGN's own retries over five days) → one transition and one history entry", async () => {
    const { tracking } = await ourConfigs(t);
    failFirst.set('/tracking', 13); // the capture fails 13 times: ArqSIGN retries on its schedule
    await capture('/tracking', [3], TRACKING_RETURN);
    const created = await createProcess(t, [
      { name: 'Ana', email: 'ana.retry@example.com' },
      { name: 'Beto', email: 'beto.retry@example.com' },
    ]);
    await setConfigStatus(t, tracking.id, 2); // only the capture gets the signature
    let hooks: ReceivedWebhook[];
    try {
      await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'ana.retry@example.com' });
      await eventually(async () => captured('/tracking').length === 1, 'the first attempt');
      // Five days of ArqSIGN's retry schedule, at once: the 13 remaining attempts fire one after another.
      const clock = await fetch(`${t.service.simulator!.url}/__sim/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 6 * 24 * 3600 }) });
      expect(clock.status).toBe(200);
      hooks = await eventually(async () => captured('/tracking').length === 14 && captured('/tracking'), '14 attempts');
    } finally {
      await setConfigStatus(t, tracking.id, 1);
    }
    // Retries regenerate DataHoraAtual: the bytes differ, the event is the same.
    expect(new Set(hooks.map((h) => h.body.DataHoraAtual)).size).toBeGreaterThan(1);
    expect(new Set(hooks.map((h) => h.raw.toString('base64'))).size).toBeGreaterThan(1);

    const responses = await Promise.all(hooks.map((hook) => postWebhook(t.http, hook.raw)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.state === 'RECEIVED')).toHaveLength(1);
    expect(responses.filter((r) => r.body.state === 'DUPLICATE')).toHaveLength(13);

    const signed = await processUntil(t, created.id, (p) => p.signers[0].status === 'SIGNED', 'the signature applied');
    expect(signed.signers[1].status).toBe('PENDING');
    await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '3' })).some((d) => d.state === 'PROCESSED' && d.outcome), 'processed');
    const entries = await history(t, created.id);
    expect(ofType(entries, 'signer.signed')).toEqual([expect.objectContaining({ source: 'webhook', data: expect.objectContaining({ signerId: created.signers[0].id }) })]);
    expect(ofType(entries, 'event.ignored')).toEqual([]);
  });
});
