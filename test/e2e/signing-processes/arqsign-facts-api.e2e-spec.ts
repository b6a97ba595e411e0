import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DurableEvents } from '../../../src/events/durable-events';
import type { ArqsignFact } from '../../../src/shared/events/arqsign-events';
import { SigningProcessesService } from '../../../src/signing-processes';
import { createProcess, eventually, history, ofType, processUntil, startWebhookService, type WebhookTestService } from '../webhooks/support';

/**
 * The signing-processes module seen from outside, through its entry file
 * (src/signing-processes/index.ts): the facade queries the webhooks module uses, and the
 * `arqsign.*` events it consumes — published here as webhooks would, durably, in a transaction.
 */
describe('signing-processes public API: the facade and the arqsign.* events it consumes', () => {
  let t: WebhookTestService;
  let facade: SigningProcessesService;
  let publish: (fact: ArqsignFact, eventId?: string) => Promise<string>;

  beforeAll(async () => {
    t = await startWebhookService();
    facade = t.service.app.get(SigningProcessesService);
    const events = t.service.app.get(DurableEvents);
    const dataSource = t.service.app.get(DataSource);
    publish = async (fact, eventId = randomUUID()) => {
      await dataSource.transaction((manager) => events.publish(manager, [{ eventId, name: fact.name, key: null, payload: fact.payload }]));
      return eventId;
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says which ArqSIGN process is ours, and adopts no uncertain send that does not exist', async () => {
    const created = await createProcess(t, [{ name: 'Fia Fachada', email: 'fia.fachada@example.com' }]);
    expect(await facade.processIdOfArqsign(created.arqsignProcessId.toUpperCase())).toBe(created.id);
    expect(await facade.processIdOfArqsign(randomUUID())).toBeNull();
    expect(await facade.adoptUncertainSend({ arqsignProcessId: randomUUID(), processName: 'Nada', recipients: [{ email: 'x@example.com', phone: null }], receivedAt: new Date() })).toBeNull();
  });

  it('applies an arqsign.process.cancelled once (a republished event is a no-op) and reports the outcome by delivery', async () => {
    const created = await createProcess(t, [{ name: 'Caio Cancelado', email: 'caio.cancelado@example.com' }]);
    const deliveryId = randomUUID();
    const fact: ArqsignFact = {
      name: 'arqsign.process.cancelled',
      payload: { deliveryId, arqsignProcessId: created.arqsignProcessId, receivedAt: new Date().toISOString(), signers: [], cancelledAt: null, cancelledBy: 'Operadora' },
    };
    const eventId = await publish(fact);
    await processUntil(t, created.id, (p) => p.status === 'CANCELLED', 'CANCELLED');
    const outcomes = await eventually(async () => {
      const found = await facade.outcomesOfDeliveries([deliveryId]);
      return found.size ? found : undefined;
    }, 'the outcome');
    expect(outcomes.get(deliveryId)).toEqual({ applied: ['cancelled'] });
    expect(ofType(await history(t, created.id), 'process.cancelled')).toEqual([expect.objectContaining({ source: 'webhook', data: expect.objectContaining({ cancelledBy: 'Operadora' }) })]);

    // The same event again, and a second one after it: the first changes nothing, the second is "nothing" (already CANCELLED).
    await publish(fact, eventId);
    const laterDelivery = randomUUID();
    await publish({ ...fact, payload: { ...fact.payload, deliveryId: laterDelivery } } as ArqsignFact);
    const later = await eventually(async () => (await facade.outcomesOfDeliveries([laterDelivery])).get(laterDelivery), 'the later outcome');
    expect(later).toEqual({ nothing: 'the process is already CANCELLED' });
    expect((await facade.outcomesOfDeliveries([deliveryId])).get(deliveryId)).toEqual({ applied: ['cancelled'] });
    expect(ofType(await history(t, created.id), 'process.cancelled')).toHaveLength(1);
  });
});
