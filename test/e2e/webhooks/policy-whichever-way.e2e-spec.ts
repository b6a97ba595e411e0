import { api, createProcess, getProcess, history, ofType, ourConfigs, processUntil, setConfigStatus, startWebhookService, type WebhookTestService } from './support';

/**
 * The automatic-reaction policy reacts to the domain fact, not to how it was learnt
 * (docs/architecture.md#automatic-reactions): a delivery failure that only a sync finds (the tracking
 * webhook is switched off at the simulator) gets the same automatic resend through the other
 * channel as one reported by the webhook (test/e2e/webhooks/ideal-flow.e2e-spec.ts).
 */
describe('Automatic reactions: a delivery failure learnt through sync', () => {
  let t: WebhookTestService;

  beforeAll(async () => {
    t = await startWebhookService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is resent over WhatsApp automatically (source policy), once, like one learnt through the webhook', async () => {
    const { tracking } = await ourConfigs(t);
    const created = await createProcess(t, [{ name: 'Maria Silva', email: 'maria.sync@example.com', phone: '+55 11 99999-0002' }]);
    await setConfigStatus(t, tracking.id, 2); // no tracking webhook: only a sync can learn the failure
    try {
      await t.sim.act(created.arqsignProcessId, 'fail-delivery', { signer: 'maria.sync@example.com' });
      expect((await getProcess(t, created.id)).signers[0].status).toBe('PENDING'); // nothing reported it

      const synced = await api(t.http).post(`/v1/processes/${created.id}/sync`).expect(200);
      expect(synced.body.signers[0].status).toBe('DELIVERY_FAILED');

      const resent = await processUntil(t, created.id, (p) => p.signers[0].delivery === 'WHATSAPP', 'the automatic resend over WhatsApp');
      expect(resent.signers[0].status).toBe('PENDING');
      const entries = await history(t, created.id);
      expect(ofType(entries, 'signer.delivery-failed')).toEqual([expect.objectContaining({ source: 'sync', data: expect.objectContaining({ channel: 'EMAIL' }) })]);
      expect(ofType(entries, 'process.resent')).toEqual([
        expect.objectContaining({
          source: 'policy',
          data: expect.objectContaining({ automatic: true, edits: [expect.objectContaining({ signerId: created.signers[0].id, delivery: 'WHATSAPP' })] }),
        }),
      ]);
      expect((await t.sim.process(created.arqsignProcessId)).signatarios[0].telefone).toBeTruthy();
    } finally {
      await setConfigStatus(t, tracking.id, 1);
    }
  });
});
