import { webhookExample } from '../testing/examples';
import { toArqsignFact, unrecognisedFact } from './arqsign-fact.mapper';
import { interpret } from './webhook-payload';

const DELIVERY = { id: 'c0000000-0000-4000-8000-000000000001', receivedAt: new Date('2026-01-10T13:00:00.000Z') };

function eventOf(name: string) {
  const result = interpret(webhookExample(name));
  if (result.kind !== 'event') throw new Error(result.kind);
  return result.event;
}

describe('toArqsignFact (interpreted delivery → arqsign.* event)', () => {
  it('a "sent" publishes nothing: it only links a process', () => {
    expect(toArqsignFact(eventOf('webhook-sent.json'), DELIVERY)).toBeNull();
  });

  it('a refusal: the delivery, the recipients as facts (no contact data), the refusal time', () => {
    const event = eventOf('webhook-refused.json');
    const fact = toArqsignFact(event, DELIVERY)!;
    expect(fact.name).toBe('arqsign.process.refused');
    expect(fact.payload).toMatchObject({ deliveryId: DELIVERY.id, arqsignProcessId: event.arqsignProcessId, receivedAt: '2026-01-10T13:00:00.000Z', refusedAt: event.cancelledAt?.toISOString() ?? null });
    const signers = (fact.payload as unknown as { signers: object[] }).signers;
    expect(signers).toHaveLength(event.signers.length);
    expect(signers.find((s: any) => s.refused)).toMatchObject({ refused: true, refusalReason: expect.any(String) });
    expect(JSON.stringify(fact.payload)).not.toMatch(/@/); // no e-mail addresses
  });

  it('every known trigger has its event; the times stay ISO strings (the payload is JSON)', () => {
    const names = ['webhook-delivery-failure.json', 'webhook-signed-by-one.json', 'webhook-cancelled.json', 'webhook-expired.json', 'webhook-resent.json', 'webhook-concluded-links.json'].map(
      (file) => toArqsignFact(eventOf(file), DELIVERY)!.name,
    );
    expect(names).toEqual(['arqsign.signer.delivery-failed', 'arqsign.signer.signed', 'arqsign.process.cancelled', 'arqsign.process.expired', 'arqsign.process.resent', 'arqsign.process.concluded']);
    const fact = toArqsignFact(eventOf('webhook-signed-by-one.json'), DELIVERY)!;
    expect(JSON.parse(JSON.stringify(fact))).toEqual(fact);
  });

  it('an unknown event with a process id → arqsign.process.unrecognised', () => {
    expect(unrecognisedFact({ eventName: 'ProcessoNovo', trigger: 42, arqsignProcessId: 'a0000000-0000-4000-8000-000000000001', accountId: null, webhookId: null }, DELIVERY)).toEqual({
      name: 'arqsign.process.unrecognised',
      payload: { deliveryId: DELIVERY.id, arqsignProcessId: 'a0000000-0000-4000-8000-000000000001', receivedAt: '2026-01-10T13:00:00.000Z', eventName: 'ProcessoNovo', trigger: 42 },
    });
  });
});
