import { AutomaticReaction, plannedReactions } from './automatic-reactions.policy';
import { DeliveryChannel, ProcessStatus, SignatureType } from './process-status';
import { SigningProcess } from './signing-process';
import { API, newProcess, newSigner, sentFor, SYNC, T0, WEBHOOK } from './testing/process-fixtures';

const ON = { autoResendOnDeliveryFailure: true, autoRenewOnExpiryMax: 1 };
const NONE = { resentSigners: new Set<string>(), renewals: 0 };

function linked(signer: Parameters<typeof newSigner>[0]): SigningProcess {
  const process = SigningProcess.send(newProcess({ signers: [newSigner(signer)] }), API, T0);
  process.markSent(sentFor(process), API, T0);
  return SigningProcess.restore(process.snapshot()); // a stored process: no uncommitted history
}

/** The change a delivery failure makes, learnt through `origin` (webhook or sync). */
function failed(process: SigningProcess, origin = WEBHOOK) {
  process.observe({ kind: 'signer-delivery-failed', arqsignSignerId: process.signers[0].arqsignSignerId!, at: T0 }, origin);
  return { process: process.snapshot(), history: process.uncommittedHistory };
}

describe('automatic-reaction policy', () => {
  it.each([
    ['a webhook', WEBHOOK],
    ['a sync', SYNC],
  ])('delivery failure learnt through %s, by e-mail, phone known, electronic signature → resend over WhatsApp', (_how, origin) => {
    const process = linked({ phone: '+5511999990000' });
    const change = failed(process, origin);
    expect(plannedReactions(change.process, change.history, ON, NONE)).toEqual([{ kind: AutomaticReaction.RESEND_OTHER_CHANNEL, signerId: process.signers[0].id }]);
  });

  it('delivery failure over WhatsApp, e-mail known → resend by e-mail', () => {
    const change = failed(linked({ phone: '+5511999990000', delivery: DeliveryChannel.WHATSAPP }));
    expect(plannedReactions(change.process, change.history, ON, NONE)).toHaveLength(1);
  });

  it.each([
    ['no other channel known', { phone: null }, ON, NONE],
    ['WhatsApp impossible for a certificate signature', { phone: '+5511999990000', options: { ...newSigner().options, signatureType: SignatureType.ICP_BRASIL } }, ON, NONE],
    ['AUTO_RESEND_ON_DELIVERY_FAILURE=false', { phone: '+5511999990000' }, { ...ON, autoResendOnDeliveryFailure: false }, NONE],
  ])('no resend: %s', (_what, signer, settings, soFar) => {
    const change = failed(linked(signer as never));
    expect(plannedReactions(change.process, change.history, settings, soFar)).toEqual([]);
  });

  it('no second automatic resend for the same signer', () => {
    const process = linked({ phone: '+5511999990000' });
    const change = failed(process);
    expect(plannedReactions(change.process, change.history, ON, { resentSigners: new Set([process.signers[0].id]), renewals: 0 })).toEqual([]);
  });

  it('a change that does not record the failure plans nothing, even with the signer DELIVERY_FAILED (another source already reported it)', () => {
    const process = linked({ phone: '+5511999990000' });
    const change = failed(process);
    expect(plannedReactions(change.process, [], ON, NONE)).toEqual([]);
  });

  it('expiry → renew while fewer than AUTO_RENEW_ON_EXPIRY_MAX renewals ran, whichever way it was learnt', () => {
    for (const origin of [WEBHOOK, SYNC]) {
      const process = linked({});
      process.expire(T0, origin);
      expect(process.status).toBe(ProcessStatus.EXPIRED);
      const [props, history] = [process.snapshot(), process.uncommittedHistory];
      expect(plannedReactions(props, history, ON, NONE)).toEqual([{ kind: AutomaticReaction.RENEW_ON_EXPIRY, signerId: null }]);
      expect(plannedReactions(props, history, ON, { ...NONE, renewals: 1 })).toEqual([]);
      expect(plannedReactions(props, history, { ...ON, autoRenewOnExpiryMax: 3 }, { ...NONE, renewals: 2 })).toHaveLength(1);
      expect(plannedReactions(props, history, { ...ON, autoRenewOnExpiryMax: 0 }, NONE)).toEqual([]);
    }
  });

  it('no renewal when the process is not EXPIRED (e.g. completed meanwhile)', () => {
    const process = linked({});
    expect(plannedReactions(process.snapshot(), [], ON, NONE)).toEqual([]);
  });
});
