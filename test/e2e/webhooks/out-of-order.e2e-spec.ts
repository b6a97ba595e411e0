import request from 'supertest';
import { webhookExample } from '../../../src/webhooks/testing/examples';
import { createProcess, deliveries, eventually, getProcess, history, ofType, postWebhook, processUntil, startWebhookService, type WebhookTestService } from './support';

/** ArqSIGN calls our client made, except the periodic webhook-configuration check. */
async function arqsignCalls(t: WebhookTestService): Promise<number> {
  const text = (await request(t.http).get('/metrics')).text;
  return text
    .split('\n')
    .filter((line) => line.startsWith('arqsign_client_requests_total{') && !line.includes('endpoint="listWebhookConfigs"'))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/).pop()), 0);
}

/** ArqSIGN's date format in webhooks: whole seconds, no zone. */
const arqsignDate = (date: Date) => date.toISOString().slice(0, 19);

/**
 * Issue 11, "done when": late "expired" (6) and "resent" (7) events — ArqSIGN retries a failed
 * delivery for days — never move a process backwards, never trigger an automatic reaction, and
 * cost no ArqSIGN call; the delivery records them as stale.
 */
describe('Webhook receiver: stale events out of order (sandbox)', () => {
  let t: WebhookTestService;

  beforeAll(async () => {
    t = await startWebhookService({ AUTO_RENEW_ON_EXPIRY_MAX: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function late(trigger: 6 | 7, arqsignProcessId: string, edit: (json: Record<string, any>) => void) {
    const json = webhookExample(trigger === 6 ? 'webhook-expired.json' : 'webhook-resent.json');
    json.IdProcesso = arqsignProcessId;
    json.IdConta = t.service.config.arqsign.accountId;
    json.Signatarios = [];
    edit(json);
    const response = await postWebhook(t.http, JSON.stringify(json));
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('RECEIVED');
    return eventually(async () => (await deliveries(t, { trigger: String(trigger) })).find((d) => d.id === response.body.deliveryId && d.state === 'PROCESSED' && d.outcome), 'the late delivery applied', 15_000);
  }

  it('an "expired" from before the renewal leaves the process IN_PROGRESS, is recorded as stale, and causes no ArqSIGN call; so does a late "resent" after the next expiry', async () => {
    const created = await createProcess(t, [{ name: 'Olga Ordem', email: 'olga.ordem@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'expire');
    // The automatic renewal (a resend in ArqSIGN) and its echo ("resent" webhook) are done.
    await eventually(async () => (await getProcess(t, created.id)).status === 'IN_PROGRESS' && ofType(await history(t, created.id), 'process.resent').length === 1, 'the renewal');
    await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '7' })).some((d) => d.state === 'PROCESSED' && d.outcome), 'the echo of the renewal');
    const renewedAt = new Date(ofType(await history(t, created.id), 'process.resent')[0].occurredAt);
    const before = await history(t, created.id);
    const calls = await arqsignCalls(t);

    // ArqSIGN retried an "expired" of the old deadline (a day before the renewal).
    const staleExpiry = await late(6, created.arqsignProcessId, (json) => (json.DataExpiracao = arqsignDate(new Date(renewedAt.getTime() - 86_400_000))));
    expect(staleExpiry.outcome).toMatchObject({ stale: expect.stringContaining('not after the last resend') });
    expect(staleExpiry.outcome.reactions ?? []).toEqual([]);
    expect((await getProcess(t, created.id)).status).toBe('IN_PROGRESS');
    expect(await history(t, created.id)).toEqual(before);
    expect(await arqsignCalls(t)).toBe(calls);

    // A real second expiry: EXPIRED, no second renewal (AUTO_RENEW_ON_EXPIRY_MAX = 1).
    await t.sim.act(created.arqsignProcessId, 'expire');
    await processUntil(t, created.id, (p) => p.status === 'EXPIRED', 'EXPIRED again');
    const expiredAgain = await history(t, created.id);
    const callsAfterExpiry = await arqsignCalls(t);

    // ArqSIGN retried a "resent" from before that expiry (the day of the first deadline).
    const staleResend = await late(7, created.arqsignProcessId, (json) => (json.DataReenvio = arqsignDate(new Date(renewedAt.getTime() - 86_400_000))));
    expect(staleResend.outcome).toMatchObject({ stale: expect.any(String) });
    expect((await getProcess(t, created.id)).status).toBe('EXPIRED');
    expect(await history(t, created.id)).toEqual(expiredAgain);
    expect(await arqsignCalls(t)).toBe(callsAfterExpiry);
  });
});
