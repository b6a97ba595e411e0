import { randomUUID } from 'node:crypto';
import { DurableEvent, DurableEvents } from '../../../src/events/durable-events';
import { ARQSIGN_EVENT_NAMES, ArqsignEventMap } from '../../../src/shared/events/arqsign-events';
import { WEBHOOK_PATH } from '../../../src/webhooks';
import { createProcess, deliveries, eventually, postWebhook, processUntil, startWebhookService, type WebhookTestService } from './support';

/**
 * The webhooks module seen from outside (docs/architecture.md#events): what it offers another module
 * is the durable `arqsign.*` events it publishes for verified deliveries (contracts in
 * src/shared/events/arqsign-events.ts) and, for operators, the deliveries with the outcome of
 * their events. A test consumer subscribes like signing-processes does.
 */
describe('webhooks public API: the arqsign.* events', () => {
  let t: WebhookTestService;
  const seen: DurableEvent<ArqsignEventMap[keyof ArqsignEventMap]>[] = [];

  beforeAll(async () => {
    t = await startWebhookService();
    t.service.app.get(DurableEvents).subscribe<ArqsignEventMap[keyof ArqsignEventMap]>('test.arqsign-observer', ARQSIGN_EVENT_NAMES, async (event) => void seen.push(event));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a signature reported by ArqSIGN is published once as arqsign.signer.signed, in ArqSIGN terms, without contact data', async () => {
    expect(WEBHOOK_PATH).toBe('webhooks/arqsign');
    const created = await createProcess(t, [{ name: 'Pia Publica', email: 'pia.publica@example.com' }, { name: 'Rui Publico', email: 'rui.publico@example.com' }]);
    await t.sim.act(created.arqsignProcessId, 'sign', { signer: 'pia.publica@example.com' });

    const event = await eventually(async () => seen.find((e) => e.name === 'arqsign.signer.signed' && e.payload.arqsignProcessId === created.arqsignProcessId), 'the arqsign.signer.signed event');
    const payload = event.payload as ArqsignEventMap['arqsign.signer.signed'];
    const delivery = (await deliveries(t, { processId: created.id, trigger: '3' }))[0];
    expect(delivery).toMatchObject({ state: 'PROCESSED', result: { published: 'arqsign.signer.signed', eventId: event.eventId } });
    expect(payload).toEqual({
      deliveryId: delivery.id,
      arqsignProcessId: created.arqsignProcessId,
      receivedAt: delivery.receivedAt,
      signers: [expect.objectContaining({ arqsignSignerId: created.signers[0].arqsignSignerId.toLowerCase(), signedAt: expect.any(String), refused: false })],
    });
    expect(JSON.stringify(payload)).not.toContain('@example.com');

    // signing-processes applied it and the delivery shows the outcome.
    await processUntil(t, created.id, (p) => p.signers[0].status === 'SIGNED', 'the signature applied');
    const applied = await eventually(async () => (await deliveries(t, { processId: created.id, trigger: '3' })).find((d) => d.outcome), 'the outcome');
    expect(applied.outcome).toEqual({ applied: ['signer-signed'] });
    expect(seen.filter((e) => e.payload.deliveryId === delivery.id)).toHaveLength(1);
  });

  it('a delivery with an event we do not know is published as arqsign.process.unrecognised (the process is re-read)', async () => {
    const created = await createProcess(t, [{ name: 'Ugo Unknown', email: 'ugo.unknown@example.com' }]);
    const body = JSON.stringify({ Evento: 'ProcessoInventado', IdEvento: 99, IdProcesso: created.arqsignProcessId, Marca: randomUUID() });
    const response = await postWebhook(t.http, body);
    expect(response.status).toBe(200);
    const event = await eventually(async () => seen.find((e) => e.name === 'arqsign.process.unrecognised' && e.payload.deliveryId === response.body.deliveryId), 'the unrecognised event');
    expect(event.payload).toMatchObject({ arqsignProcessId: created.arqsignProcessId, eventName: 'ProcessoInventado', trigger: 99 });
    const delivery = await eventually(async () => (await deliveries(t, { processId: created.id })).find((d) => d.id === response.body.deliveryId && d.outcome), 'the outcome');
    expect(delivery.outcome).toEqual({ synced: 'unknown event ProcessoInventado: re-read from ArqSIGN' });
  });
});
