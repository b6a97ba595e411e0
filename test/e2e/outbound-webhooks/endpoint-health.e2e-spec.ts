import request from 'supertest';
import { api, API_KEY, createProcess, eventually, startWebhookService, type WebhookTestService } from '../webhooks/support';
import { TestReceiver } from './receiver';

/** Issue 16: a slow endpoint does not delay another; a run of failures disables an endpoint; enabling resumes. */
describe('Outbound webhooks: slow and failing endpoints', () => {
  let t: WebhookTestService;

  beforeAll(async () => {
    t = await startWebhookService({ OUTBOUND_RETRY_BASE_MS: '200', OUTBOUND_DISABLE_AFTER_FAILURES: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function register(receiver: TestReceiver): Promise<any> {
    const created = await api(t.http).post('/v1/webhook-endpoints', { url: receiver.url });
    expect(created.status).toBe(201);
    receiver.secrets = [created.body.signingSecret];
    return created.body;
  }

  it('an endpoint that never answers does not delay another endpoint of the same client', async () => {
    const slow = await new TestReceiver().start();
    const fast = await new TestReceiver().start();
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let hanging = 0;
    slow.respond = async () => {
      hanging++;
      await released;
      return 204;
    };
    const slowEndpoint = await register(slow);
    const fastEndpoint = await register(fast);
    const processes: any[] = [];
    for (let i = 0; i < 4; i++) processes.push(await createProcess(t, [{ name: `Eva ${i}`, email: `eva${i}@example.com` }]));
    // Every message reaches the fast receiver while the slow one holds its requests open.
    await eventually(async () => processes.every((p) => fast.ofProcess(p.id).length >= 1), 'the fast endpoint to get every message', 10_000);
    expect(slow.messages).toHaveLength(0);
    expect(hanging).toBeGreaterThan(0);
    expect(hanging).toBeLessThanOrEqual(2); // at most 2 attempts per endpoint at once
    release();
    // Gone with their receivers: they must not count in the next test.
    for (const id of [slowEndpoint.id, fastEndpoint.id]) expect((await request(t.http).delete(`/v1/webhook-endpoints/${id}`).set('X-Api-Key', API_KEY)).status).toBe(204);
    await slow.stop();
    await fast.stop();
  }, 60_000);

  it('after OUTBOUND_DISABLE_AFTER_FAILURES failed attempts in a row the endpoint is disabled (log line, metric); enabling sends what waited', async () => {
    const receiver = await new TestReceiver().start();
    const endpoint = await register(receiver);
    let broken = true;
    receiver.respond = () => (broken ? 500 : 204);
    const process = await createProcess(t, [{ name: 'Fábio', email: 'fabio@example.com' }]);
    const disabled = await eventually(async () => {
      const response = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}`);
      return response.body.enabled === false ? response.body : undefined;
    }, 'the endpoint disabled after 3 failures', 20_000);
    expect(disabled.disabledReason).toBe('failures');
    expect(t.service.logLines.some((line) => line.includes(endpoint.id) && line.includes('disabled after 3 failed attempts'))).toBe(true);
    expect((await api(t.http).get('/metrics')).text).toMatch(/outbound_webhook_endpoints_disabled_total\{reason="failures"\} 1/);
    const log = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}/messages`);
    expect(log.body.items).toEqual([expect.objectContaining({ type: 'process.sent', state: 'PENDING', attempts: 3, lastStatus: 500 })]);

    broken = false;
    const enabled = await api(t.http).post(`/v1/webhook-endpoints/${endpoint.id}/enable`);
    expect(enabled.body).toEqual(expect.objectContaining({ enabled: true, disabledReason: null, consecutiveFailures: 0 }));
    await eventually(async () => receiver.ofProcess(process.id).length === 1, 'the waiting message after enabling');
    await receiver.stop();
  }, 60_000);
});
