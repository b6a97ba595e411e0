import { ProcessStatus as S, Origin, PROCESS_STATUSES, SignerStatus, TERMINAL_STATUSES } from './process-status';
import { InvalidTransitionError } from './signing-process.errors';
import { SigningProcess } from './signing-process';
import { API, later, newProcess, processIn, sendError, sentFor, SYNC, T0, WEBHOOK } from './testing/process-fixtures';
import { PROCESS_COMMANDS, ProcessCommand } from './transitions';

type Invoke = (process: SigningProcess, origin: Origin) => void;

/** One call per command, with valid arguments for the fixture process. */
const INVOKE: Record<ProcessCommand, Invoke> = {
  markSent: (p, o) => p.markSent(sentFor(p), o, later(10)),
  markSendFailed: (p, o) => p.markSendFailed(sendError, o, later(10)),
  markSendUncertain: (p, o) => p.markSendUncertain(sendError, o, later(10)),
  deferSend: (p, o) => p.deferSend(sendError, o, later(10)),
  retrySend: (p, o) => p.retrySend(o, later(10)),
  recordSignature: (p, o) => p.recordSignature(p.signers[0].id, { signedAt: later(10), data: { ip: '203.0.113.1' } }, o),
  recordDeliveryFailure: (p, o) => p.recordDeliveryFailure(p.signers[0].id, o, later(10)),
  recordRefusal: (p, o) => p.recordRefusal(p.signers[0].id, 'não concordo', o, later(10)),
  cancel: (p, o) => p.cancel('changed my mind', 'erp', o, later(10)),
  expire: (p, o) => p.expire(later(10), o),
  recordResend: (p, o) => p.recordResend({ signerIds: [p.signers[0].id], edits: [{ signerId: p.signers[0].id, email: 'maria.nova@example.com' }], automatic: false }, o, later(10)),
  complete: (p, o) => p.complete(later(10), o),
  markRestarted: (p, o) => p.markRestarted('d0000000-0000-4000-8000-000000000001', o, later(10)),
};

// The expected machine, written out independently of TRANSITIONS ('-' = illegal).
const COLUMNS: ProcessCommand[] = ['markSent', 'markSendFailed', 'markSendUncertain', 'deferSend', 'retrySend', 'recordSignature', 'recordDeliveryFailure', 'recordRefusal', 'cancel', 'expire', 'recordResend', 'complete', 'markRestarted'];
const EXPECTED: Record<S, (S | '-')[]> = {
  //              sent           failed         uncertain         defer      retry      signed         delivFail      refused    cancel       expire     resend         complete     restarted
  SENDING:        [S.IN_PROGRESS, S.SEND_FAILED, S.SEND_UNCERTAIN, S.SENDING, S.SENDING, '-',           '-',           '-',       '-',         '-',       '-',           '-',         '-'],
  SEND_UNCERTAIN: [S.IN_PROGRESS, S.SEND_FAILED, '-',              '-',       '-',       '-',           '-',           '-',       '-',         '-',       '-',           '-',         '-'],
  IN_PROGRESS:    ['-',           '-',           '-',              '-',       '-',       S.IN_PROGRESS, S.IN_PROGRESS, S.REFUSED, S.CANCELLED, S.EXPIRED, S.IN_PROGRESS, S.COMPLETED, '-'],
  EXPIRED:        ['-',           '-',           '-',              '-',       '-',       S.EXPIRED,     S.EXPIRED,     S.REFUSED, S.CANCELLED, '-',       S.IN_PROGRESS, S.COMPLETED, S.EXPIRED],
  COMPLETED:      ['-',           '-',           '-',              '-',       '-',       '-',           '-',           '-',       '-',         '-',       '-',           '-',         '-'],
  REFUSED:        ['-',           '-',           '-',              '-',       '-',       '-',           '-',           '-',       '-',         '-',       '-',           '-',         S.REFUSED],
  CANCELLED:      ['-',           '-',           '-',              '-',       '-',       '-',           '-',           '-',       '-',         '-',       '-',           '-',         S.CANCELLED],
  SEND_FAILED:    ['-',           '-',           '-',              '-',       '-',       '-',           '-',           '-',       '-',         '-',       '-',           '-',         S.SEND_FAILED],
};

const EVENT_OF: Record<ProcessCommand, string | null> = {
  markSent: 'signing.process.sent',
  markSendFailed: 'signing.process.send-failed',
  markSendUncertain: 'signing.process.send-failed',
  deferSend: null,
  retrySend: null,
  recordSignature: 'signing.signer.signed',
  recordDeliveryFailure: 'signing.signer.delivery-failed',
  recordRefusal: 'signing.process.refused',
  cancel: 'signing.process.cancelled',
  expire: 'signing.process.expired',
  recordResend: 'signing.process.resent',
  complete: 'signing.process.completed',
  markRestarted: null,
};

/** Commands that report a fact ArqSIGN observed: when they no longer apply they are recorded, not refused. */
const OBSERVABLE: ProcessCommand[] = ['recordSignature', 'recordDeliveryFailure', 'recordRefusal', 'cancel', 'expire', 'recordResend', 'complete'];

