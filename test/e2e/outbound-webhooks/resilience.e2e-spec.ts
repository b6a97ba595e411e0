import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { api, createProcess, eventually, processUntil, startWebhookService, type WebhookTestService } from '../webhooks/support';
import { TestReceiver } from './receiver';

const OTHER_KEY = 'other-client-key';
const other = (t: WebhookTestService) => ({
  get: (path: string) => request(t.http).get(path).set('X-Api-Key', OTHER_KEY),
  post: (path: string, body?: object) => request(t.http).post(path).set('X-Api-Key', OTHER_KEY).send(body ?? {}),
  patch: (path: string, body: object) => request(t.http).patch(path).set('X-Api-Key', OTHER_KEY).send(body),
  delete: (path: string) => request(t.http).delete(path).set('X-Api-Key', OTHER_KEY),
});

/** Issue 16: retries until a receiver comes back, client isolation, secret rotation, 410, ping, URL rules. */
describe('Outbound webhooks: retries, isolation and endpoint management', () => {
  let t: WebhookTestService;

  beforeAll(async () => {
    t = await startWebhookService({ API_KEYS: `sandbox:sandbox-key,other:${OTHER_KEY}`, ADMIN_CLIENTS: 'sandbox', OUTBOUND_RETRY_BASE_MS: '200' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function register(receiver: TestReceiver, body: object = {}): Promise<any> {
    const created = await api(t.http).post('/v1/webhook-endpoints', { url: receiver.url, ...body });
    expect(created.status).toBe(201);
    receiver.secrets = [created.body.signingSecret];
    return created.body;
  }

  it('a receiver down for the first attempts (503, then not listening) gets every message once it is up', async () => {
    const receiver = await new TestReceiver().start();
    const endpoint = await register(receiver);
    let refusals = 0;
    receiver.respond = () => (refusals++ < 3 ? 503 : 204);
    const process = await createProcess(t, [{ name: 'Ana Lima', email: 'ana.down@example.com' }]);
    await eventually(async () => refusals >= 1, 'a first refused attempt');
    // Now nobody listens at all: connection refused.
    const port = receiver.port;
    await receiver.stop();
    await t.sim.act(process.arqsignProcessId, 'sign', { signer: 'ana.down@example.com' });
    await processUntil(t, process.id, (p) => p.archive?.status === 'STORED', 'the archive', 60_000);
    const pending = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}/messages?state=PENDING`);
    expect(pending.body.items.length).toBeGreaterThan(0);
    await receiver.start(port);

    const expected = ['process.sent', 'process.signer_signed', 'process.completed', 'process.archived'];
    const got = await eventually(async () => (new Set(receiver.types(process.id)).size >= expected.length ? receiver.ofProcess(process.id) : undefined), 'every message after the receiver came back', 60_000);
    expect([...got].sort((a, b) => a.sequence - b.sequence).map((m) => m.type)).toEqual(expected);
    const log = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}/messages/${got.find((m) => m.type === 'process.sent')!.id}`);
    expect(log.body.attemptLog.length).toBeGreaterThan(1);
    expect(log.body.attemptLog[0]).toEqual(expect.objectContaining({ status: 503, outcome: 'retry' }));
    expect(log.body.attemptLog.at(-1)).toEqual(expect.objectContaining({ status: 204, outcome: 'delivered' }));
    await receiver.stop();
  }, 120_000);

  it("client B's calls on A's endpoints answer 404, and A's endpoint never receives B's processes", async () => {
    const receiverA = await new TestReceiver().start();
    const receiverB = await new TestReceiver().start();
    const endpointA = await register(receiverA);
    const createdB = await other(t).post('/v1/webhook-endpoints', { url: receiverB.url });
    expect(createdB.status).toBe(201);
    receiverB.secrets = [createdB.body.signingSecret];

    const base = `/v1/webhook-endpoints/${endpointA.id}`;
    expect((await other(t).get(base)).status).toBe(404);
    expect((await other(t).get(base)).body.code).toBe('WEBHOOK_ENDPOINT.NOT_FOUND');
    expect((await other(t).patch(base, { description: 'mine now' })).status).toBe(404);
    for (const action of ['enable', 'disable', 'rotate-secret', 'ping']) expect((await other(t).post(`${base}/${action}`)).status).toBe(404);
    expect((await other(t).get(`${base}/messages`)).status).toBe(404);
    expect((await other(t).delete(base)).status).toBe(404);
    expect((await other(t).get('/v1/webhook-endpoints')).body.items.map((e: any) => e.id)).toEqual([createdB.body.id]);
    expect((await api(t.http).get(`/v1/webhook-endpoints/${createdB.body.id}`)).status).toBe(404);

    // A process of client B ("other") reaches B only; A's process reaches A only.
    const pdf = t.pdf.toString('base64');
    const processB = await other(t).post('/v1/processes', { name: 'Contrato B', documents: [{ fileName: 'b.pdf', contentBase64: pdf }], signers: [{ name: 'Bia', email: 'bia@example.com' }] });
    expect(processB.status).toBe(201);
    const processA = await createProcess(t, [{ name: 'Caio', email: 'caio@example.com' }]);
    await eventually(async () => receiverB.ofProcess(processB.body.id).length >= 1 && receiverA.ofProcess(processA.id).length >= 1, 'each client its own message');
    // B's message id is not in A's log, and A cannot replay it.
    const messageB = receiverB.ofProcess(processB.body.id)[0];
    expect((await api(t.http).post(`${base}/messages/${messageB.id}/replay`)).status).toBe(404);
    expect(receiverA.messages.every((m) => m.data.process.clientName === 'sandbox')).toBe(true);
    expect(receiverB.messages.every((m) => m.data.process.clientName === 'other')).toBe(true);
    expect(receiverA.ofProcess(processB.body.id)).toEqual([]);
    await receiverA.stop();
    await receiverB.stop();
  }, 60_000);

  it('rotating the secret signs with both during the overlap; 410 disables the endpoint; ping; event type filter', async () => {
    const receiver = await new TestReceiver().start();
    const endpoint = await register(receiver, { eventTypes: ['process.signer_signed'] });
    const oldSecret = endpoint.signingSecret;
    const rotated = await api(t.http).post(`/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.signingSecret).not.toBe(oldSecret);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Ping: signed with both secrets; each verifies on its own.
    receiver.secrets = [rotated.body.signingSecret];
    const ping = await api(t.http).post(`/v1/webhook-endpoints/${endpoint.id}/ping`);
    expect(ping.body).toEqual(expect.objectContaining({ status: 204, delivered: true }));
    const pinged = receiver.messages.find((m) => m.id === ping.body.messageId)!;
    expect(pinged.type).toBe('webhook.ping');
    expect(pinged.headers['webhook-signature'].split(' ')).toHaveLength(2);
    const raw = JSON.stringify({ id: pinged.id, type: pinged.type, timestamp: pinged.timestamp, data: pinged.data });
    expect(new Webhook(oldSecret).verify(raw, pinged.headers)).toBeTruthy();

    // Only the subscribed type arrives; then 410 disables the endpoint.
    receiver.respond = (m) => (m.type === 'process.signer_signed' ? 410 : 204);
    const process = await createProcess(t, [{ name: 'Duda', email: 'duda@example.com' }]);
    await t.sim.act(process.arqsignProcessId, 'sign', { signer: 'duda@example.com' });
    const disabled = await eventually(async () => {
      const response = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}`);
      return response.body.enabled === false ? response.body : undefined;
    }, 'the endpoint disabled by 410');
    expect(disabled.disabledReason).toBe('gone');
    const log = await api(t.http).get(`/v1/webhook-endpoints/${endpoint.id}/messages`);
    expect(log.body.items.map((d: any) => [d.type, d.state, d.lastStatus])).toEqual([['process.signer_signed', 'FAILED', 410]]);
    const metrics = await api(t.http).get('/metrics');
    expect(metrics.text).toMatch(/outbound_webhook_endpoints_disabled_total\{reason="gone"\} 1/);
    await receiver.stop();
  }, 60_000);

  it('refuses URLs that are not https or point at non-public addresses (422), validates input (400)', async () => {
    const cases = ['ftp://example.com/x', 'http://example.com/hook', 'https://user:pw@example.com/x', 'https://10.0.0.5/x', 'https://169.254.169.254/latest', 'https://[fd00::1]/x'];
    for (const url of cases) {
      const response = await api(t.http).post('/v1/webhook-endpoints', { url });
      expect([url, response.status, response.body.code]).toEqual([url, 422, 'WEBHOOK_ENDPOINT.URL_NOT_ALLOWED']);
    }
    const badType = await api(t.http).post('/v1/webhook-endpoints', { url: 'https://example.com/x', eventTypes: ['process.nope'] });
    expect([badType.status, badType.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    const missing = await api(t.http).post('/v1/webhook-endpoints', {});
    expect(missing.status).toBe(400);
    expect((await api(t.http).get('/v1/webhook-endpoints/not-a-uuid')).status).toBe(404);
  });
});
