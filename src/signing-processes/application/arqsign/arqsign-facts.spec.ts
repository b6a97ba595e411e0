import type { ArqsignFact } from '../../../shared/events/arqsign-events';
// The payloads come through the webhooks' interpretation, as in production (a spec may reach there).
import { toArqsignFact } from '../../../webhooks/interpretation/arqsign-fact.mapper';
import { interpret } from '../../../webhooks/interpretation/webhook-payload';
import { webhookExample } from '../../../webhooks/testing/examples';
import { ProcessStatus, SignerStatus } from '../../domain/process-status';
import type { SigningProcess } from '../../domain/signing-process';
import { processIn, WEBHOOK } from '../../domain/testing/process-fixtures';
import { factsFor } from './arqsign-facts';

const RECEIVED = new Date('2026-01-10T13:00:00.000Z');
/** The fixture links our signers to these ArqSIGN ids (process-fixtures `sentFor`). */
const ARQ = ['b0000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002'];
const ARQ_PROCESS = 'a0000000-0000-4000-8000-000000000001';

/** An example payload rewritten for the fixture process: example signer i → our signer i. */
function eventFrom(name: string, edit: (json: any) => void = () => undefined): ArqsignFact {
  const json = webhookExample(name);
  json.IdProcesso = ARQ_PROCESS;
  const ids: Record<string, string> = { '5e1f0c2a-3333-4a2b-9c3d-000000000301': ARQ[0], '5e1f0c2a-3333-4a2b-9c3d-000000000302': ARQ[1] };
  for (const signer of json.Signatarios ?? []) signer.Id = ids[signer.Id] ?? signer.Id;
  edit(json);
  return factOf(json);
}

function factOf(json: unknown): ArqsignFact {
  const result = interpret(json);
  if (result.kind !== 'event') throw new Error(result.kind);
  const fact = toArqsignFact(result.event, { id: 'c0000000-0000-4000-8000-000000000001', receivedAt: RECEIVED });
  if (!fact) throw new Error('no fact');
  return fact;
}

function apply(process: SigningProcess, event: ArqsignFact, context = {}) {
  const decision = factsFor(event, process, context);
  if (decision.kind === 'apply') for (const fact of decision.observations) process.observe(fact, WEBHOOK);
  return decision;
}

