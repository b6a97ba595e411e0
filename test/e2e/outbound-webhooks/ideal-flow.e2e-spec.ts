import { Webhook } from 'standardwebhooks';
import { api, createProcess, eventually, processUntil, startWebhookService, type WebhookTestService } from '../webhooks/support';
import { TestReceiver } from './receiver';

/**
 * Issue 16, "done when": with an endpoint registered, one ideal flow (two signers, a delivery
 * failure and its automatic resend, conclusion, archive) delivers every message, each verified
 * with the `standardwebhooks` package, ids unique, sequence increasing per process.
 */
describe('Outbound webhooks: the ideal flow reaches a registered endpoint', () => {
  let t: WebhookTestService;
  const receiver = new TestReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startWebhookService({ OUTBOUND_RETRY_BASE_MS: '200' });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('delivers sent, delivery_failed, renewed, signer_signed ×2, completed and archived — signed, unique, ordered', async () => {
    const created = await api(t.http).post('/v1/webhook-endpoints', { url: receiver.url, description: 'ERP' });
    expect(created.status).toBe(201);
    expect(created.body.signingSecret).toMatch(/^whsec_/);
    receiver.secrets = [created.body.signingSecret];

    const process = await createProcess(t, [
      { name: 'Maria Silva', email: 'maria.out@example.com', phone: '+55 11 99999-0101' },
      { name: 'João Souza', email: 'joao.out@example.com' },
    ]);
    await t.sim.act(process.arqsignProcessId, 'fail-delivery', { signer: 'maria.out@example.com' });
    await processUntil(t, process.id, (p) => p.signers[0].delivery === 'WHATSAPP', 'the automatic resend');
    await t.sim.act(process.arqsignProcessId, 'sign', { signer: process.signers[0].arqsignSignerId });
    await processUntil(t, process.id, (p) => p.signers[0].status === 'SIGNED', 'the first signature');
    await t.sim.act(process.arqsignProcessId, 'sign', { signer: 'joao.out@example.com' });
    await processUntil(t, process.id, (p) => p.archive?.status === 'STORED', 'the archive', 60_000);

    const expected = ['process.sent', 'process.delivery_failed', 'process.renewed', 'process.signer_signed', 'process.signer_signed', 'process.completed', 'process.archived'];
    const messages = await eventually(async () => (receiver.ofProcess(process.id).length >= expected.length ? receiver.ofProcess(process.id) : undefined), 'every message at the receiver', 30_000);
    expect(receiver.rejected).toEqual([]);
    const ordered = [...messages].sort((a, b) => a.sequence - b.sequence);
    expect(ordered.map((m) => m.type)).toEqual(expected);
    // Unique ids (a retry would repeat one; none was needed here), equal to the webhook-id header.
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    for (const m of messages) expect(m.headers['webhook-id']).toBe(m.id);
    // Sequence strictly increasing per process, in the order the changes happened.
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].sequence).toBeGreaterThan(ordered[i - 1].sequence);
    // The payload is the REST representation at that moment.
    const completed = ordered.find((m) => m.type === 'process.completed')!;
    expect(completed.data.process).toEqual(expect.objectContaining({ id: process.id, status: 'COMPLETED' }));
    expect(completed.data.change).toEqual(expect.objectContaining({ type: 'process.completed', toStatus: 'COMPLETED' }));
    const archived = ordered.find((m) => m.type === 'process.archived')!;
    expect(archived.data.process.archive.status).toBe('STORED');
    expect(ordered[0].data.process.status).toBe('IN_PROGRESS');

    // A consumer with another secret rejects them: the signature really depends on the secret.
    const raw = JSON.stringify({ id: completed.id, type: completed.type, timestamp: completed.timestamp, sequence: completed.sequence, data: completed.data });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(raw, completed.headers)).toThrow();

    // The message log shows each delivered, with its attempt.
    const endpointId = created.body.id;
    const log = await api(t.http).get(`/v1/webhook-endpoints/${endpointId}/messages?limit=200`);
    expect(log.status).toBe(200);
    const ours = log.body.items.filter((d: any) => d.processId === process.id);
    expect(ours).toHaveLength(expected.length);
    expect(ours.every((d: any) => d.state === 'DELIVERED' && d.attempts === 1 && d.lastStatus === 204)).toBe(true);
    const detail = await api(t.http).get(`/v1/webhook-endpoints/${endpointId}/messages/${completed.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attemptLog).toEqual([expect.objectContaining({ status: 204, outcome: 'delivered' })]);
    expect(detail.body.message).toEqual({ id: completed.id, type: completed.type, timestamp: completed.timestamp, sequence: completed.sequence, data: completed.data });

    // Replay: the same message (same id) again.
    const before = receiver.messages.filter((m) => m.id === completed.id).length;
    const replay = await api(t.http).post(`/v1/webhook-endpoints/${endpointId}/messages/${completed.id}/replay`);
    expect(replay.status).toBe(202);
    await eventually(async () => receiver.messages.filter((m) => m.id === completed.id).length > before, 'the replayed message');

    // Metrics.
    const metrics = await api(t.http).get('/metrics');
    expect(metrics.text).toMatch(/outbound_webhook_delivered_total\{endpoint="[0-9a-f-]+"\} \d+/);
    expect(metrics.text).toMatch(/outbound_webhook_attempt_duration_seconds_count\{outcome="delivered"\} \d+/);
    // The messages were written by the durable consumer of signing.process.changed (docs/durable-events.md).
    expect(metrics.text).toMatch(/durable_events_consumed_total\{consumer="notifications.outbox"\} [1-9]\d*/);
    expect(metrics.text).toMatch(/durable_events_consumed_total\{consumer="storage.archive"\} [1-9]\d*/);
    expect(metrics.text).toContain('durable_events_dead{consumer="notifications.outbox"} 0');
  });
});