const cases = PROCESS_STATUSES.flatMap((status) => COLUMNS.map((command, i) => ({ status, command, expected: EXPECTED[status][i] })));

describe('SigningProcess state machine', () => {
  it('covers every command in the expected table', () => {
    expect([...COLUMNS].sort()).toEqual([...PROCESS_COMMANDS].sort());
  });

  describe.each(cases.filter((c) => c.expected !== '-'))('$status + $command', ({ status, command, expected }) => {
    it(`moves to ${expected} with one history entry and the right event`, () => {
      const process = processIn(status);
      INVOKE[command](process, API);
      expect(process.status).toBe(expected);
      expect(process.uncommittedHistory).toHaveLength(1);
      const [entry] = process.uncommittedHistory;
      expect(entry).toMatchObject({ fromStatus: status, toStatus: expected, source: 'api', actor: 'erp', processId: process.id });
      const events = process.pullEvents();
      expect(events.map((e) => e.name)).toEqual(EVENT_OF[command] ? [EVENT_OF[command]] : []);
      expect(entry.eventId).toBe(events[0]?.eventId ?? null);
    });
  });

  describe.each(cases.filter((c) => c.expected === '-'))('$status + $command', ({ status, command }) => {
    it('is refused as a request, changing nothing', () => {
      const process = processIn(status);
      const before = process.snapshot();
      expect(() => INVOKE[command](process, API)).toThrow(InvalidTransitionError);
      expect(process.snapshot()).toEqual(before);
      expect(process.uncommittedHistory).toHaveLength(0);
      expect(process.pullEvents()).toHaveLength(0);
    });

    if (OBSERVABLE.includes(command)) {
      it('is recorded as ignored when observed at ArqSIGN, without a status change or event', () => {
        const process = processIn(status);
        INVOKE[command](process, WEBHOOK);
        expect(process.status).toBe(status);
        expect(process.uncommittedHistory).toEqual([
          expect.objectContaining({ type: 'event.ignored', fromStatus: status, toStatus: status, source: 'webhook', data: expect.objectContaining({ event: command }) }),
        ]);
        expect(process.pullEvents()).toHaveLength(0);
      });
    }
  });

  it.each(TERMINAL_STATUSES)('%s never changes status, whatever is observed', (status) => {
    const process = processIn(status);
    for (const command of OBSERVABLE) INVOKE[command](process, SYNC);
    expect(process.status).toBe(status);
  });
});