describe('factsFor (arqsign.* fact → observations for the aggregate)', () => {
  it('an unrecognised delivery → re-read from ArqSIGN', () => {
    const fact: ArqsignFact = { name: 'arqsign.process.unrecognised', payload: { deliveryId: 'd', arqsignProcessId: ARQ_PROCESS, receivedAt: RECEIVED.toISOString(), eventName: 'ProcessoNovo', trigger: 42 } };
    expect(factsFor(fact, processIn(ProcessStatus.IN_PROGRESS), {})).toEqual({ kind: 'sync', reason: 'unknown event ProcessoNovo: re-read from ArqSIGN' });
  });

  it('signed: the signer signs with ArqSIGN\'s date and data; the same delivery again adds nothing', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    const event = eventFrom('webhook-signed-by-one.json');
    expect(apply(process, event)).toMatchObject({ kind: 'apply', observations: [{ kind: 'signer-signed', arqsignSignerId: ARQ[0], signedAt: new Date('2025-03-10T14:22:05Z') }] });
    expect(process.signers[0]).toMatchObject({ status: SignerStatus.SIGNED, signature: expect.objectContaining({ ip: '203.0.113.10' }) });
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['signer.signed']);
    expect(factsFor(event, process, {})).toEqual({ kind: 'stale', reason: 'the signature is already recorded' });
  });

  it('signed without a signer listed → re-read from ArqSIGN', () => {
    expect(factsFor(eventFrom('webhook-signed-by-one.json', (j) => (j.Signatarios = [])), processIn(ProcessStatus.IN_PROGRESS), {}).kind).toBe('sync');
  });

  it('delivery failure: the listed signer fails (at reception time); again → nothing', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    const event = eventFrom('webhook-delivery-failure.json');
    expect(apply(process, event)).toEqual({ kind: 'apply', observations: [{ kind: 'signer-delivery-failed', arqsignSignerId: ARQ[1], at: RECEIVED }] });
    expect(process.signers[1].status).toBe(SignerStatus.DELIVERY_FAILED);
    expect(factsFor(event, process, {}).kind).toBe('nothing');
  });

  it('refusal: earlier signatures first, then REFUSED with the reason', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    const decision = apply(process, eventFrom('webhook-refused.json'));
    expect(decision).toMatchObject({ kind: 'apply', observations: [{ kind: 'signer-signed', arqsignSignerId: ARQ[0] }, { kind: 'refused', arqsignSignerId: ARQ[1], reason: expect.any(String) }] });
    expect(process.status).toBe(ProcessStatus.REFUSED);
    expect(process.snapshot().refusal).toEqual({ signerId: process.signers[1].id, reason: expect.any(String) });
    expect(factsFor(eventFrom('webhook-refused.json'), process, {})).toEqual({ kind: 'nothing', reason: 'the process is already REFUSED' });
  });

  it('cancelled → CANCELLED (who cancelled, when); a "cancelled" after a refusal is the same closing (docs/arqsign-gaps.md#gap-19)', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    apply(process, eventFrom('webhook-cancelled.json'));
    expect(process.status).toBe(ProcessStatus.CANCELLED);
    expect(process.uncommittedHistory.at(-1)).toMatchObject({ type: 'process.cancelled', occurredAt: new Date('2025-03-12T10:00:01Z'), data: { cancelledBy: 'Ana Remetente' } });
    expect(factsFor(eventFrom('webhook-cancelled.json'), processIn(ProcessStatus.REFUSED), {}).kind).toBe('nothing');
  });

  it('expired → EXPIRED; again → nothing', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    apply(process, eventFrom('webhook-expired.json'));
    expect(process.status).toBe(ProcessStatus.EXPIRED);
    expect(factsFor(eventFrom('webhook-expired.json'), process, {}).kind).toBe('nothing');
  });

  it('resent: an EXPIRED process is back IN_PROGRESS; the echo of our own resend adds nothing', () => {
    const process = processIn(ProcessStatus.EXPIRED);
    expect(factsFor(eventFrom('webhook-resent.json'), process, { resendEcho: true })).toEqual({ kind: 'nothing', reason: 'the echo of a resend already recorded' });
    const resentAt = new Date(process.expiredAt!.getTime() + 3_600_000);
    const decision = apply(process, eventFrom('webhook-resent.json', (j) => (j.DataReenvio = resentAt.toISOString().slice(0, 19) + 'Z')));
    expect(decision).toMatchObject({ kind: 'apply', observations: [{ kind: 'signer-signed', arqsignSignerId: ARQ[0] }, { kind: 'resent', arqsignSignerIds: [ARQ[1]], at: resentAt }] });
    expect(process.status).toBe(ProcessStatus.IN_PROGRESS);
  });

  describe('events out of order (monotonic processes)', () => {
    const at = (date: Date) => date.toISOString().slice(0, 19) + 'Z';

    it('an "expired" whose deadline is not after the last resend (a renewal) is stale: the process stays IN_PROGRESS', () => {
      const process = processIn(ProcessStatus.IN_PROGRESS);
      const lastResentAt = new Date('2025-04-10T09:00:00Z'); // renewed after the 2025-04-09 deadline
      const decision = factsFor(eventFrom('webhook-expired.json'), process, { lastResentAt });
      expect(decision).toEqual({ kind: 'stale', reason: expect.stringContaining('not after the last resend') });
      // The same expiry with a deadline after the renewal is a real, new expiry.
      expect(factsFor(eventFrom('webhook-expired.json', (j) => (j.DataExpiracao = '2025-05-10T09:00:00Z')), process, { lastResentAt }).kind).toBe('apply');
    });

    it('a stale "expired" for a process that expired again is stale too (no second renewal for it)', () => {
      const process = processIn(ProcessStatus.EXPIRED);
      const lastResentAt = new Date('2025-04-10T09:00:00Z');
      expect(factsFor(eventFrom('webhook-expired.json'), process, { lastResentAt }).kind).toBe('stale');
    });

    it('an "expired" without a deadline for a process resent since cannot be ordered: re-read from ArqSIGN', () => {
      const process = processIn(ProcessStatus.IN_PROGRESS);
      const decision = factsFor(eventFrom('webhook-expired.json', (j) => (j.DataExpiracao = null)), process, { lastResentAt: new Date('2025-04-10T09:00:00Z') });
      expect(decision.kind).toBe('sync');
    });

    it('a "resent" from before the recorded expiry is stale: the process stays EXPIRED', () => {
      const process = processIn(ProcessStatus.EXPIRED);
      const before = new Date(process.expiredAt!.getTime() - 3_600_000);
      expect(factsFor(eventFrom('webhook-resent.json', (j) => (j.DataReenvio = at(before))), process, {})).toEqual({ kind: 'stale', reason: expect.stringContaining('before the expiry') });
    });

    it('a "resent" not newer than the last known resend is stale; without a date on an EXPIRED process: re-read', () => {
      const lastResentAt = new Date('2025-03-11T00:00:00Z');
      expect(factsFor(eventFrom('webhook-resent.json'), processIn(ProcessStatus.IN_PROGRESS), { lastResentAt }).kind).toBe('stale');
      expect(factsFor(eventFrom('webhook-resent.json', (j) => (j.DataReenvio = null)), processIn(ProcessStatus.EXPIRED), {}).kind).toBe('sync');
    });
  });

  it('concluded: missing signatures first (a lost "signed"), then COMPLETED; a late "signed" then adds nothing', () => {
    const process = processIn(ProcessStatus.IN_PROGRESS);
    apply(process, eventFrom('webhook-concluded-links.json'));
    expect(process.status).toBe(ProcessStatus.COMPLETED);
    expect(process.signers.slice(0, 2).map((s) => [s.status, s.signedAt?.toISOString()])).toEqual([
      [SignerStatus.SIGNED, '2025-03-10T14:22:05.000Z'],
      [SignerStatus.SIGNED, '2025-03-11T09:10:42.000Z'],
    ]);
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['signer.signed', 'signer.signed', 'process.completed']);
    expect(factsFor(eventFrom('webhook-signed-by-one.json'), process, {}).kind).toBe('stale');
    expect(factsFor(eventFrom('webhook-concluded-base64.json'), process, {})).toEqual({ kind: 'nothing', reason: 'the process is already COMPLETED' });
  });

  it('a genuinely new fact arriving too late is still observed (the aggregate records it as ignored)', () => {
    const process = processIn(ProcessStatus.CANCELLED);
    const decision = apply(process, eventFrom('webhook-refused.json'));
    expect(decision.kind).toBe('apply');
    expect(process.status).toBe(ProcessStatus.CANCELLED);
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['event.ignored', 'event.ignored']);
  });

  it('the general block alone: uses the reception time for the fact', () => {
    const json = webhookExample('webhook-general-only-camelcase.json');
    json.idProcesso = ARQ_PROCESS;
    const process = processIn(ProcessStatus.IN_PROGRESS);
    expect(apply(process, factOf(json))).toEqual({ kind: 'apply', observations: [{ kind: 'completed', completedAt: RECEIVED }] });
  });
});
