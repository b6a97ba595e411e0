import { DeliveryChannel, ProcessStatus, SignatureType, SignerStatus } from '../../signing-processes/domain/process-status';
import { SigningProcess } from '../../signing-processes/domain/signing-process';
import { API, newProcess, newSigner, sentFor, T0, WEBHOOK } from '../../signing-processes/domain/testing/process-fixtures';
import { ReactionKind } from '../inbox/webhook-reaction.entity';
import { Trigger, WebhookEvent } from '../interpretation/webhook-payload';
import { planReactions } from './reaction-planner';

const ON = { autoResendOnDeliveryFailure: true, autoRenewOnExpiryMax: 1 };
const NONE = { resentSigners: new Set<string>(), renewals: 0 };

function linked(signer: Parameters<typeof newSigner>[0]): SigningProcess {
  const process = SigningProcess.send(newProcess({ signers: [newSigner(signer)] }), API, T0);
  process.markSent(sentFor(process), API, T0);
  return process;
}

function failed(process: SigningProcess): WebhookEvent {
  const arqsignSignerId = process.signers[0].arqsignSignerId!;
  process.observe({ kind: 'signer-delivery-failed', arqsignSignerId, at: T0 }, WEBHOOK);
  return { trigger: Trigger.DELIVERY_FAILED, signers: [{ arqsignSignerId, deliveryFailed: true }] } as unknown as WebhookEvent;
}

describe('planReactions', () => {
  it('delivery failure by e-mail, phone known, electronic signature → resend over WhatsApp', () => {
    const process = linked({ phone: '+5511999990000' });
    expect(planReactions(failed(process), process, ON, NONE)).toEqual([{ kind: ReactionKind.RESEND_OTHER_CHANNEL, signerId: process.signers[0].id }]);
  });

  it('delivery failure over WhatsApp, e-mail known → resend by e-mail', () => {
    const process = linked({ phone: '+5511999990000', delivery: DeliveryChannel.WHATSAPP });
    expect(planReactions(failed(process), process, ON, NONE)).toHaveLength(1);
  });

  it.each([
    ['no other channel known', { phone: null }, ON, NONE],
    ['WhatsApp impossible for a certificate signature', { phone: '+5511999990000', options: { ...newSigner().options, signatureType: SignatureType.ICP_BRASIL } }, ON, NONE],
    ['AUTO_RESEND_ON_DELIVERY_FAILURE=false', { phone: '+5511999990000' }, { ...ON, autoResendOnDeliveryFailure: false }, NONE],
  ])('no resend: %s', (_what, signer, policy, history) => {
    const process = linked(signer as never);
    expect(planReactions(failed(process), process, policy, history)).toEqual([]);
  });

  it('no second automatic resend for the same signer', () => {
    const process = linked({ phone: '+5511999990000' });
    const event = failed(process);
    expect(planReactions(event, process, ON, { resentSigners: new Set([process.signers[0].id]), renewals: 0 })).toEqual([]);
  });

  it('no resend for a signer that is not DELIVERY_FAILED any more', () => {
    const process = linked({ phone: '+5511999990000' });
    const event = { trigger: Trigger.DELIVERY_FAILED, signers: [{ arqsignSignerId: process.signers[0].arqsignSignerId, deliveryFailed: true }] } as unknown as WebhookEvent;
    expect(process.signers[0].status).toBe(SignerStatus.PENDING);
    expect(planReactions(event, process, ON, NONE)).toEqual([]);
  });

  it('expiry → renew while fewer than AUTO_RENEW_ON_EXPIRY_MAX renewals ran', () => {
    const process = linked({});
    process.expire(T0, WEBHOOK);
    expect(process.status).toBe(ProcessStatus.EXPIRED);
    const event = { trigger: Trigger.EXPIRED, signers: [] } as unknown as WebhookEvent;
    expect(planReactions(event, process, ON, NONE)).toEqual([{ kind: ReactionKind.RENEW_ON_EXPIRY, signerId: null }]);
    expect(planReactions(event, process, ON, { ...NONE, renewals: 1 })).toEqual([]);
    expect(planReactions(event, process, { ...ON, autoRenewOnExpiryMax: 3 }, { ...NONE, renewals: 2 })).toHaveLength(1);
    expect(planReactions(event, process, { ...ON, autoRenewOnExpiryMax: 0 }, NONE)).toEqual([]);
  });

  it('no renewal when the process is not EXPIRED (e.g. completed meanwhile)', () => {
    const process = linked({});
    expect(planReactions({ trigger: Trigger.EXPIRED, signers: [] } as unknown as WebhookEvent, process, ON, NONE)).toEqual([]);
  });
});