describe('SigningProcess behaviour', () => {
  it('starts as SENDING with a creation entry and no event', () => {
    const process = SigningProcess.send(newProcess(), API, T0);
    expect(process.status).toBe(S.SENDING);
    expect(process.uncommittedHistory).toEqual([expect.objectContaining({ type: 'process.created', fromStatus: null, toStatus: S.SENDING, data: { documents: 1, signers: 3, restartedFrom: null } })]);
    expect(process.pullEvents()).toEqual([]);
    expect(process.signers.every((s) => s.status === SignerStatus.PENDING)).toBe(true);
  });

  it('links ArqSIGN ids on markSent and publishes the sent event with them', () => {
    const process = processIn(S.SENDING);
    process.markSent(sentFor(process), API, later(5));
    const snapshot = process.snapshot();
    expect(snapshot.arqsignProcessId).toBe('a0000000-0000-4000-8000-000000000001');
    expect(snapshot.signers.map((s) => s.arqsignSignerId)).toEqual(sentFor(process).signers.map((s) => s.arqsignSignerId));
    expect(snapshot.documents[0].arqsignDocumentId).toBe('c0000000-0000-4000-8000-000000000000');
    expect(snapshot.error).toBeNull();
    expect(process.pullEvents()[0]).toMatchObject({ name: 'signing.process.sent', data: { arqsignProcessId: 'a0000000-0000-4000-8000-000000000001' } });
  });

  it('keeps the error of a failed or uncertain send, and flags uncertainty on the event', () => {
    const failed = SigningProcess.send(newProcess(), API, T0);
    failed.markSendUncertain({ code: 'ARQSIGN.UNCERTAIN', message: 'timeout', arqsignMessages: [] }, API, later(1));
    expect(failed.snapshot().error).toEqual({ code: 'ARQSIGN.UNCERTAIN', message: 'timeout', arqsignMessages: [] });
    expect(failed.pullEvents()[0]).toMatchObject({ name: 'signing.process.send-failed', data: { error: 'timeout', uncertain: true } });
  });

  it('refuses to repeat a send that may have reached ArqSIGN', () => {
    const process = SigningProcess.send(newProcess(), API, T0);
    expect(() => process.retrySend(API, later(1))).toThrow(/never repeated blindly/);
  });

  it('treats a SENDING process with no outcome long after its attempt as stale', () => {
    const process = SigningProcess.send(newProcess(), API, T0);
    expect(process.isSendStale(later(30), 60_000)).toBe(false);
    expect(process.isSendStale(later(61), 60_000)).toBe(true);
    process.deferSend(sendError, API, later(1));
    expect(process.isSendStale(later(3600), 60_000)).toBe(false);
  });

  it('records a signature once: the same signature again adds nothing', () => {
    const process = processIn(S.IN_PROGRESS);
    const signerId = process.signers[0].id;
    process.recordSignature(signerId, { signedAt: later(5), data: null }, WEBHOOK);
    process.recordSignature(signerId, { signedAt: later(5), data: null }, SYNC);
    expect(process.uncommittedHistory.map((h) => h.type)).toEqual(['signer.signed']);
    expect(process.signers[0]).toMatchObject({ status: SignerStatus.SIGNED, signedAt: later(5) });
  });

  it('ignores a signature reported for a copy recipient or an unknown ArqSIGN signer', () => {
    const process = processIn(S.IN_PROGRESS);
    process.recordSignature(process.signers[2].id, { signedAt: later(5), data: null }, WEBHOOK);
    process.observe({ kind: 'signer-signed', arqsignSignerId: 'ffffffff-0000-4000-8000-000000000000', signedAt: later(6), signature: null }, WEBHOOK);
    expect(process.uncommittedHistory.map((h) => [h.type, (h.data as { reason: string }).reason])).toEqual([
      ['event.ignored', expect.stringContaining('only receives a copy')],
      ['event.ignored', expect.stringContaining('unknown ArqSIGN signer')],
    ]);
  });

  it('records a "signed" that arrives after completion as ignored', () => {
    const process = processIn(S.COMPLETED);
    process.observe({ kind: 'signer-signed', arqsignSignerId: process.signers[0].arqsignSignerId!, signedAt: later(20), signature: null }, WEBHOOK);
    expect(process.status).toBe(S.COMPLETED);
    expect(process.uncommittedHistory).toEqual([expect.objectContaining({ type: 'event.ignored', data: { event: 'recordSignature', reason: 'not applicable to a COMPLETED process' } })]);
  });

  it('maps ArqSIGN signer ids of observations to our signers', () => {
    const process = processIn(S.IN_PROGRESS);
    const [maria, joao] = process.signers;
    process.observe({ kind: 'signer-signed', arqsignSignerId: maria.arqsignSignerId!.toUpperCase(), signedAt: later(5), signature: { ip: '1.2.3.4' } }, WEBHOOK);
    process.observe({ kind: 'signer-delivery-failed', arqsignSignerId: joao.arqsignSignerId!, at: later(6) }, WEBHOOK);
    expect(process.signers.map((s) => s.status)).toEqual([SignerStatus.SIGNED, SignerStatus.DELIVERY_FAILED, SignerStatus.PENDING]);
    expect(process.snapshot().signers[0].signature).toEqual({ ip: '1.2.3.4' });
    expect(process.pullEvents().map((e) => e.name)).toEqual(['signing.signer.signed', 'signing.signer.delivery-failed']);
  });

  it('keeps the refusal reason and marks the refusing signer', () => {
    const process = processIn(S.IN_PROGRESS);
    process.observe({ kind: 'refused', arqsignSignerId: process.signers[1].arqsignSignerId, reason: 'valor errado', at: later(5) }, WEBHOOK);
    expect(process.snapshot().refusal).toEqual({ signerId: process.signers[1].id, reason: 'valor errado' });
    expect(process.signers[1]).toMatchObject({ status: SignerStatus.REFUSED, refusalReason: 'valor errado' });
    expect(process.pullEvents()[0]).toMatchObject({ name: 'signing.process.refused', data: { reason: 'valor errado', signer: { signerId: process.signers[1].id } } });
  });

  it('applies resend edits, clears delivery failures of re-delivered signers and leaves EXPIRED', () => {
    const process = processIn(S.EXPIRED);
    const [maria, joao] = process.signers;
    process.recordDeliveryFailure(joao.id, WEBHOOK, later(3));
    process.recordResend({ signerIds: [maria.id, joao.id], edits: [{ signerId: joao.id, email: 'joao.novo@example.com' }], automatic: false }, API, later(4));
    expect(process.status).toBe(S.IN_PROGRESS);
    expect(process.signers[1]).toMatchObject({ email: 'joao.novo@example.com', status: SignerStatus.PENDING });
    expect(process.snapshot().expiredAt).toBeNull();
    expect(process.pullEvents().map((e) => e.name)).toEqual(['signing.signer.delivery-failed', 'signing.process.resent']);
  });

  it('restarts a process once', () => {
    const process = processIn(S.CANCELLED);
    process.markRestarted('d0000000-0000-4000-8000-000000000001', API, later(5));
    expect(process.snapshot().restartedTo).toBe('d0000000-0000-4000-8000-000000000001');
    expect(() => process.markRestarted('d0000000-0000-4000-8000-000000000002', API, later(6))).toThrow(/Already restarted/);
  });

  it('clears history and bumps the version once saved', () => {
    const process = processIn(S.IN_PROGRESS);
    process.cancel(null, 'erp', API, later(5));
    process.markSaved(process.version + 1);
    expect(process.uncommittedHistory).toHaveLength(0);
    expect(process.version).toBe(1);
  });
});
