import { EventEmitter2 } from '@nestjs/event-emitter';
import { createProcess, deliveries, eventually, getProcess, history, ofType, processUntil, startWebhookService, type WebhookTestService } from './support';

/**
 * Issue 6, "done when": every path of ArqSIGN's ideal flow, end to end. The simulator (sandbox
 * mode) sends real HMAC-signed webhooks to the configurations the service provisioned at start;
 * the processes are created through `POST /v1/processes` and driven with the simulator's
 * control API; our API is polled until the expected state.
 */
describe('Webhook receiver: the ideal flow (sandbox, real signed webhooks)', () => {
  let t: WebhookTestService;

  beforeAll(async () => {
    t = await startWebhookService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('two signers sign → COMPLETED with both signedAt, one history entry per event, all from webhooks', async () => {
    const published: { name: string; processId: string }[] = [];
    const emitter = t.service.app.get(EventEmitter2);
    for (const name of ['signing.signer.signed', 'signing.process.completed'] as const) emitter.on(name, (event: { processId: string }) => published.push({ name, processId: event.processId }));
    const created = await createProcess(t, [
      { name: 'Maria Silva', email: 'maria@example.com' },
      { name: 'João Souza', email: 'joao@example.com' },
    ]);
    await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'maria@example.com' });
    await processUntil(t, created.id, (p) => p.signers[0].status === 'SIGNED', 'the first signature');
    await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'joao@example.com' });

    const done = await processUntil(t, created.id, (p) => p.status === 'COMPLETED', 'COMPLETED');
    expect(done.signers.map((s: any) => s.status)).toEqual(['SIGNED', 'SIGNED']);
    for (const signer of done.signers) expect(new Date(signer.signedAt).getTime()).toBeGreaterThan(0);

    const entries = await history(t, created.id);
    const signed = ofType(entries, 'signer.signed');
    expect(signed).toHaveLength(2);
    expect(signed.map((e) => e.source)).toEqual(['webhook', 'webhook']);
    expect(ofType(entries, 'process.completed')).toEqual([expect.objectContaining({ source: 'webhook', fromStatus: 'IN_PROGRESS', toStatus: 'COMPLETED' })]);
    expect(ofType(entries, 'event.ignored')).toEqual([]);
    // Domain events after each commit, once each (the storage module archives on `signing.process.completed`).
    expect(published.filter((e) => e.processId === created.id).map((e) => e.name)).toEqual(['signing.signer.signed', 'signing.signer.signed', 'signing.process.completed']);

    // Trigger 1 (sent), 3 (×2) and 8 reached the inbox and were processed, nothing else.
    const rows = await eventually(async () => {
      const list = await deliveries(t, { processId: created.id });
      return list.length >= 4 && list.every((d) => d.state === 'PROCESSED') ? list : undefined;
    }, 'the deliveries PROCESSED');
    expect(rows.map((d) => d.trigger).sort()).toEqual([1, 3, 3, 8]);
    expect(rows.every((d) => d.signature.valid && /^stored#/.test(d.signature.matchedSecret))).toBe(true);
  });

  it('a delivery failure for a signer whose phone is known → resent over WhatsApp automatically (source policy), once', async () => {
    const created = await createProcess(t, [{ name: 'Maria Silva', email: 'maria.fail@example.com', phone: '+55 11 99999-0001' }]);
    await t.sim.act(created.arqsignProcessId, 'fail-delivery', { signer: 'maria.fail@example.com' });

    const resent = await processUntil(t, created.id, (p) => p.signers[0].delivery === 'WHATSAPP', 'the automatic resend over WhatsApp');
    expect(resent.status).toBe('IN_PROGRESS');
    expect(resent.signers[0].status).toBe('PENDING');

    const entries = await history(t, created.id);
    expect(ofType(entries, 'signer.delivery-failed')).toEqual([expect.objectContaining({ source: 'webhook', data: expect.objectContaining({ channel: 'EMAIL' }) })]);
    // The simulator's "resent" webhook (trigger 7) echoes the policy's resend: one entry, not two.
    await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '7' })).find((d) => d.state === 'PROCESSED' && d.outcome), 'the resent echo processed');
    const resends = ofType(await history(t, created.id), 'process.resent');
    expect(resends).toEqual([
      expect.objectContaining({
        source: 'policy',
        data: expect.objectContaining({ automatic: true, edits: [expect.objectContaining({ signerId: created.signers[0].id, delivery: 'WHATSAPP' })] }),
      }),
    ]);
    // ArqSIGN now delivers over WhatsApp: the simulator has the phone as the signer's contact.
    const simState = await t.sim.process(created.arqsignProcessId);
    expect(simState.signatarios[0].telefone).toBeTruthy();

    // A second failure (now on WhatsApp) is recorded but not resent again: "resend once".
    await t.sim.act(created.arqsignProcessId, 'fail-delivery', { signer: created.signers[0].arqsignSignerId });
    await processUntil(t, created.id, (p) => p.signers[0].status === 'DELIVERY_FAILED', 'the second delivery failure');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ofType(await history(t, created.id), 'process.resent')).toHaveLength(1);
    expect((await getProcess(t, created.id)).signers[0].status).toBe('DELIVERY_FAILED');
  });

  it('expiry → renewed once automatically (source policy), then signing completes', async () => {
    const created = await createProcess(t, [{ name: 'Ana Prazo', email: 'ana.prazo@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'expire');

    await eventually(async () => ofType(await history(t, created.id), 'process.resent').length === 1, 'the automatic renewal');
    const renewed = await processUntil(t, created.id, (p) => p.status === 'IN_PROGRESS', 'IN_PROGRESS again');
    expect(renewed.status).toBe('IN_PROGRESS');
    const entries = await history(t, created.id);
    expect(ofType(entries, 'process.expired')).toEqual([expect.objectContaining({ source: 'webhook', toStatus: 'EXPIRED' })]);
    expect(ofType(entries, 'process.resent')).toEqual([expect.objectContaining({ source: 'policy', fromStatus: 'EXPIRED', toStatus: 'IN_PROGRESS', data: expect.objectContaining({ automatic: true, edits: [] }) })]);

    await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'ana.prazo@example.com' });
    const done = await processUntil(t, created.id, (p) => p.status === 'COMPLETED', 'COMPLETED after the renewal');
    expect(done.signers[0].signedAt).toBeTruthy();
    // The simulator's "resent" webhook for the renewal is the echo of the policy's resend: nothing added.
    const echo = await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '7' })).find((d) => d.state === 'PROCESSED' && d.outcome), 'the resent echo applied');
    expect(echo.outcome).toMatchObject({ resendEcho: true });
    const final = await history(t, created.id);
    expect(ofType(final, 'process.resent')).toHaveLength(1);
    expect(ofType(final, 'event.ignored')).toEqual([]);
  });

  it('a second expiry is not renewed (AUTO_RENEW_ON_EXPIRY_MAX = 1): the process stays EXPIRED', async () => {
    const created = await createProcess(t, [{ name: 'Bruno Prazo', email: 'bruno.prazo@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'expire');
    await eventually(async () => (await getProcess(t, created.id)).status === 'IN_PROGRESS' && ofType(await history(t, created.id), 'process.resent').length === 1, 'the first renewal');
    await t.sim.act(created.arqsignProcessId, 'expire');
    await processUntil(t, created.id, (p) => p.status === 'EXPIRED', 'EXPIRED again');
    const second = await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '6' })).filter((d) => d.state === 'PROCESSED' && d.outcome), 'both expiries processed');
    expect(second.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await getProcess(t, created.id)).status).toBe('EXPIRED');
    expect(ofType(await history(t, created.id), 'process.resent')).toHaveLength(1);
    expect(ofType(await history(t, created.id), 'process.expired')).toHaveLength(2);
  });

  it('refusal → REFUSED with the reason kept', async () => {
    const created = await createProcess(t, [{ name: 'Carla Recusa', email: 'carla@example.com' }, { name: 'Davi', email: 'davi@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'refuse', { signer: 'carla@example.com', reason: 'Valor do contrato incorreto' });

    const refused = await processUntil(t, created.id, (p) => p.status === 'REFUSED', 'REFUSED');
    expect(refused.refusal).toEqual({ signerId: created.signers[0].id, reason: 'Valor do contrato incorreto' });
    expect(refused.signers[0]).toMatchObject({ status: 'REFUSED', refusalReason: 'Valor do contrato incorreto' });
    expect(ofType(await history(t, created.id), 'process.refused')).toEqual([
      expect.objectContaining({ source: 'webhook', toStatus: 'REFUSED', data: { signerId: created.signers[0].id, reason: 'Valor do contrato incorreto' } }),
    ]);
  });

  it("cancellation in ArqSIGN's web app → CANCELLED", async () => {
    const created = await createProcess(t, [{ name: 'Eva', email: 'eva@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'cancel');
    await processUntil(t, created.id, (p) => p.status === 'CANCELLED', 'CANCELLED');
    expect(ofType(await history(t, created.id), 'process.cancelled')).toEqual([expect.objectContaining({ source: 'webhook', fromStatus: 'IN_PROGRESS', toStatus: 'CANCELLED' })]);
  });
});
